"""Label Studio's credentials and process: never on a command line, a private data dir, `down` signals only ours.

The first two run against the session's real server (tests/conftest.py `ls_server`); the `down` cases start an
unrelated process (`sleep`) whose pid a stale state file names.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from curator.label import secrets, server


def _server_processes(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


@pytest.mark.labelstudio
def test_secrets_are_not_on_the_servers_command_line(ls_server):
    login = secrets.load_login(ls_server.ws)
    pid = server.state(ls_server.ws).pid
    for proc in _server_processes(pid):
        argv = Path(f"/proc/{proc.pid}/cmdline").read_bytes()  # what `ps` shows every local user
        assert login.password.encode() not in argv, f"password in /proc/{proc.pid}/cmdline"
        assert login.token.encode() not in argv, f"API token in /proc/{proc.pid}/cmdline"
    environ = Path(f"/proc/{pid}/environ")  # the login travels here: readable by its owner only
    assert environ.stat().st_uid == os.getuid() and stat.S_IMODE(environ.stat().st_mode) & 0o077 == 0
    assert login.token.encode() in environ.read_bytes()
    req = urllib.request.Request(
        f"{ls_server.url}/api/current-user/whoami", headers={"Authorization": f"Token {login.token}"}
    )
    with urllib.request.urlopen(req, timeout=30) as resp:  # the env token was applied: it authenticates
        assert resp.status == 200 and login.username.encode() in resp.read()


@pytest.mark.labelstudio
def test_data_dir_is_owner_only(ls_server):
    data_dir = ls_server.ws.labelstudio_dir
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    exposed = [
        f"{p.relative_to(data_dir)} {stat.S_IMODE(p.stat().st_mode):o}"
        for p in [data_dir, *data_dir.rglob("*")]
        if not p.is_symlink() and stat.S_IMODE(p.stat().st_mode) & 0o077
    ]
    assert exposed == [], f"group/world-accessible in the Label Studio data dir: {exposed}"
    assert (data_dir / "label_studio.sqlite3").exists() and (data_dir / "server.log").exists()


@pytest.fixture
def foreign():
    """An unrelated process in its own session (a pid a dead server's state file may name after pid reuse)."""
    proc = subprocess.Popen(["sleep", "60"], start_new_session=True)
    yield proc
    proc.kill()
    proc.wait()


def _legacy_state(ws, proc) -> dict:
    """What `up` recorded before start time and command line were saved."""
    return {"pid": proc.pid, "port": 9, "url": "http://127.0.0.1:9", "started": time.time() - 3600}


def _recorded_state(ws, proc) -> dict:
    """A server `up` started an hour ago (its start time and argv recorded) that died; its pid now taken."""
    argv = [sys.executable, "-m", "label_studio.server", "start", "--data-dir", str(ws.labelstudio_dir)]
    started = round(psutil.Process(proc.pid).create_time() - 3600, 2)
    return {**_legacy_state(ws, proc), "process_started": started, "cmdline": argv}


@pytest.mark.parametrize("make_state", [_legacy_state, _recorded_state], ids=["legacy-state", "recorded-state"])
def test_down_never_signals_a_reused_pid(ws, cli, foreign, make_state):
    secrets.write_private(server.pid_path(ws), make_state(ws, foreign))
    res = cli("labelstudio", "down")
    time.sleep(0.3)
    assert foreign.poll() is None, "`labelstudio down` killed a process that is not the workspace's server"
    assert "not running" in res.output and "stale state" in res.output and str(foreign.pid) in res.output
    assert not server.pid_path(ws).exists()  # the stale state is gone
    assert not server.state(ws).running
