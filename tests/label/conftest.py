"""Label Studio test fixtures: ONE real server per test session (installed on first use), shared by all tests.

The server runs in its own temporary workspace on a free port; each test gets a fresh curator workspace that
talks to it through LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY. Nothing about Label Studio is mocked.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from curator.workspace import Workspace, init_workspace


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def ls_server(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config):
    """A running Label Studio (installed into its shared venv first if missing); stopped at session end."""
    from curator.label import secrets, server

    capman = pytestconfig.pluginmanager.getplugin("capturemanager")

    def say(msg: str) -> None:  # visible even under pytest's capture: the first install takes minutes
        with capman.global_and_fixture_disabled():
            print(f"\n[label studio] {msg}", flush=True)

    ws, _ = init_workspace(tmp_path_factory.mktemp("labelstudio") / "ws")
    state = server.up(ws, free_port(), say=say)
    login = secrets.load_login(ws)
    yield SimpleNamespace(ws=ws, url=state.url, key=login.token, port=state.port)
    assert server.stop(ws), "the session's Label Studio server was not running at teardown"
    assert not server.state(ws).running


@pytest.fixture
def ls(ls_server, ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    """The shared server, as seen from this test's fresh workspace (env credentials)."""
    monkeypatch.setenv("LABEL_STUDIO_URL", ls_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.key)
    return ls_server


def ingest_rows(ws: Workspace, rows: list[dict], source: str = "t") -> None:
    """Ingest records (id, text, label) through the real ingest."""
    from curator.ingest import IngestOptions, ingest

    path = ws.tmp_dir / f"{source}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ingest(ws, [path], IngestOptions(source))


def mark_scrubbed_for_test(ws: Workspace, keys: list[str] | None = None) -> None:
    """TEST HELPER, not the PII stage: flags samples as scrubbed with an UPDATE so that push may take them.

    The real PII stage is exercised in test_pii_audit.py; here the texts carry no PII.
    """
    con = duckdb.connect(str(ws.catalog_path))
    try:
        if keys is None:
            con.execute("UPDATE samples SET pii_scrubbed = true")
        else:
            con.execute("UPDATE samples SET pii_scrubbed = true WHERE source_key IN (SELECT unnest(?))", [keys])
    finally:
        con.close()


def tickets(n: int, labels: tuple[str, ...] = ("billing", "shipping", "technical")) -> list[dict]:
    return [
        {
            "id": f"k{i}",
            "text": f"ticket {i}: a question about {labels[i % len(labels)]}",
            "label": labels[i % len(labels)],
        }
        for i in range(n)
    ]


def sql(ws: Workspace, query: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(ws.catalog_path), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


ROOT = Path(__file__).resolve().parents[2]
GUIDELINES = ROOT / "docs" / "guidelines" / "support_intents.md"
