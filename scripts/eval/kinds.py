"""The conversational and technical kinds of the set: each scorer file's records of one kind, for one split.

Their pools are split before anything is built: a source text (after near-duplicates among the sources are left
out) belongs to dev or test by a seeded hash of itself, so no text, nor any copy of it, is in both. Within a
split a text may serve several scorer files (the chat corpus is small), never twice in one file except as a
planted copy.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import inject_chat
import inject_tech
import junk_short

# per split and kind: records of each scorer file (about 400-600 texts each)
SIZES = {
    "pii": 520,
    "langid_per_kept": 60,
    "langid_per_other": 12,
    "clean": 300,
    "junk_per_kind": 150,
    "pairs": 110,
    "singles": 200,
}
MIN_PAIR_WORDS = 4


@dataclass
class Kind:
    name: str  # conversational | technical
    prefix: str  # of record ids
    pools: dict[str, list[str]]  # language -> this split's texts, in seeded order
    junk: dict[str, Callable[[random.Random, list[str]], str]]
    pii_langs: list[tuple[str, float]]  # language and its share of the PII file
    sizes: dict[str, int] = field(default_factory=lambda: dict(SIZES))  # smaller for a test's slice

    def inject(self, text: str, lang: str, rng: random.Random) -> tuple[str, list[dict], str]:
        if self.name == "conversational":
            return inject_chat.inject_turn(text, lang, rng)
        return inject_tech.inject_note(text, rng)


def _stream(pool: list[str]):
    """The pool's texts in order, then again from the start (a text serves once per file, pools are not exhausted)."""
    while True:
        yield from pool


def _mixed(kind: Kind, rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n (language, text) of the kind's main languages by their shares, each text at most once."""
    langs, weights = zip(*kind.pii_langs, strict=True)
    streams = {lang: iter(kind.pools[lang]) for lang in langs}
    out = []
    for _ in range(n):
        lang = rng.choices(langs, weights)[0]
        text = next(streams[lang], None)
        if text is None:
            lang, text = "en", next(streams["en"])
        out.append((lang, text))
    return out


def pii(kind: Kind, rng: random.Random) -> list[dict]:
    out = []
    for i, (lang, text) in enumerate(_mixed(kind, rng, kind.sizes["pii"])):
        rec = {"id": f"{kind.prefix}-pii-{i:05d}", "text": text, "lang": lang, "pii": [], "template": None}
        if rng.random() < 0.65:
            rec["text"], rec["pii"], rec["template"] = kind.inject(text, lang, rng)
        out.append(rec)
    return out


def langid(kind: Kind, rng: random.Random) -> list[dict]:
    out = []
    for lang, pool in sorted(kind.pools.items()):
        n = kind.sizes["langid_per_kept"] if lang in inject_chat.LOCAL else kind.sizes["langid_per_other"]
        n = n * 7 if kind.name == "technical" else n  # technical notes are English: the same file size
        out += [{"id": f"{kind.prefix}-lang-{lang}-{i:04d}", "text": t, "lang": lang} for i, t in enumerate(pool[:n])]
    return out


def quality(kind: Kind, rng: random.Random) -> list[dict]:
    clean = [t for _, t in _mixed(kind, rng, kind.sizes["clean"])]
    out = [
        {"id": f"{kind.prefix}-q-clean-{i:04d}", "text": t, "class": "clean", "junk_kind": None}
        for i, t in enumerate(clean)
    ]
    per_kind = kind.sizes["junk_per_kind"] // len(kind.junk)
    for name, make in kind.junk.items():
        for i in range(per_kind):
            text = make(rng, clean).strip()
            out.append({"id": f"{kind.prefix}-q-{name}-{i:04d}", "text": text, "class": "junk", "junk_kind": name})
    return out


def _copy(base: str, edit: str, kind: Kind, rng: random.Random) -> str:
    copy = junk_short.EDITS[edit](base, rng, kind.name)
    if edit != "exact" and copy == base:  # a punctuation edit of a text without punctuation
        copy = base.upper() if base.upper() != base else base.lower()
    return copy


def dedup(kind: Kind, rng: random.Random) -> list[dict]:
    texts = [t for _, t in _mixed(kind, rng, kind.sizes["pairs"] * 3 + kind.sizes["singles"])]
    bases = [t for t in texts if len(t.split()) >= MIN_PAIR_WORDS]
    with_number = [t for t in bases if junk_short.NUMBER.search(t)]
    edits, out, used = list(junk_short.EDITS), [], set()
    for i in range(kind.sizes["pairs"]):
        edit = edits[i % len(edits)]
        pool = with_number if edit == "number_changed" and with_number else bases
        base = next(t for t in pool if t not in used)
        used.add(base)
        out.append({"id": f"{kind.prefix}-dup-{i:04d}-a", "text": base, "dup_of": None, "edit": None})
        copy = {"id": f"{kind.prefix}-dup-{i:04d}-b", "text": _copy(base, edit, kind, rng), "edit": edit}
        out.append({**copy, "dup_of": f"{kind.prefix}-dup-{i:04d}-a"})
    singles = [t for t in texts if t not in used][: kind.sizes["singles"]]
    out += [
        {"id": f"{kind.prefix}-single-{i:04d}", "text": t, "dup_of": None, "edit": None} for i, t in enumerate(singles)
    ]
    rng.shuffle(out)
    return out


def build(kind: Kind, seed: int, split: str) -> dict[str, list[dict]]:
    """The four scorer files' records of one kind for one split (each its own seeded rng)."""
    sets = {}
    for task, make in (("pii", pii), ("langid", langid), ("quality", quality), ("dedup", dedup)):
        rng = random.Random(f"{seed}:{kind.name}:{split}:{task}")
        sets[task] = [{**r, "kind": kind.name} for r in make(kind, rng)]
    return sets
