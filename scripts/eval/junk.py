"""Junk texts (ascii art, symbol noise, repeated lines, keyboard mash) and near-duplicate edits of real texts."""

from __future__ import annotations

import random
import re

SYMBOLS = "#$%&*@!~^+=|<>/\\_-.:;?"
ROWS = ["qwertyuiop", "asdfghjkl;", "zxcvbnm,./", "1234567890"]
ART = "/\\|_()[]{}<>-=+*o.'`^~"


def ascii_art(rng: random.Random, words: list[str]) -> str:
    kind = rng.randrange(3)
    if kind == 0:  # a framed banner
        word = rng.choice(words).upper()
        edge = "+" + "-" * (len(word) + 4) + "+"
        return "\n".join([edge, f"|  {word}  |", edge])
    if kind == 1:  # a triangle / tree of one symbol
        ch, height = rng.choice("*#^o+"), rng.randint(4, 7)
        return "\n".join(" " * (height - i) + ch * (2 * i + 1) for i in range(height)) + "\n" + " " * height + "|"
    lines = rng.randint(3, 6)  # a block of shapes
    return "\n".join("".join(rng.choice(ART + "  ") for _ in range(rng.randint(12, 30))) for _ in range(lines))


def symbol_noise(rng: random.Random, words: list[str]) -> str:
    parts = ["".join(rng.choice(SYMBOLS) for _ in range(rng.randint(2, 9))) for _ in range(rng.randint(6, 20))]
    if rng.random() < 0.4:  # a few real words lost in the noise
        parts[rng.randrange(len(parts))] = rng.choice(words)
    return " ".join(parts)


def repeated_lines(rng: random.Random, words: list[str], line: str = "") -> str:
    line = line or " ".join(rng.choice(words) for _ in range(rng.randint(2, 6)))
    return "\n".join([line] * rng.randint(4, 10))


def keyboard_mash(rng: random.Random, words: list[str]) -> str:
    def mash() -> str:
        row = rng.choice(ROWS)
        start = rng.randrange(len(row) - 3)
        run = row[start : start + rng.randint(3, len(row) - start)]
        return run * rng.randint(1, 3) if rng.random() < 0.5 else "".join(rng.sample(run, len(run)))

    return " ".join(mash() for _ in range(rng.randint(3, 12)))


JUNK = {
    "ascii_art": ascii_art,
    "symbol_noise": symbol_noise,
    "repeated_lines": repeated_lines,
    "keyboard_mash": keyboard_mash,
}

WORD = re.compile(r"[A-Za-z]{3,}")


def words_changed(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """1 to 3 words replaced by other real words (from the pool's vocabulary)."""
    matches = list(WORD.finditer(text))
    chosen = sorted(rng.sample(matches, min(len(matches), rng.randint(1, 3))), key=lambda m: m.start())
    out, pos = [], 0
    for m in chosen:
        out += [text[pos : m.start()], rng.choice(vocabulary)]
        pos = m.end()
    return "".join(out) + text[pos:]


def punct_case(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    """Case and punctuation changed, words kept."""
    kind = rng.randrange(4)
    if kind == 0:
        return text.lower()
    if kind == 1:
        return re.sub(r"[.,;:!?()]", "", text)
    if kind == 2:
        return text.rstrip(".") + "!!" if rng.random() < 0.5 else text.replace(", ", " - ")
    return text.upper()


def exact(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    return text


EDITS = {"exact": exact, "words_changed": words_changed, "punct_case": punct_case}
