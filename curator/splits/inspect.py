"""`curator splits list | show | diff`: read-only views over the splits tables and manifests."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from curator.catalog.queries import rows_as_dicts
from curator.errors import BadInput, CuratorError
from curator.names import IDENT_CHARS, is_identifier, shown
from curator.splits.options import PARTS
from curator.workspace import Workspace


def parse_ref(ref: str) -> tuple[str, str | None]:
    """NAME or NAME@VERSION (a unique prefix of the version is enough); both identifiers, never a path."""
    name, _, version = ref.partition("@")
    if not name:
        raise CuratorError(f"split reference {shown(ref)}: use NAME or NAME@VERSION")
    for part, value in (("name", name), ("version", version)):
        if value and not is_identifier(value):
            raise BadInput(
                f"split {part} {shown(value)} in {shown(ref)}: give a registered split as NAME or NAME@VERSION "
                f"(see `curator splits list`), never a path; {part}s use {IDENT_CHARS}"
            )
    return name, version or None


def resolve(con: duckdb.DuckDBPyConnection, ref: str) -> dict[str, Any]:
    """The splits row for NAME[@VERSION]; NAME alone means its latest version."""
    name, version = parse_ref(ref)
    rows = rows_as_dicts(
        con.execute(
            "SELECT * FROM splits WHERE name = ? AND (? IS NULL OR starts_with(version, ?)) ORDER BY created_at DESC",
            [name, version, version],
        )
    )
    if not rows:
        known = [r[0] for r in con.execute("SELECT DISTINCT name FROM splits ORDER BY 1").fetchall()]
        raise CuratorError(f"no split {shown(ref)} (known: {', '.join(known) or 'none — run curator build-split'})")
    if version and len(rows) > 1:
        raise CuratorError(f"{shown(ref)} matches {len(rows)} versions: give more characters")
    return rows[0]


def list_splits(con: duckdb.DuckDBPyConnection, name: str | None = None) -> list[dict[str, Any]]:
    rows = rows_as_dicts(
        con.execute(
            "SELECT name, version, strftime(created_at, '%Y-%m-%d %H:%M') AS created, mode, label_source, n_members, "
            "n_excluded, parent_version, run_id, counts, leakage FROM splits WHERE ? IS NULL OR name = ? "
            "ORDER BY name, created_at DESC",
            [name, name],
        )
    )
    for r in rows:
        parts = json.loads(r.pop("counts"))["parts"]
        leak = json.loads(r.pop("leakage"))
        r.update({p: parts.get(p, 0) for p in PARTS})
        near = leak.get("near_duplicate", {})
        r["leaks"] = leak["exact_pairs_across_parts"] + near.get("links_across_parts", 0)
    return rows


def show_split(con: duckdb.DuckDBPyConnection, ws: Workspace, ref: str) -> dict[str, Any]:
    """The splits row and its manifest (counts per part x label, balance, leakage, lineage)."""
    row = resolve(con, ref)
    path = ws.splits_dir / row["name"] / row["version"]  # names validated at build-split: inside the workspace
    manifest_path = path / "manifest.json"
    if not manifest_path.exists():
        raise CuratorError(f"{manifest_path} is missing: the split's files were moved or deleted")
    return {
        "split": {k: row[k] for k in ("name", "version", "created_at", "parent_version", "run_id", "n_members")},
        "path": str(path),
        "manifest": json.loads(manifest_path.read_text(encoding="utf-8")),
    }


def diff_splits(con: duckdb.DuckDBPyConnection, ref_a: str, ref_b: str, examples: int = 10) -> dict[str, Any]:
    """What changed from A to B: added, removed, moved between parts, relabeled, and per part x label deltas."""
    a, b = resolve(con, ref_a), resolve(con, ref_b)
    pair = [a["name"], a["version"], b["name"], b["version"]]
    join = (
        "WITH a AS (SELECT * FROM split_members WHERE name = ? AND version = ?), "
        "b AS (SELECT * FROM split_members WHERE name = ? AND version = ?) "
    )
    summary = con.execute(
        join + "SELECT count(*) FILTER (a.sample_id IS NULL), count(*) FILTER (b.sample_id IS NULL), "
        "count(*) FILTER (a.part <> b.part), count(*) FILTER (a.label <> b.label), "
        "count(*) FILTER (a.part = b.part AND a.label = b.label) FROM a FULL JOIN b USING (sample_id)",
        pair,
    ).fetchall()[0]
    moved = rows_as_dicts(
        con.execute(
            join + "SELECT a.part AS from_part, b.part AS to_part, count(*) AS samples FROM a JOIN b USING (sample_id) "
            "WHERE a.part <> b.part GROUP BY 1, 2 ORDER BY 3 DESC",
            pair,
        )
    )
    balance = rows_as_dicts(
        con.execute(
            join
            + "SELECT coalesce(x.part, y.part) AS part, coalesce(x.label, y.label) AS label, coalesce(x.n, 0) AS a, "
            "coalesce(y.n, 0) AS b, coalesce(y.n, 0) - coalesce(x.n, 0) AS delta FROM "
            "(SELECT part, label, count(*) AS n FROM a GROUP BY ALL) x FULL JOIN "
            "(SELECT part, label, count(*) AS n FROM b GROUP BY ALL) y ON x.part = y.part AND x.label = y.label "
            "ORDER BY list_position(['train', 'val', 'test'], coalesce(x.part, y.part)), 2",
            pair,
        )
    )
    sample = rows_as_dicts(
        con.execute(
            join + "SELECT sample_id, a.part AS part_a, b.part AS part_b, a.label AS label_a, b.label AS label_b "
            "FROM a FULL JOIN b USING (sample_id) "
            "WHERE a.part IS DISTINCT FROM b.part OR a.label IS DISTINCT FROM b.label "
            "ORDER BY sample_id LIMIT ?",
            [*pair, examples],
        )
    )
    keys = ("added", "removed", "moved", "relabeled", "unchanged")
    return {
        "a": f"{a['name']}@{a['version']}",
        "b": f"{b['name']}@{b['version']}",
        **dict(zip(keys, (int(v) for v in summary), strict=True)),
        "moves": moved,
        "balance": balance,
        "examples": sample,
    }
