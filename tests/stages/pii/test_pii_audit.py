"""`curator audit pii`: residual PII planted after scrubbing is found, by type and id, never by value."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import curator.cli.pii  # noqa: F401  (registers `audit pii` and `purge-raw` until the lead imports it)
from curator.catalog import connect, transaction
from curator.errors import CuratorError
from curator.stages.pii.audit import audit

PLANTED = "Also, my SSN is 536-22-8741."


def test_clean_scrubbed_catalog_passes(ws, scrubber, scrubbed_catalog) -> None:
    report = audit(ws, "catalog", scrubber)
    assert report["ok"] and report["scanned"] == 3 and report["with_pii"] == 0  # t4 is not scrubbed: not scanned


def test_planted_residual_pii_is_reported_by_type_and_id_without_the_value(ws, scrubber, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET text = text || ' ' || ? WHERE sample_id = ?", [PLANTED, ids["t2"]])
    report = audit(ws, "catalog", scrubber)
    assert not report["ok"]
    assert report["by_type"] == {"US_SSN": 1}
    assert report["items"] == [{"id": ids["t2"], "types": {"US_SSN": 1}}]
    saved = (ws.reports_dir / report["report_path"].rsplit("/", 1)[1]).read_text()
    assert "536-22-8741" not in saved and "536-22-8741" not in json.dumps(report)


def test_splits_parquet_files_are_scanned(ws, scrubber) -> None:
    part = ws.splits_dir / "demo" / "v1"
    part.mkdir(parents=True)
    texts = ["Thanks, the <PERSON> ticket is solved.", "Write to maria.garcia@gmail.com about it."]
    pq.write_table(pa.table({"sample_id": ["a", "b"], "text": texts, "label": ["x", "y"]}), part / "train.parquet")
    report = audit(ws, "splits", scrubber)
    assert report["scanned"] == 4  # every string column (text and label), not only text
    assert report["items"] == [{"id": "demo/v1/train.parquet:b:text", "types": {"EMAIL_ADDRESS": 1}}]


def test_cli_exits_1_on_residual_pii_and_0_when_clean(cli, ws, scrubbed_catalog) -> None:
    ids = scrubbed_catalog
    ok = cli("audit", "pii", "--target", "catalog")
    assert "with residual PII 0" in ok.output
    with connect(ws) as con, transaction(con):
        con.execute("UPDATE samples SET text = ? WHERE sample_id = ?", [PLANTED, ids["t3"]])
    bad = cli("audit", "pii", "--json", ok=False)
    assert bad.exit_code == 1
    assert json.loads(bad.output)["by_type"] == {"US_SSN": 1}


def test_unknown_target_and_missing_label_studio_are_one_line_errors(ws, scrubber, monkeypatch) -> None:
    with pytest.raises(CuratorError, match="--target 'exports'"):
        audit(ws, "exports", scrubber)
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    with pytest.raises(CuratorError, match="Label Studio"):
        audit(ws, "labelstudio", scrubber)


def test_audit_uses_the_entities_the_pii_stage_ran_with(ws) -> None:
    from curator.catalog import Run
    from curator.stages.pii.audit import stage_params

    assert stage_params(ws) == {}
    step = {
        "name": "presidio_pii_v1",
        "params": {"entities": ["EMAIL_ADDRESS"], "score_threshold": 0.5, "languages": ["en"], "n_process": 2},
    }
    config = {"recipe": {"stages": [{"stage": "pii", "steps": [step]}]}}
    with connect(ws) as con, transaction(con):
        Run("run", config, stage="pii").record(con, status="succeeded")
    assert stage_params(ws) == {"entities": ["EMAIL_ADDRESS"], "score_threshold": 0.5, "languages": ["en"]}
