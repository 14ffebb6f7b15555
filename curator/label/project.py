"""`curator annotate init`: create the Label Studio project from a label config template + guidelines."""

from __future__ import annotations

import hashlib
import json
from dataclasses import KW_ONLY, dataclass
from html import escape
from pathlib import Path

from curator.catalog import Run, connect, transaction, utcnow
from curator.catalog.lock import writer_lock
from curator.errors import CuratorError
from curator.label.client import client, sdk_error
from curator.label.server import credentials
from curator.names import check_identifier, check_label
from curator.workspace import Workspace

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "schemas" / "labelstudio"
TASK_TYPES = {"text_classification": "text_classification.xml", "audit": "audit_decision.xml"}  # audit: curator.audit


@dataclass(frozen=True)
class InitOptions:
    project: str
    _: KW_ONLY  # InitOptions("tickets", labels=[...]): every option by name
    labels: list[str]
    guidelines: Path | None = None
    overlap: int = 1
    overlap_fraction: float = 0.0
    task_type: str = "text_classification"


def label_config(task_type: str, labels: list[str]) -> str:
    """The Label Studio XML for a task type, with one choice per label.

    Labels are checked with curator.names.check_label (no `$`, which Label Studio would read as a task field, no
    double quote or angle brackets) and XML-escaped as well."""
    if task_type not in TASK_TYPES:
        raise CuratorError(f"task type {task_type!r}: use {', '.join(TASK_TYPES)}")
    for label in labels:
        check_label(label, "label (--labels)")
    template = (TEMPLATES_DIR / TASK_TYPES[task_type]).read_text(encoding="utf-8")
    choices = "\n".join(f'    <Choice value="{escape(label, quote=True)}"/>' for label in labels)
    body = template.split("-->", 1)[1] if template.lstrip().startswith("<!--") else template
    return body.replace("{{choices}}", choices).strip() + "\n"


def guidelines_html(path: Path) -> str:
    """Markdown guidelines as simple HTML for Label Studio's instructions panel."""
    if not path.is_file():
        raise CuratorError(f"--guidelines {path}: no such file")
    lines, out = path.read_text(encoding="utf-8").splitlines(), []
    for line in lines:
        if line.startswith("#"):
            level = min(len(line) - len(line.lstrip("#")), 4)
            out.append(f"<h{level}>{escape(line.lstrip('#').strip())}</h{level}>")
        elif line.startswith("|") and set(line.replace("|", "").strip()) <= set("-: "):
            continue
        elif line.startswith("|"):
            cells = "".join(f"<td>{escape(c.strip())}</td>" for c in line.strip().strip("|").split("|"))
            out.append(f"<table><tr>{cells}</tr></table>")
        elif line.strip():
            out.append(f"<p>{escape(line.strip())}</p>")
    return "\n".join(out)


def _validate(opts: InitOptions) -> None:
    check_identifier(opts.project, "project name")
    for label in opts.labels:
        check_label(label, "label (--labels)")
    if len(opts.labels) < 2 or len(set(opts.labels)) != len(opts.labels) or any(not lb for lb in opts.labels):
        raise CuratorError(f"--labels {','.join(opts.labels)!r}: give at least two distinct, non-empty labels")
    if opts.overlap < 1:
        raise CuratorError(f"--overlap {opts.overlap}: must be >= 1")
    if not 0.0 <= opts.overlap_fraction <= 1.0:
        raise CuratorError(f"--overlap-fraction {opts.overlap_fraction}: must be between 0 and 1")


def _create_remote(ws: Workspace, opts: InitOptions) -> int:
    """Create the Label Studio project; returns its id."""
    instructions = guidelines_html(opts.guidelines) if opts.guidelines else ""
    try:
        created = client(ws).projects.create(
            title=opts.project,
            label_config=label_config(opts.task_type, opts.labels),
            expert_instruction=instructions,
            show_instruction=bool(instructions),
            show_skip_button=True,
            maximum_annotations=max(opts.overlap, 1),
            overlap_cohort_percentage=round(opts.overlap_fraction * 100),
            show_annotation_history=False,
            show_collab_predictions=False,
            description="managed by curator",
        )
    except Exception as exc:  # SDK raises ApiError / httpx errors
        raise sdk_error(exc, "project create") from exc
    return int(created.id)


def init_project(ws: Workspace, opts: InitOptions) -> dict[str, object]:
    """Create the project in Label Studio and record it; an existing project of that name is reused."""
    _validate(opts)
    with connect(ws, read_only=True) as con:
        row = con.execute("SELECT ls_project_id FROM ls_projects WHERE name = ?", [opts.project]).fetchone()
    if row:
        return {"project": opts.project, "ls_project_id": int(row[0]), "created": False}
    url, _ = credentials(ws)
    guide = str(opts.guidelines) if opts.guidelines else None
    config = {
        "project": opts.project,
        "labels": opts.labels,
        "overlap": opts.overlap,
        "guidelines": guide,
        "overlap_fraction": opts.overlap_fraction,
        "task_type": opts.task_type,
    }
    run = Run("annotate init", config, stage="label")
    ls_id = _create_remote(ws, opts)
    ghash = hashlib.sha256(opts.guidelines.read_bytes()).hexdigest()[:16] if opts.guidelines else None
    with writer_lock(ws, "annotate project"), connect(ws) as con, transaction(con):
        con.execute(
            "INSERT INTO ls_projects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            [
                opts.project,
                ls_id,
                url,
                opts.task_type,
                json.dumps(opts.labels),
                opts.overlap,
                opts.overlap_fraction,
                guide,
                ghash,
                utcnow(),
                run.run_id,
            ],
        )
        run.record(con, status="succeeded", counts={"ls_project_id": ls_id})
    return {"project": opts.project, "ls_project_id": ls_id, "created": True, "url": f"{url}/projects/{ls_id}"}
