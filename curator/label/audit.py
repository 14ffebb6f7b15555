"""Audit: no raw PII string reaches Label Studio.

Every task of the project(s) is read back from the server, and every string in its data (not only `text`) is
searched for every value the PII stage found: the value is re-read from the raw zone (`raw_texts` + `pii_findings`
offsets) in memory only, and never printed or stored (findings exist only for texts the stage changed, and exactly
those keep a raw row); a leak is reported by task, sample and entity type. Tasks whose sample is not scrubbed (or
unknown to the catalog) are reported too, and so are data fields outside the outbound allow-list
(curator.catalog.outbound.TASK_FIELDS).

That search is self-confirming: it finds only what the PII stage found. The second opinion
(curator.stages.pii.second_opinion: its own patterns, cues and first-name lexicon) reads every string field of every
task as well and reports what it flags — type, task, field, offsets and a masked preview, never the value.
"""

from __future__ import annotations

from typing import Any

from curator.catalog import connect
from curator.catalog.outbound import AUDIT_TASK_FIELDS, GENERATED, TASK_FIELDS
from curator.label.client import client, get_project
from curator.label.tasks import iter_tasks
from curator.stages.pii.audit_items import strings
from curator.stages.pii.second_opinion.review import Review
from curator.workspace import Workspace

AMBIGUOUS = {"PERSON", "LOCATION", "NRP", "ORGANIZATION", "DATE_TIME"}  # values that are also ordinary words
MIN_VALUE_CHARS = 4  # shorter findings (e.g. initials) match too much ordinary text to be a useful signal

FINDINGS_SQL = """
SELECT DISTINCT f.sample_id, f.entity_type, substring(r.text, f."start" + 1, f."end" - f."start") AS value
FROM pii_findings f JOIN raw_texts r USING (sample_id)
WHERE f."end" - f."start" >= ?
"""


def raw_values(ws: Workspace) -> dict[str, list[tuple[str, str]]]:
    """sample_id → (entity_type, raw value) for every finding still in the raw zone.

    Each task is searched for its OWN sample's values, and for every sample's values of the unambiguous types
    (emails, phones, card numbers…). A name found in one ticket ("Aurora") that is an ordinary word in another
    ("the Aurora X2 watch") is not a leak of the second.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    with connect(ws, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"pii_findings", "raw_texts"} <= tables:
            return out
        for sid, entity, value in con.execute(FINDINGS_SQL, [MIN_VALUE_CHARS]).fetchall():
            if value and value.strip():
                out.setdefault(sid, []).append((entity, value))
    return out


def audit_tasks(ws: Workspace, project_name: str | None = None, strict: bool = False) -> dict[str, Any]:
    """Read every task of the project back from Label Studio and look for raw PII values in it; the second opinion
    (an independent detector) reads every string field too and reports its flags (masked). They count in `ok`
    only when `strict`: the value search can only find what the PII stage itself found."""
    with connect(ws, read_only=True) as con:
        project = get_project(con, project_name)
        scrubbed = dict(con.execute("SELECT sample_id, pii_scrubbed FROM samples").fetchall())
    tasks = [(t.id, t.data or {}) for t in iter_tasks(client(ws), project.ls_project_id, "id,data")]
    values = raw_values(ws)
    anywhere = {(e, v) for found in values.values() for e, v in found if e not in AMBIGUOUS}
    leaks, unscrubbed, extra = [], [], []
    second = Review()
    allowed = set(AUDIT_TASK_FIELDS if project.task_type == "audit" else TASK_FIELDS)  # `curator audit decisions`
    for task_id, data in tasks:
        sid = data.get("sample_id")
        if not scrubbed.get(sid, False):
            unscrubbed.append({"task_id": task_id, "sample_id": sid})
        if set(data) - allowed:
            extra.append({"task_id": task_id, "sample_id": sid, "fields": sorted(set(data) - allowed)})
        fields = [value for _, value in strings(data)]
        for key, value in strings(data):
            if key not in GENERATED:
                second.add(f"task{task_id}:{key}", value, task_id=task_id, sample_id=sid, field=key)
        candidates = set(values.get(sid, [])) | anywhere
        for entity in sorted({entity for entity, value in candidates if any(value in f for f in fields)}):
            leaks.append({"task_id": task_id, "sample_id": sid, "entity_type": entity})
    opinion = second.report()
    return {
        "project": project.name,
        "tasks": len(tasks),
        "values_checked": sum(len(v) for v in values.values()),
        "leaks": leaks,
        "unscrubbed_tasks": unscrubbed,
        "extra_fields": extra,
        "second_opinion": opinion,
        "ok": not leaks and not unscrubbed and not extra and (opinion["ok"] or not strict),
    }
