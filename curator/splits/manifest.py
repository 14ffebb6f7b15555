"""manifest.json: everything about a split version, valid against schemas/split_manifest.schema.json."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import jsonschema

from curator.catalog import Run
from curator.catalog.runs import code_version
from curator.errors import CuratorError
from curator.splits import lineage
from curator.splits.plan import Plan, part_counts

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schemas" / "split_manifest.schema.json"


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(manifest: dict[str, Any]) -> None:
    """Raise CuratorError naming the first field that breaks the schema."""
    try:
        jsonschema.validate(manifest, schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        raise CuratorError(f"manifest invalid at {where}: {exc.message}") from None


def build(
    con: duckdb.DuckDBPyConnection, plan: Plan, run: Run, parent: str | None, files: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The manifest; the members must be registered on `con` as lineage.MEMBERS."""
    opts = plan.opts
    return {
        "schema_version": 1,
        "name": opts.name,
        "version": plan.version,
        "parent_version": parent,
        "created_at": run.started_at.isoformat(timespec="seconds") + "Z",
        "run_id": run.run_id,
        "code_version": code_version(),
        "mode": opts.mode,
        "params": opts.to_dict(),
        "candidates": plan.candidates,
        "counts": part_counts(plan.members),
        "balance": plan.balance,
        "groups": plan.groups,
        "sources": lineage.sources(con),
        "lineage": {"runs": lineage.producing_runs(con)},
        "labels_qa": lineage.label_qa(con, opts.label_source),
        "catalog_funnel": lineage.funnel(con),
        "rule_audits": _rule_audits(con),
        "time_range": lineage.time_range(con),
        "leakage": plan.leakage,
        "files": files,
        "content_hash": plan.content_hash,
    }


def _rule_audits(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The latest audited precision of each curation rule (curator.audit; docs/audit.md)."""
    from curator.audit.report import card_figures

    return card_figures(con)


def dumps(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, default=str, ensure_ascii=False) + "\n"
