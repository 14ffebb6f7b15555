"""hybrid_langid_v1 (issue 15): lingua's second opinion for short/unsure texts; short unsure texts are flagged, not
dropped; another language is still recognized as other; the flag decision reaches the catalog with its reason."""

from __future__ import annotations

import json

import pytest
import yaml
from datatrove.data import Document

from curator.catalog import connect
from curator.engine.recipe import DEFAULT_RECIPE
from curator.errors import BadInput
from curator.stages.langid.hybrid_langid import FLAG, HybridLangId

KEEP = ["en", "de", "fr", "es", "it", "nl", "pt"]
SHORT_EN = ["Fix flaky test on win32", "bump version to 2.1.0rc1"]
POLISH = ["Dziękuję bardzo za pomoc", "Dzisiaj rano poszedłem do sklepu, żeby kupić chleb i mleko dla całej rodziny."]


def write_jsonl(path, records: list[dict]):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def docs(*texts: str) -> list[Document]:
    return [Document(text=t, id=str(i)) for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def step() -> HybridLangId:
    step = HybridLangId(keep=KEEP, min_score=0.4)
    step.warm_up()
    return step


def test_short_english_lines_are_flagged_not_dropped(step):
    batch = docs(*SHORT_EN)
    assert step.filter_batch(batch) == [True, True]
    for doc in batch:
        assert doc.metadata["language"] == "en"
        assert doc.metadata[FLAG].startswith(f"hybrid_langid_v1: short text ({len(doc.text)} chars), language unsure")
        assert doc.metadata[FLAG].endswith("kept, not dropped as unknown")


def test_unsure_drop_keeps_the_old_rule(step):
    strict = HybridLangId(keep=KEEP, min_score=0.4, unsure="drop")
    batch = docs(SHORT_EN[0])
    ok, reason = strict.filter_batch(batch)[0]
    assert not ok and reason.startswith("hybrid_langid_v1: language score ") and reason.endswith("< 0.4")
    assert FLAG not in batch[0].metadata


def test_polish_is_still_recognized_as_other(step):
    batch = docs(*POLISH)
    verdicts = step.filter_batch(batch)
    assert [d.metadata["language"] for d in batch] == ["pl", "pl"]
    assert verdicts == [(False, "hybrid_langid_v1: language pl not kept (en, de, fr, es, it, nl, pt)")] * 2


def test_lingua_runs_only_on_short_or_unsure_texts(step):
    long_clear = (
        "My parcel never arrived and the tracking page has not changed for a week, so I am asking for a refund."
    )
    got = step.predict_docs([long_clear, SHORT_EN[0]])
    assert got[0][0] == "en" and got[0][2] is False  # fastText was sure and the text is long: no lingua
    assert got[1][0] == "en" and got[1][2] is True


def test_bad_unsure_value_is_one_line_error():
    with pytest.raises(BadInput, match=r"hybrid_langid_v1: unsure must be 'flag' or 'drop', not 'maybe'"):
        HybridLangId(unsure="maybe")


def test_recipe_with_hybrid_langid_flags_short_english_with_reason(cli, ws, tmp_path):
    doc = yaml.safe_load(DEFAULT_RECIPE.read_text())
    doc["stages"] = [s for s in doc["stages"] if s["stage"] == "langid"]
    doc["stages"][0]["steps"][0]["step"] = "hybrid_langid_v1"  # opt-in (the default recipe keeps fastText alone)
    recipe = tmp_path / "langid.yaml"
    recipe.write_text(yaml.safe_dump(doc, sort_keys=False))
    rows = [{"id": f"en{i}", "text": t} for i, t in enumerate(SHORT_EN)] + [{"id": "pl", "text": POLISH[1]}]
    cli("ingest", str(write_jsonl(tmp_path / "t.jsonl", rows)), "--source", "t")
    cli("run", str(recipe))
    with connect(ws, read_only=True) as con:
        got = con.execute(
            "SELECT s.source_key, s.status, s.language, d.decision, d.reason FROM samples s "
            "JOIN decisions d USING (sample_id) WHERE d.stage = 'langid' ORDER BY 1"
        ).fetchall()
    by = {key: rest for key, *rest in got}
    for key in ("en0", "en1"):
        status, lang, decision, reason = by[key]
        assert (status, lang, decision) == ("active", "en", "flag")
        assert "short text" in reason and "language unsure" in reason
    assert tuple(by["pl"][:3]) == ("dropped", "pl", "drop")
    assert by["pl"][3] == "hybrid_langid_v1: language pl not kept (en, de, fr, es, it, nl, pt)"
