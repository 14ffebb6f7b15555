"""Build curator's real-text evaluation set (three kinds of text; deterministic, pinned, seeded).

    apt-get update -o Acquire::Languages=en,de,fr,es,it,nl,pt
    .venv/bin/python scripts/eval/build_set.py --out data/eval

Sources are Debian's own descriptions (sources.py); PII values are injected with Faker through templates
(inject.py); junk and near-duplicate edits are planted (junk.py). Texts are chosen by a seeded hash of
(language, package, description md5) over records sorted by (package, md5), near-duplicates among the sources are
skipped (so every true pair is planted), and each record (each pair, for dedup) goes to `dev` or `test` by a seeded
hash. The same lists, seed and Faker version give the same bytes; meta.json records all three.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import faker

sys.path.insert(0, str(Path(__file__).parent))
import inject  # noqa: E402
import junk  # noqa: E402
import more_kinds  # noqa: E402
import sources  # noqa: E402
from textpool import NearDupFilter, key  # noqa: E402

LANGS = ["en", "de", "fr", "es", "it", "nl", "pt"]
SIZES = {
    "pii": 2000,
    "langid_per_lang": 150,
    "quality_clean": 600,
    "quality_junk_per_kind": 75,
    "dup_pairs": 300,
    "dup_singles": 300,
}
MAX_CHARS = 500
POOL_MAX = 5000  # texts kept per language (the set uses fewer)


def variant(d: sources.Description, seed: int) -> str:
    """One text per description: its summary, its first paragraph (reflowed or as written), or both."""
    first = d.paragraphs[0] if d.paragraphs else ""
    choice = int(key(seed, "variant", d.package, d.md5)[:8], 16) % 4
    options = [d.short, " ".join(first.split()), f"{d.short}\n{first}", first]
    text = options[choice] if first else d.short
    text = text if len(text) <= MAX_CHARS else d.short
    return unicodedata.normalize("NFC", text).strip()


def pools(lists: Path, suite: str, seed: int) -> tuple[dict[str, list[str]], dict[str, dict]]:
    """Per language: candidate texts in seeded order, near-duplicates and '@' (unrecorded emails) left out."""
    english: dict[str, str] = {}
    out, inputs = {}, {}
    for lang in LANGS:
        path = sources.list_file(lists, suite, lang)
        raw = sources.read_text(path)
        inputs[lang] = {"file": path.name, "sha256_decompressed": sources.sha256(raw)}
        records = sources.parse(raw, lang)
        if lang == "en":
            english = {d.md5: d.short for d in records}
        records.sort(key=lambda d: key(seed, lang, d.package, d.md5))
        seen, texts = NearDupFilter(), []
        for d in records:
            if lang != "en" and english.get(d.md5) == d.short:  # left untranslated
                continue
            text = variant(d, seed) if lang == "en" else (d.short.strip() if len(texts) % 2 else variant(d, seed))
            if "@" not in text and len(text.strip()) >= 8 and seen.accept(text):
                texts.append(text)
            if len(texts) >= POOL_MAX:
                break
        out[lang] = texts
    return out, inputs


def build(pool: dict[str, list[str]], seed: int) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    en = iter(pool["en"])
    sets: dict[str, list[dict]] = {"pii": [], "langid": [], "quality": [], "dedup": []}
    others = {lang: iter(pool[lang][SIZES["langid_per_lang"] :]) for lang in LANGS if lang != "en"}
    for i in range(SIZES["pii"]):
        lang = "en" if rng.random() < 0.85 else rng.choice(["de", "fr", "es", "it"])
        text = next(en) if lang == "en" else next(others[lang])
        rec = {"id": f"pii-{i:05d}", "text": text, "lang": lang, "pii": [], "template": None}
        if rng.random() < 0.65:
            rec["text"], rec["pii"], rec["template"] = inject.inject(text, rng)
        sets["pii"].append(rec)
    for lang in LANGS:
        chosen = pool[lang][: SIZES["langid_per_lang"]] if lang != "en" else [next(en) for _ in range(150)]
        sets["langid"] += [{"id": f"lang-{lang}-{i:04d}", "text": t, "lang": lang} for i, t in enumerate(chosen)]
    vocabulary = sorted({w for t in pool["en"][:3000] for w in junk.WORD.findall(t)})
    for i in range(SIZES["quality_clean"]):
        sets["quality"].append({"id": f"q-clean-{i:04d}", "text": next(en), "class": "clean", "junk_kind": None})
    for kind, make in junk.JUNK.items():
        for i in range(SIZES["quality_junk_per_kind"]):
            text = make(rng, vocabulary) if kind != "repeated_lines" or i % 2 else make(rng, vocabulary, next(en))
            rec = {"id": f"q-{kind}-{i:04d}", "text": text.strip(), "class": "junk", "junk_kind": kind}
            sets["quality"].append(rec)
    edits = list(junk.EDITS)
    for i in range(SIZES["dup_pairs"]):
        base = next(en)
        while len(base.split()) < 8:
            base = next(en)
        edit = edits[i % len(edits)]
        copy = junk.EDITS[edit](base, rng, vocabulary)
        sets["dedup"].append({"id": f"dup-{i:04d}-a", "text": base, "dup_of": None, "edit": None})
        sets["dedup"].append({"id": f"dup-{i:04d}-b", "text": copy, "dup_of": f"dup-{i:04d}-a", "edit": edit})
    for i in range(SIZES["dup_singles"]):
        sets["dedup"].append({"id": f"single-{i:04d}", "text": next(en), "dup_of": None, "edit": None})
    rng.shuffle(sets["dedup"])
    return sets


def split_of(rec: dict, seed: int) -> str:
    group = rec.get("dup_of") or rec["id"]
    return "dev" if int(key(seed, "split", group)[:8], 16) % 2 == 0 else "test"


def without_reserved(records: list[dict]) -> list[dict]:
    """Records whose group (a text and its planted copies) never speaks of a reserved source: beyond the reserved
    packages themselves, descriptions of look-alike programs and clones go too (see sources.RESERVED_TEXT)."""
    bad = {r.get("dup_of") or r["id"] for r in records if sources.RESERVED_TEXT.search(r["text"])}
    return [r for r in records if (r.get("dup_of") or r["id"]) not in bad]


def write(out: Path, sets: dict[str, list[dict]], meta: dict, seed: int) -> None:
    """Prose records go to dev or test by split_of; the other kinds' records carry their split (`_split`)."""
    counts: dict[str, dict[str, int]] = {"dev": {}, "test": {}}
    per_kind: dict[str, dict[str, dict[str, int]]] = {"dev": {}, "test": {}}
    for part in ("dev", "test"):
        (out / part).mkdir(parents=True, exist_ok=True)
        for task, records in sets.items():
            rows = [r for r in records if r.get("_split", split_of(r, seed)) == part]
            rows = [{k: v for k, v in r.items() if k != "_split"} for r in rows]
            lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows]
            (out / part / f"{task}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            counts[part][task] = len(rows)
            per_kind[part][task] = dict(sorted(Counter(r["kind"] for r in rows).items()))
    meta["counts"], meta["counts_per_kind"] = counts, per_kind
    (out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":  # Faker's it_IT cities come from a set: fix string hashing
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/eval"))
    parser.add_argument("--lists", type=Path, default=Path("/var/lib/apt/lists"))
    parser.add_argument("--suite", default="bookworm")
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--cache", type=Path, default=more_kinds.DEFAULT_CACHE, help="fetch_sources.py's cache")
    args = parser.parse_args()
    pool, inputs = pools(args.lists, args.suite, args.seed)
    prose = {task: [{**r, "kind": "prose"} for r in records] for task, records in build(pool, args.seed).items()}
    others, kind_inputs = more_kinds.build_all(args.cache, args.seed)
    sets = {task: without_reserved(records + others[task]) for task, records in prose.items()}
    command = f"scripts/eval/build_set.py --out {args.out} --suite {args.suite} --seed {args.seed}"
    meta = {
        "name": "curator-eval-real-text",
        "version": 2,  # 2: three kinds of text, `kind` on every record
        "seed": args.seed,
        "faker": faker.VERSION,
        "release": sources.release(args.lists, args.suite),
        "inputs": inputs,
        "kinds": {"prose": "Debian bookworm package descriptions (inputs)", **kind_inputs},
        "apt": "apt-get update -o Acquire::Languages=en,de,fr,es,it,nl,pt",
        "command": command,
    }
    write(args.out, sets, meta, args.seed)
    print(json.dumps(meta["counts"]))


if __name__ == "__main__":
    main()
