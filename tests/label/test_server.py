"""The session's real server: bound to loopback, reused by a second `up`, credentials private, CLI views."""

from __future__ import annotations

import os
import stat

import pytest

from curator.label import secrets, server

pytestmark = pytest.mark.labelstudio


def test_up_reuses_the_running_server_and_binds_loopback(ls_server):
    again = server.up(ls_server.ws, say=lambda m: pytest.fail(f"should not start again: {m}"))
    assert again.running and again.pid == server.state(ls_server.ws).pid
    assert again.url == f"http://127.0.0.1:{ls_server.port}"
    mode = stat.S_IMODE(os.stat(secrets.secrets_path(ls_server.ws)).st_mode)
    assert mode == 0o600
    assert (ls_server.ws.labelstudio_dir / "label_studio.sqlite3").exists()  # data dir inside the workspace


def test_cli_status_and_credentials(ls_server, cli, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    res = cli("--home", str(ls_server.ws.home), "labelstudio", "status", "--json")
    assert '"running": true' in res.output
    creds = cli("--home", str(ls_server.ws.home), "labelstudio", "credentials", "--json").output
    assert ls_server.key in creds and "password" in creds
    assert ls_server.key not in res.output  # status never prints the token
