"""Junk of technical data (pasted diffs, base64/hex blobs, stack-trace-like noise) and the short-text edits that
near-duplicate detection must see in chat and technical notes (a 1-4 word prefix or suffix, a changed number)."""

from __future__ import annotations

import base64
import random
import re

import junk

FILES = ["src/main.c", "lib/util.py", "debian/rules", "Makefile", "cmd/root.go", "app/models.rb", "index.js"]
SYMBOLS = ["_ZN4core3ptr", "__libc_start_main", "??", "std::__1::basic_string", "0x0", "<lambda>", "_start"]


def pasted_diff(rng: random.Random, texts: list[str]) -> str:
    """A unified diff pasted as a message: lines of real notes removed and re-added with small changes."""
    path = rng.choice(FILES)
    lines = [line for t in rng.sample(texts, 3) for line in t.splitlines()][: rng.randint(2, 6)]
    start = rng.randint(1, 400)
    out = [f"diff --git a/{path} b/{path}", f"--- a/{path}", f"+++ b/{path}", f"@@ -{start},{len(lines)} +{start},"]
    out[-1] += f"{len(lines)} @@"
    for line in lines:
        out += [f"-{line}", f"+{line.replace(' ', '  ', 1)}"] if rng.random() < 0.6 else [f" {line}"]
    return "\n".join(out)


def base64_blob(rng: random.Random, texts: list[str]) -> str:
    blob = base64.b64encode(rng.randbytes(rng.randint(40, 300))).decode()
    if rng.random() < 0.5:
        return "\n".join(blob[i : i + 76] for i in range(0, len(blob), 76))
    return blob


def hex_blob(rng: random.Random, texts: list[str]) -> str:
    data = rng.randbytes(rng.randint(16, 128))
    if rng.random() < 0.5:
        return data.hex()
    rows = []
    for i in range(0, len(data), 16):
        chunk = data[i : i + 16]
        shown = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        rows.append(f"{i:08x}  {' '.join(f'{b:02x}' for b in chunk):<47}  |{shown}|")
    return "\n".join(rows)


def stack_noise(rng: random.Random, texts: list[str]) -> str:
    frames = []
    for i in range(rng.randint(4, 10)):
        address = f"0x{rng.getrandbits(48):012x}"
        frames.append(f"#{i} {address} in {rng.choice(SYMBOLS)}{rng.getrandbits(16):x} () from /usr/lib/lib{i}.so")
    return "\n".join(frames)


def repeated_note(rng: random.Random, texts: list[str]) -> str:
    line = rng.choice([t for t in texts if "\n" not in t] or texts)
    return "\n".join([line] * rng.randint(4, 10))


def keyboard_mash(rng: random.Random, texts: list[str]) -> str:
    return junk.keyboard_mash(rng, [])


TECH_JUNK = {
    "pasted_diff": pasted_diff,
    "base64_blob": base64_blob,
    "hex_blob": hex_blob,
    "stack_noise": stack_noise,
    "repeated_lines": repeated_note,
    "keyboard_mash": keyboard_mash,
}


def _words(texts: list[str]) -> list[str]:
    return sorted({w for t in texts[:500] for w in junk.WORD.findall(t)}) or ["word"]


CHAT_JUNK = {
    "ascii_art": lambda rng, texts: junk.ascii_art(rng, _words(texts)),
    "symbol_noise": lambda rng, texts: junk.symbol_noise(rng, _words(texts)),
    "repeated_lines": repeated_note,
    "keyboard_mash": keyboard_mash,
}

PREFIXES = {
    "conversational": ["[WIP] ", "FYI: ", "Re: ", "Fwd: ", "PSA: ", "Quick question: ", "Update: ", "Sorry, "],
    "technical": ["[WIP] ", "FYI: ", "backport: ", "[PATCH] ", "d/changelog: ", "Cherry-pick: ", "Update: "],
}
SUFFIXES = {
    "conversational": [" (forwarded)", " Thanks!", " thx", " :)", " (again)", " Any ideas?", " - sent from my phone"],
    "technical": [" (forwarded)", " [skip ci]", " (backported)", " (again)", " - see above", " (LP: #2041)"],
}
NUMBER = re.compile(r"\d+")


def prefixed(text: str, rng: random.Random, kind: str) -> str:
    return rng.choice(PREFIXES[kind]) + text


def suffixed(text: str, rng: random.Random, kind: str) -> str:
    return text + rng.choice(SUFFIXES[kind])


def number_changed(text: str, rng: random.Random, kind: str) -> str:
    """One number of the text changed (the builder picks texts with a number for this edit)."""
    found = list(NUMBER.finditer(text))
    m = rng.choice(found)
    new = str(int(m.group()) + rng.randint(1, 9))
    return text[: m.start()] + new + text[m.end() :]


def word_changed(text: str, rng: random.Random, kind: str) -> str:
    """One word replaced by another word of the same text (short texts: one word is already a real edit)."""
    words = junk.WORD.findall(text)
    matches = list(junk.WORD.finditer(text))
    m = rng.choice(matches)
    others = [w for w in words if w.lower() != m.group().lower()] or ["really"]
    return text[: m.start()] + rng.choice(others) + text[m.end() :]


EDITS = {
    "exact": lambda text, rng, kind: text,
    "punct_case": lambda text, rng, kind: junk.punct_case(text, rng, []),
    "prefix": prefixed,
    "suffix": suffixed,
    "number_changed": number_changed,
    "word_changed": word_changed,
}
