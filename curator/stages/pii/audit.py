"""`curator audit pii`: re-scan text that has left (or would leave) the raw zone and report residual PII.

Targets: `catalog` (samples.text of scrubbed samples), `splits` (every Parquet file under <workspace>/splits),
`labelstudio` (task texts read back from the server with label_studio_sdk). The report gives counts by entity
type and the ids of the samples/tasks concerned — never the values. A copy is written to <workspace>/reports/.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from curator.catalog import connect, utcnow
from curator.errors import CuratorError
from curator.stages.pii.scrubber import PiiScrubber
from curator.workspace import Workspace

TARGETS = ("catalog", "splits", "labelstudio")
CHUNK = 2048
MAX_IDS = 50

Item = tuple[str, str, str | None]  # id, text, language


def audit(ws: Workspace, target: str = "catalog", scrubber: PiiScrubber | None = None) -> dict[str, Any]:
    """Residual PII in `target`: {"target", "scanned", "with_pii", "by_type", "items": [{"id", "types"}], "ok"}."""
    if target not in TARGETS:
        raise CuratorError(f"--target {target!r}: use {', '.join(TARGETS)}")
    items = {"catalog": _catalog, "splits": _splits, "labelstudio": _labelstudio}[target](ws)
    report = scan(items, scrubber or PiiScrubber())
    report = {"target": target, "scanned_at": utcnow().isoformat(timespec="seconds"), **report}
    ws.reports_dir.mkdir(parents=True, exist_ok=True)
    path = ws.reports_dir / f"pii-audit-{target}-{utcnow().strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return {**report, "report_path": str(path)}


def stage_params(ws: Workspace) -> dict[str, Any]:
    """The presidio_pii_v1 params of the latest successful `curator run` that ran the PII stage ({} if none), so
    that the audit looks for what the stage was configured to scrub."""
    with connect(ws, read_only=True) as con:
        rows = con.execute(
            "SELECT config FROM runs WHERE stage = 'pii' AND command = 'run' AND status = 'succeeded' "
            "ORDER BY started_at DESC LIMIT 1"
        ).fetchall()
    if not rows:
        return {}
    stages = (json.loads(rows[0][0] or "{}").get("recipe") or {}).get("stages") or []
    for step in (st for stage in stages for st in stage.get("steps") or []):
        if step.get("name") == PiiScrubber.name:
            params = step.get("params") or {}
            return {k: params[k] for k in ("entities", "score_threshold", "languages") if k in params}
    return {}


def scan(items: Iterator[Item], scrubber: PiiScrubber) -> dict[str, Any]:
    """Scrub in chunks (results are thrown away) and count what the scrubber would still replace."""
    by_type: Counter[str] = Counter()
    flagged: list[dict[str, Any]] = []
    scanned = with_pii = 0
    for chunk in _chunks(items, CHUNK):
        results = scrubber.scrub_many([t for _, t, _ in chunk], [lang for _, _, lang in chunk])
        scanned += len(chunk)
        for (item_id, _, _), res in zip(chunk, results, strict=True):
            if not res.findings:
                continue
            with_pii += 1
            types = Counter(f["entity_type"] for f in res.findings)
            by_type.update(types)
            if len(flagged) < MAX_IDS:
                flagged.append({"id": item_id, "types": dict(sorted(types.items()))})
    return {"scanned": scanned, "with_pii": with_pii, "by_type": dict(by_type.most_common()), "items": flagged,
            "ok": with_pii == 0}  # fmt: skip


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _catalog(ws: Workspace) -> Iterator[Item]:
    with connect(ws, read_only=True) as con:
        cur = con.execute("SELECT sample_id, text, language FROM samples WHERE pii_scrubbed ORDER BY sample_id")
        while rows := cur.fetchmany(CHUNK):
            yield from ((str(s), str(t), lang) for s, t, lang in rows)


def _splits(ws: Workspace) -> Iterator[Item]:
    import pyarrow.parquet as pq

    for path in sorted(ws.splits_dir.glob("**/*.parquet")):
        rel = path.relative_to(ws.splits_dir)
        pf = pq.ParquetFile(path)
        if "text" not in pf.schema_arrow.names:
            continue
        cols = [c for c in ("sample_id", "text", "language") if c in pf.schema_arrow.names]
        row = 0
        for batch in pf.iter_batches(batch_size=CHUNK, columns=cols):
            data = batch.to_pydict()
            ids = data.get("sample_id") or [f"row{row + i}" for i in range(batch.num_rows)]
            langs = data.get("language") or [None] * batch.num_rows
            for sid, text, lang in zip(ids, data["text"], langs, strict=True):
                yield f"{rel}:{sid}", str(text or ""), lang
            row += batch.num_rows


def _labelstudio(ws: Workspace) -> Iterator[Item]:
    try:
        from curator.label.client import client
        from curator.label.tasks import iter_tasks

        sdk = client(ws)  # raises a one-line CuratorError when no server/credentials are known
    except ImportError as exc:
        raise CuratorError(f"labelstudio target unavailable: {exc}") from None
    with connect(ws, read_only=True) as con:
        projects = con.execute("SELECT name, ls_project_id FROM ls_projects ORDER BY name").fetchall()
    for name, project_id in projects:
        for task in iter_tasks(sdk, int(project_id), "id,data"):
            data = task.data or {}
            yield f"{name}:task{task.id}:{data.get('sample_id')}", str(data.get("text", "")), None
