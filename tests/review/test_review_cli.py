"""`curator review`: the command line that starts the app; errors are one line."""

from __future__ import annotations

import socket

from curator.review import server


def test_review_refuses_a_port_in_use(cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = cli("review", "--port", str(port), ok=False)
    assert res.exit_code == 1
    assert f"port {port} on 127.0.0.1 is in use" in res.output


def test_review_needs_a_workspace(tmp_path):
    from typer.testing import CliRunner

    from curator.cli import app

    res = CliRunner().invoke(app, ["--home", str(tmp_path / "none"), "review"])
    assert res.exit_code == 1 and "curator init" in res.output


def test_streamlit_is_bound_to_loopback_and_headless():
    cmd = server.streamlit_command(8765)
    assert cmd[cmd.index("--server.address") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert cmd[cmd.index("--browser.gatherUsageStats") + 1] == "false"
    assert server.app_path().name == "app.py"
