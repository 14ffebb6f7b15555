"""Pools of the conversational and technical kinds from their pinned archives, split, and built (kinds.py).

`chat_pools` and `tech_pools` take texts already read (so tests can feed them a small committed sample);
`build_all` reads the archives fetch_sources.py left in the cache, checking each against pinned.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import changelogs
import chat
import fetch_sources
import junk_short
import kinds
from textpool import NearDupFilter, folded, key

DEFAULT_CACHE = fetch_sources.DEFAULT_CACHE
PER_PACKAGE = 150  # items kept per package, so one long changelog (dpkg's) does not make the kind
CHAT_PII_LANGS = [("en", 0.55)] + [(lang, 0.075) for lang in ("de", "fr", "es", "it", "nl", "pt")]


def split_pools(texts: dict[str, list[str]], seed: int, kind: str) -> dict[str, dict[str, list[str]]]:
    """{split: {language: texts}}: seeded order per language, near-duplicates among all of them left out
    (word 3-gram Jaccard > 0.3 as for prose, on the folded text: case, accents and numbers ignored), each text in
    dev or test by a seeded hash of itself."""
    seen = NearDupFilter()
    out: dict[str, dict[str, list[str]]] = {"dev": {}, "test": {}}
    for lang in sorted(texts):
        for part in out.values():
            part[lang] = []
        for text in sorted(texts[lang], key=lambda t: key(seed, kind, lang, t)):
            if "@" in text or not seen.accept(folded(text)):
                continue
            part = "dev" if int(key(seed, kind, "split", text)[:8], 16) % 2 == 0 else "test"
            out[part][lang].append(text)
    return out


def chat_pools(turns: dict[str, list[str]], seed: int) -> dict[str, dict[str, list[str]]]:
    return split_pools({lang: [t for t in ts if len(t) >= 8] for lang, ts in turns.items()}, seed, "conversational")


def tech_pools(items: list[tuple[str, str]], seed: int) -> dict[str, dict[str, list[str]]]:
    """At most PER_PACKAGE items of each package (chosen by seeded hash), all English."""
    by_package: dict[str, list[str]] = {}
    for package, item in items:
        by_package.setdefault(package, []).append(item)
    kept = []
    for package, its in sorted(by_package.items()):
        kept += sorted(its, key=lambda t: key(seed, "technical", package, t))[:PER_PACKAGE]
    return split_pools({"en": kept}, seed, "technical")


def build_from_pools(chat_split: dict, tech_split: dict, seed: int, sizes: dict | None = None) -> dict[str, list[dict]]:
    """Every scorer file's conversational and technical records, each tagged with its split (`_split`)."""
    sizes = sizes or kinds.SIZES
    sets: dict[str, list[dict]] = {"pii": [], "langid": [], "quality": [], "dedup": []}
    for part in ("dev", "test"):
        prefix = "dev" if part == "dev" else "test"
        chat_kind = kinds.Kind(
            "conversational", f"chat-{prefix}", chat_split[part], junk_short.CHAT_JUNK, CHAT_PII_LANGS, sizes
        )
        tech_kind = kinds.Kind(
            "technical", f"tech-{prefix}", tech_split[part], junk_short.TECH_JUNK, [("en", 1.0)], sizes
        )
        for kind in (chat_kind, tech_kind):
            for task, records in kinds.build(kind, seed, part).items():
                sets[task] += [{**r, "_split": part} for r in records]
    return sets


def build_all(cache: Path, seed: int) -> tuple[dict[str, list[dict]], dict]:
    pinned = json.loads(fetch_sources.PINNED.read_text(encoding="utf-8"))
    wheel = fetch_sources.checked(cache / "pypi" / pinned["conversational"]["file"], pinned["conversational"]["sha256"])
    packages = pinned["technical"]["packages"]
    for info in packages.values():
        fetch_sources.checked(cache / "deb" / info["file"], info["sha256"])
    chat_split = chat_pools(chat.read(wheel), seed)
    tech_split = tech_pools(changelogs.read(cache / "deb", packages), seed)
    inputs = {
        "conversational": {k: pinned["conversational"][k] for k in ("pypi", "file", "sha256")},
        "technical": {"debian": pinned["technical"]["debian"], "packages": packages},
    }
    return build_from_pools(chat_split, tech_split, seed), inputs


SAMPLE_SIZES = {
    "pii": 12,
    "langid_per_kept": 3,
    "langid_per_other": 1,
    "clean": 6,
    "junk_per_kind": 6,
    "pairs": 6,
    "singles": 3,
}


def build_sample(sample: Path, seed: int) -> dict[str, list[dict]]:
    """The same build on a small committed slice of the inputs (tests): turns per language, changelog texts."""
    data = json.loads(sample.read_text(encoding="utf-8"))
    items = [
        (p, item) for p, text in sorted(data["technical"].items()) for item in changelogs.keep(changelogs.items(text))
    ]
    chat_split = chat_pools(data["conversational"], seed)
    return build_from_pools(chat_split, tech_pools(items, seed), seed, SAMPLE_SIZES)


def main() -> None:
    """`more_kinds.py --sample FILE --out DIR`: the sample's records, one JSONL per scorer and split."""
    import argparse
    import os
    import sys

    if os.environ.get("PYTHONHASHSEED") != "0":  # as build_set.py: Faker's it_IT cities come from a set
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sample", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    for task, records in build_sample(args.sample, args.seed).items():
        for part in ("dev", "test"):
            rows = [{k: v for k, v in r.items() if k != "_split"} for r in records if r["_split"] == part]
            lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
            (args.out / part).mkdir(parents=True, exist_ok=True)
            (args.out / part / f"{task}.jsonl").write_text(lines, encoding="utf-8")


if __name__ == "__main__":
    main()
