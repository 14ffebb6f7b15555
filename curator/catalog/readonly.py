"""Read-only SQL: one read statement, on a connection that can neither write, reach files nor change its settings.

Used by `curator query` and the review app. Three layers, each enough for the cases it covers:

- the statement, as DuckDB's own parser sees it: exactly one statement of type SELECT (that covers SELECT,
  WITH … SELECT, FROM …, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, UNPIVOT) whose parse tree holds no
  INSERT/UPDATE/DELETE (DuckDB runs `WITH d AS (DELETE … RETURNING *) SELECT …`). Everything else — COPY,
  ATTACH, DETACH, INSTALL, LOAD, PRAGMA, SET, RESET, CALL, CHECKPOINT, EXPORT, CREATE, INSERT, UPDATE, DELETE,
  MERGE, PIVOT, EXPLAIN (EXPLAIN ANALYZE runs its statement), transactions, several statements — is refused;
- the connection (GUARDED_CONFIG): read-only, `enable_external_access = false` (no file, URL or other database
  can be read or written: read_text, read_csv, COPY … TO, ATTACH, INSTALL all fail), no extension autoload or
  autoinstall, and `lock_configuration = true` set last, so SQL cannot turn any of it back;
- read_only_query() refuses to run on a connection that is not guarded.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb

from curator.errors import CuratorError

# Passed to duckdb.connect: DuckDB applies lock_configuration after the other options.
GUARDED_CONFIG: dict[str, Any] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}
READ_NODES = frozenset({"SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"})
ALLOWED = "exactly one read statement (SELECT, WITH … SELECT, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE)"


def _refuse(why: str) -> CuratorError:
    return CuratorError(f"query refused: {why}; `curator query` runs {ALLOWED} on a read-only connection")


def _kind(statement: Any) -> str:
    name = statement.type.name
    return "an INSTALL/LOAD" if name == "LOAD" else f"a {name.replace('_', ' ')}"


def _node_types(tree: Any, found: set[str]) -> set[str]:
    """Every query-node type in a json_serialize_sql tree (SELECT_NODE, DELETE_QUERY_NODE, …)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            kind = item.get("type")
            if isinstance(kind, str) and kind.endswith("_NODE"):
                found.add(kind)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _writes_inside(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """Non-read query nodes inside a SELECT statement (a DELETE/INSERT/UPDATE in a CTE or subquery)."""
    try:
        tree = json.loads(con.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()[0])
    except (duckdb.Error, TypeError, ValueError) as exc:  # fail closed: an unchecked tree is not run
        raise _refuse(f"its parse tree could not be checked ({str(exc).splitlines()[0]})") from exc
    if tree.get("error"):
        raise _refuse(f"its parse tree could not be checked ({str(tree.get('error_message')).splitlines()[0]})")
    return sorted(_node_types(tree, set()) - READ_NODES)


def check_read_statement(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one read statement in sql, or a one-line CuratorError saying why it is refused."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise CuratorError(f"query failed: {str(exc).splitlines()[0]}") from exc
    if not statements:
        raise _refuse("no statement given")
    if len(statements) > 1:
        raise _refuse(f"{len(statements)} statements given ({', '.join(s.type.name for s in statements)})")
    statement = statements[0]
    if statement.type != duckdb.StatementType.SELECT:
        raise _refuse(f"{_kind(statement)} statement")
    writes = _writes_inside(con, statement.query)
    if writes:
        kinds = ", ".join(w.removesuffix("_NODE").removesuffix("_QUERY") for w in writes)
        raise _refuse(f"a {kinds} inside a read statement")
    return statement.query


def is_guarded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether this connection is read-only, has external access off and its configuration locked."""
    row = con.execute(
        "SELECT current_setting('access_mode'), current_setting('enable_external_access'), "
        "current_setting('lock_configuration')"
    ).fetchone()
    return bool(row) and row[0] == "read_only" and row[1] is False and row[2] is True
