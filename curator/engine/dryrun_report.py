"""A dry run's report on disk: <workspace>/reports/dryrun-<time>.json (0600) and a bar chart of flips per rule
(dryrun-<time>.png next to it, matplotlib's Agg backend). Sample ids and counts only, never a text."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from curator.catalog.runs import utcnow
from curator.workspace import Workspace, make_private, private_files

COLORS = {"kept_to_dropped": "#c0392b", "dropped_to_kept": "#27ae60", "rule_changed": "#7f8c8d"}
LABELS = {"kept_to_dropped": "kept → dropped", "dropped_to_kept": "dropped → kept", "rule_changed": "rule changed"}


def write_report(ws: Workspace, summary: dict[str, Any]) -> dict[str, str | None]:
    """Write the JSON report and its plot; returns their paths (plot None when there is nothing to plot)."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    with private_files():
        ws.reports_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = ws.reports_dir / f"dryrun-{stamp}.json"
        plot = path.with_suffix(".png") if summary["rules"] else None
        body = {**summary, "report": str(path), "plot": str(plot) if plot else None}
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(body, fh, indent=2, ensure_ascii=False)
        if plot:
            plot_flips(summary["rules"], plot)
            make_private(plot)
    return {"report": str(path), "plot": str(plot) if plot else None}


def plot_flips(rules: list[dict[str, Any]], out: Path) -> None:
    """Horizontal stacked bars: per rule, samples kept → dropped, dropped → kept and rule changed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [f"{r['stage']}: {r['rule']}" for r in rules][::-1]
    fig, ax = plt.subplots(figsize=(8, 1.6 + 0.45 * len(names)), layout="constrained")
    left = [0] * len(names)
    for kind, color in COLORS.items():
        values = [r[kind] for r in rules][::-1]
        ax.barh(names, values, left=left, color=color, label=LABELS[kind])
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel("samples that would flip")
    ax.set_title("curator run --dry-run: flips per rule")
    fig.legend(loc="outside lower center", ncol=len(COLORS), fontsize="small")
    fig.savefig(out, dpi=100)
    plt.close(fig)
