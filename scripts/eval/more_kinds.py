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
from build_set import NearDupFilter, key

DEFAULT_CACHE = fetch_sources.DEFAULT_CACHE
PER_PACKAGE = 150  # items kept per package, so one long changelog (dpkg's) does not make the kind
CHAT_PII_LANGS = [("en", 0.55)] + [(lang, 0.075) for lang in ("de", "fr", "es", "it", "nl", "pt")]


def split_pools(texts: dict[str, list[str]], seed: int, kind: str) -> dict[str, dict[str, list[str]]]:
    """{split: {language: texts}}: seeded order per language, near-duplicates among all of them left out
    (word 3-gram Jaccard > 0.3, as for prose), each text in dev or test by a seeded hash of itself."""
    seen = NearDupFilter()
    out: dict[str, dict[str, list[str]]] = {"dev": {}, "test": {}}
    for lang in sorted(texts):
        for part in out.values():
            part[lang] = []
        for text in sorted(texts[lang], key=lambda t: key(seed, kind, lang, t)):
            if "@" in text or not seen.accept(text):
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


def build_from_pools(chat_split: dict, tech_split: dict, seed: int) -> dict[str, list[dict]]:
    """Every scorer file's conversational and technical records, each tagged with its split (`_split`)."""
    sets: dict[str, list[dict]] = {"pii": [], "langid": [], "quality": [], "dedup": []}
    for part in ("dev", "test"):
        prefix = "dev" if part == "dev" else "test"
        chat_kind = kinds.Kind(
            "conversational", f"chat-{prefix}", chat_split[part], junk_short.CHAT_JUNK, CHAT_PII_LANGS
        )
        tech_kind = kinds.Kind("technical", f"tech-{prefix}", tech_split[part], junk_short.TECH_JUNK, [("en", 1.0)])
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
