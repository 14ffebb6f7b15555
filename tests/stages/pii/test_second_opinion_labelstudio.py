"""`curator annotate audit` with the second opinion, against the real Label Studio: a name the PII stage passed
(marked scrubbed with nothing found) reaches a task, the raw-value search (which only knows what the stage found)
sees nothing, and the independent second opinion flags it by task, field, type, offsets and a masked preview;
`--strict` fails on it."""

from __future__ import annotations

import json

import pytest

from curator.label.audit import audit_tasks
from curator.label.project import InitOptions, init_project
from curator.label.push import PushOptions, push
from tests.label.conftest import ingest_rows, mark_scrubbed_for_test, sql

pytestmark = [pytest.mark.labelstudio, pytest.mark.slow]
MISSED = "Hoi tola pikula, the mirror is down again."  # a lower-case name a scrubber can miss


def test_annotate_audit_second_opinion_flags_what_the_pii_stage_missed(ls, ws, cli) -> None:
    ingest_rows(ws, [{"id": "m1", "text": MISSED, "label": "ops"}, {"id": "m2", "text": "All good.", "label": "ok"}])
    mark_scrubbed_for_test(ws)  # as if the PII stage had passed both texts with nothing found
    assert sql(ws, "SELECT bool_and(pii_scrubbed) FROM samples")[0][0]
    init_project(ws, InitOptions("second-opinion", labels=["ops", "ok"]))
    assert push(ws, PushOptions())["sent"] == 2
    report = audit_tasks(ws)
    assert report["ok"] and report["leaks"] == []  # the raw-value search knows only what the stage found
    second = report["second_opinion"]
    assert second["by_type"] == {"PERSON": 1} and second["with_flags"] == 1
    (flag,) = second["items"]
    assert flag["field"] == "text" and MISSED[flag["start"] : flag["end"]] == "tola pikula"
    assert flag["preview"] == "t*** p*****" and "pikula" not in repr(report)
    assert audit_tasks(ws, strict=True)["ok"] is False
    out = cli("annotate", "audit", "--strict", ok=False)
    assert out.exit_code == 1 and "second opinion: 1 flags" in out.output and "pikula" not in out.output
    assert json.loads(cli("annotate", "audit", "--json").output)["second_opinion"]["flags"] == 1
