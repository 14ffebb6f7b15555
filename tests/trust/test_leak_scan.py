"""Trust: an independent leak scan over the whole loop (issue #13).

Known raw values are planted in texts (PII the default recipe's scrubber detects), in the records' other fields
(metadata) and in a line ingest rejects. The whole loop runs for real — ingest → curation run (default recipe) →
annotate push to a real Label Studio → build-split → export → samples → purge-raw — and then every file under
the workspace (all bytes; Parquet and DuckDB files also decoded), every split and export file and every Label
Studio task's data is searched for the planted values: none may be found.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curator.catalog import connect
from curator.label.client import client
from curator.label.tasks import iter_tasks
from tests.engine.conftest import corpus
from tests.trust.leakscan import scan_rows, scan_tree

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
TEXT_PII = {  # source_key -> raw values appended to that ticket (each detected by the default scrubber)
    "clean03": ["planted.person@example.org"],
    "clean05": ["4111 1111 1111 1111"],
    "clean07": ["+1 212-555-0199", "leak.probe@mailbox.example.com"],
}
REJECT = "PLANTED-REJECT-LINE-93kq"


def _metadata(i: int) -> dict[str, str]:
    return {"customer_email": f"meta{i}.probe@corp-planted.example", "note": f"PLANTED-NOTE-{i:02d}-x7"}


def _write_source(folder: Path) -> tuple[Path, list[str]]:
    rows = corpus()
    for i, row in enumerate(rows):
        row["label"] = ("billing", "shipping")[i % 2]
        row.update(_metadata(i))
        row["text"] += "".join(f" Reach me at {v} please." for v in TEXT_PII.get(row["id"], []))
    path = folder / "tickets.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"id": "bad", "text": "' + REJECT + "\n")
    planted = [v for vs in TEXT_PII.values() for v in vs] + ["555-123-4567", "john.smith@example.com", REJECT]
    planted += [v for i in range(len(rows)) for v in _metadata(i).values()]
    return path, planted


def test_no_planted_raw_value_survives_the_whole_loop(ls, cli, ws, tmp_path):
    src, planted = _write_source(tmp_path)
    out = tmp_path / "out"
    cli("ingest", str(src), "--source", "tickets")
    cli("run", str(ROOT / "pipelines" / "default.yaml"), "--workers", "1")
    with connect(ws, read_only=True) as con:  # the planted texts survived curation and were scrubbed
        scrubbed = dict(con.execute("SELECT source_key, pii_scrubbed AND status = 'active' FROM samples").fetchall())
    assert all(scrubbed[k] for k in [*TEXT_PII, "pii"]), scrubbed
    cli("annotate", "init", "--project", "leak", "--labels", "billing,shipping")
    assert json.loads(cli("annotate", "push", "--json").output)["sent"] >= 10
    cli("build-split", "s", "--label-source", "source", "--stratify", "label,note", "--min-per-class", "2")
    for fmt in ("parquet", "jsonl", "hf"):
        cli("export", "s", "--out", str(out / f"export-{fmt}"), "--format", fmt)
    for fmt in ("jsonl", "csv", "parquet"):
        cli("samples", "--status", "all", "--format", fmt, "--out", str(out / f"samples.{fmt}"))
    cli("audit", "pii", "--target", "splits")  # exit 0: nothing that left holds residual PII
    cli("audit", "pii", "--target", "files", "--path", str(out))
    assert scan_tree(ws.home, planted), "the scan must see the raw zone before the purge (else it proves nothing)"
    cli("purge-raw", "--all", "--yes")

    assert scan_tree(ws.home, planted) == []  # catalog file included, after purge-raw
    assert scan_tree(out, planted) == []
    sdk = client(ws)
    with connect(ws, read_only=True) as con:
        (project_id,) = con.execute("SELECT ls_project_id FROM ls_projects WHERE name = 'leak'").fetchone()
    tasks = [(f"task {t.id}", t.data) for t in iter_tasks(sdk, int(project_id), "id,data")]
    assert len(tasks) >= 10 and all(set(data) == {"text", "sample_id"} for _, data in tasks)
    assert scan_rows(tasks, planted) == []


def test_label_studio_audits_read_every_task_field(ls, ws):
    from curator.label.audit import audit_tasks
    from curator.label.project import InitOptions, init_project
    from curator.stages.pii.audit import audit

    init_project(ws, InitOptions("fields", labels=["billing", "shipping"]))
    with connect(ws, read_only=True) as con:
        (project_id,) = con.execute("SELECT ls_project_id FROM ls_projects WHERE name = 'fields'").fetchone()
    email = "field.probe@example.org"
    task = {"data": {"text": "a clean ticket about a late parcel", "sample_id": "s1", "customer_email": email}}
    client(ws).projects.import_tasks(project_id, request=[task])
    report = audit(ws, "labelstudio")
    assert [i["types"] for i in report["items"]] == [{"EMAIL_ADDRESS": 1}]
    assert report["items"][0]["id"].endswith(":s1:customer_email")
    tasks = audit_tasks(ws, "fields")
    assert not tasks["ok"] and [t["fields"] for t in tasks["extra_fields"]] == [["customer_email"]]
    assert email not in json.dumps(report) + json.dumps(tasks)
