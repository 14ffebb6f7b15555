"""Slices of the real-text evaluation set (data/eval/dev) as small corpora for the profile tests."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_QUALITY = ROOT / "data" / "eval" / "dev" / "quality.jsonl"


def dev_records(kind: str | None = None, cls: str | None = None, limit: int | None = None) -> list[dict]:
    """Records of data/eval/dev/quality.jsonl (of one `kind` — prose, technical, conversational — and class)."""
    out = []
    for line in DEV_QUALITY.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if (kind is None or rec.get("kind", "prose") == kind) and (cls is None or rec["class"] == cls):
            out.append(rec)
    return out[:limit]


def write_corpus(path: Path, texts: list[str]) -> Path:
    """A JSONL file of {"id", "text"} records to ingest."""
    path.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(texts)), "utf-8")
    return path


@pytest.fixture
def corpus():
    """(dev_records, write_corpus) for a test."""
    return SimpleNamespace(records=dev_records, write=write_corpus)


# the default recipe's langid and quality stages before issue 15 (v1 steps): a fixed base for calibrate's tests
V1_RECIPE = """
version: 1
name: v1-base
stages:
  - stage: langid
    steps: [{step: fasttext_langid_v1, params: {keep: [en, de, fr, es, it, nl, pt], min_score: 0.4}}]
  - stage: quality
    steps:
      - step: outliers_v1
        params: {min_chars: 20, min_words: 3, max_chars: 20000, min_letter_ratio: 0.5,
                 max_symbol_word_ratio: 0.3, max_char_run: 10, min_unique_word_ratio: 0.3}
      - step: gopher_quality_v1
        params: {languages: [en], tokenizer: fast, min_doc_words: 5, min_stop_words: 0,
                 max_symbol_word_ratio: 0.1, max_non_alpha_words_ratio: 0.6}
      - step: gopher_repetition_v1
        params: {languages: [en], tokenizer: fast, min_words: 50}
      - step: c4_quality_v1
        params: {languages: [en], tokenizer: fast, min_num_sentences: 1, filter_no_terminal_punct: false}
      - step: fineweb_quality_v1
        params: {languages: [en], tokenizer: fast, line_punct_thr: 0.0, char_duplicates_ratio: 0.1}
"""


@pytest.fixture
def v1_base(tmp_path) -> Path:
    path = tmp_path / "v1-base.yaml"
    path.write_text(V1_RECIPE, encoding="utf-8")
    return path
