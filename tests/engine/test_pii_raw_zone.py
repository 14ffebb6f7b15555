"""The raw zone through the real PII stage: nothing after ingest, exactly the changed texts' originals after
the stage, and a re-scrub under a changed recipe starts again from those originals (not from scrubbed text)."""

from __future__ import annotations

import pytest
import yaml

from curator.catalog import connect
from curator.catalog.ids import make_sample_id
from curator.engine import load_recipe, run_recipe, select_stages
from curator.label.audit import raw_values
from tests.engine import conftest as engine_corpus

PII = make_sample_id("tickets", "pii")
ORIGINAL = {make_sample_id("tickets", r["id"]): r["text"] for r in engine_corpus.corpus()}


def _table(ws, sql: str) -> dict[str, str]:
    with connect(ws, read_only=True) as con:
        return dict(con.execute(sql).fetchall())


def _run_pii(ws, recipe_path) -> None:
    recipe = load_recipe(recipe_path)
    (report,) = run_recipe(ws, recipe, select_stages(recipe, ["pii"]), "local", 1)
    assert report.status == "succeeded"


def _pseudonym_recipe(folder):
    path = engine_corpus.test_recipe(folder)
    doc = yaml.safe_load(path.read_text())
    (stage,) = [s for s in doc["stages"] if s["stage"] == "pii"]
    stage["steps"][0]["params"] = {"replacement": "pseudonym"}
    path = folder / "recipe-pseudonym.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def scrubbed(tmp_path_factory):
    """Ingested (raw zone checked empty), then the PII stage alone (placeholders)."""
    from curator.catalog.init import init_workspace

    folder = tmp_path_factory.mktemp("rawzone")
    ws, _ = init_workspace(folder / "ws")
    engine_corpus.ingest_corpus(ws, folder)
    assert _table(ws, "SELECT sample_id, text FROM samples") == ORIGINAL
    assert _table(ws, "SELECT sample_id, text FROM raw_texts") == {}
    _run_pii(ws, engine_corpus.test_recipe(folder))
    return ws, folder


def test_exactly_the_changed_texts_keep_their_original(scrubbed):
    ws, _ = scrubbed
    current = _table(ws, "SELECT sample_id, text FROM samples")
    changed = {sid for sid, text in current.items() if text != ORIGINAL[sid]}
    assert PII in changed and len(changed) < len(ORIGINAL) // 2  # most tickets carry no PII
    assert _table(ws, "SELECT sample_id, text FROM raw_texts") == {sid: ORIGINAL[sid] for sid in changed}
    assert "<EMAIL_ADDRESS>" in current[PII] and "john.smith@example.com" not in current[PII]
    assert _table(ws, "SELECT sample_id, bool_and(pii_scrubbed) FROM samples GROUP BY 1") == dict.fromkeys(
        ORIGINAL, True
    )


def test_label_studio_audit_reads_values_from_the_raw_zone(scrubbed):
    values = raw_values(scrubbed[0])  # findings exist only for changed texts: each has its original
    raw = _table(scrubbed[0], "SELECT sample_id, text FROM raw_texts")
    assert PII in values and set(values) == set(raw)
    assert all(value in raw[sid] for sid, found in values.items() for _, value in found)
    assert {("EMAIL_ADDRESS", "john.smith@example.com"), ("PHONE_NUMBER", "555-123-4567")} <= set(values[PII])


def test_rescrub_after_a_recipe_change_starts_from_the_original(scrubbed):
    from curator.stages.pii.scrubber import PiiScrubber

    ws, folder = scrubbed
    raw_before = _table(ws, "SELECT sample_id, text FROM raw_texts")
    with connect(ws) as con:  # every sample to be scrubbed again (what a re-scrub does)
        con.execute("UPDATE samples SET pii_scrubbed = false")
    _run_pii(ws, _pseudonym_recipe(folder))
    current = _table(ws, "SELECT sample_id, text FROM samples")
    with PiiScrubber(replacement="pseudonym") as scrubber:
        expected = scrubber.scrub_many([ORIGINAL[PII]])[0].text
    assert current[PII] == expected and "<EMAIL_ADDRESS_1>" in expected  # not the placeholders of the first run
    assert _table(ws, "SELECT sample_id, text FROM raw_texts") == raw_before  # originals kept, none overwritten
    assert {sid for sid, text in current.items() if text != ORIGINAL[sid]} == set(raw_before)
