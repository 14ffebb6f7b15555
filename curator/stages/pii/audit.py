"""`curator audit pii`: re-scan what has left (or would leave) the raw zone and report residual PII.

Targets: `catalog` (samples.text of scrubbed samples), `splits` (every string column of every tabular file under
<workspace>/splits), `files` (the same for an export folder or file given as `path`), `labelstudio` (every string
field of every task's data, read back from the server with label_studio_sdk) — see audit_items. The report gives
counts by entity type and the ids of the samples/tasks/columns concerned — never the values. An independent second
opinion (curator.stages.pii.second_opinion, which shares none of the scrubber's recognizers) reads the same texts
and reports what it flags with type, offsets and a masked preview. A copy is written to <workspace>/reports/.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from curator.catalog import connect, utcnow
from curator.errors import CuratorError
from curator.stages.pii.audit_items import Item, file_items, labelstudio_items
from curator.stages.pii.scrubber import PiiScrubber
from curator.stages.pii.second_opinion.review import Review
from curator.workspace import Workspace

TARGETS = ("catalog", "splits", "files", "labelstudio")
CHUNK = 2048
MAX_IDS = 50


def audit(
    ws: Workspace,
    target: str = "catalog",
    scrubber: PiiScrubber | None = None,
    path: Path | None = None,
    strict: bool = False,
) -> dict[str, Any]:
    """Residual PII in `target` (`path`: the folder or file of target `files`):
    {"target", "scanned", "with_pii", "by_type", "items": [{"id", "types"}], "second_opinion", "skipped_files",
    "ok"}. `second_opinion` is the independent detector's report (curator.stages.pii.second_opinion: flags with
    type, offsets and a masked preview); it counts in `ok` only when `strict`."""
    if target not in TARGETS:
        raise CuratorError(f"--target {target!r}: use {', '.join(TARGETS)}")
    if (target == "files") != (path is not None):
        raise CuratorError("--path goes with --target files (an export folder or file), and only with it")
    if path is not None and not path.exists():
        raise CuratorError(f"--path {path}: no such file or folder")
    skipped: list[str] = []
    if target in ("splits", "files"):
        items = file_items(path or ws.splits_dir, skipped)
    else:
        items = _catalog(ws) if target == "catalog" else labelstudio_items(ws)
    report = scan(items, scrubber or PiiScrubber())
    if strict:
        report["ok"] = report["ok"] and report["second_opinion"]["ok"]
    report = {
        "target": target,
        "scanned_at": utcnow().isoformat(timespec="seconds"),
        **report,
        "skipped_files": skipped,
    }
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
    """Scrub in chunks (results are thrown away) and count what the scrubber would still replace; the second
    opinion looks at the same texts."""
    second = Review()
    by_type: Counter[str] = Counter()
    flagged: list[dict[str, Any]] = []
    scanned = with_pii = 0
    for chunk in _chunks(items, CHUNK):
        results = scrubber.scrub_many([t for _, t, _ in chunk], [lang for _, _, lang in chunk])
        scanned += len(chunk)
        for (item_id, text, _), res in zip(chunk, results, strict=True):
            second.add(item_id, text)
            if not res.findings:
                continue
            with_pii += 1
            types = Counter(f["entity_type"] for f in res.findings)
            by_type.update(types)
            if len(flagged) < MAX_IDS:
                flagged.append({"id": item_id, "types": dict(sorted(types.items()))})
    return {
        "scanned": scanned,
        "with_pii": with_pii,
        "by_type": dict(by_type.most_common()),
        "items": flagged,
        "second_opinion": second.report(),
        "ok": with_pii == 0,
    }


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
