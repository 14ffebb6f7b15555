"""`curator explain` of a near-duplicate drop (issue 20): the similarity and measure its minhash_dup_v2 decision
stored, the kept sample's id, and the kept sample's first line only once PII-scrubbed — never raw text."""

from __future__ import annotations

import json

from tests.ingest.hazards import write_jsonl
from tests.splits.conftest import sid

EMAIL = "ada.lovelace@example.org"
KEPT = f"Build on win32 is green again, mail {EMAIL} if it breaks.\nSecond line that explain must not show."
RECIPE = """version: 1
name: near-dup
stages:
  - stage: dedup
    steps:
      - step: exact_dup_v1
      - step: minhash_dup_v2
  - stage: pii
    steps:
      - step: presidio_pii_v1
"""


def test_explain_of_a_near_duplicate_shows_similarity_and_kept_sample_but_no_raw_text(cli, ws, tmp_path):
    records = [
        {"id": "keep", "text": KEPT},
        {"id": "near", "text": "FYI: " + KEPT},
        {"id": "other", "text": "Can you send the invoice for March to our accountant? Thanks."},
    ]
    cli("ingest", str(write_jsonl(tmp_path / "d.jsonl", records)), "--source", "d")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(RECIPE)
    cli("run", str(recipe), "--stages", "dedup", "--workers", "1")
    keeper = sid("keep", "d")
    (dup,) = json.loads(cli("explain", "d:near", "--json").output)["duplicates"]
    assert dup["keeper"] == keeper and dup["measure"] == "char_5gram" and 0.8 < dup["similarity"] < 1
    assert dup["keeper_first_line"] is None  # the kept sample is not scrubbed yet: nothing of its text
    out = cli("explain", "d:near").output
    assert f"near duplicate of: {keeper} (status active)" in out
    assert f"similarity {dup['similarity']:.3f}, Jaccard of character 5-gram sets" in out
    assert f"minhash_dup_v2: near duplicate of {keeper} (similarity {dup['similarity']:.2f})" in out
    assert "kept sample's first line: (hidden: not PII-scrubbed yet)" in out
    assert EMAIL not in out and "green again" not in out

    cli("run", str(recipe), "--stages", "pii", "--workers", "1")  # scrubs the kept sample, not the dropped one
    (dup,) = json.loads(cli("explain", "d:near", "--json").output)["duplicates"]
    assert dup["keeper_first_line"].startswith("Build on win32 is green again, mail <")
    out = cli("explain", "d:near").output
    assert "kept sample's first line: Build on win32 is green again, mail <" in out
    assert EMAIL not in out and "Second line" not in out  # scrubbed, first line only; the drop's own text hidden
