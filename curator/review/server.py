"""`curator review`: run the Streamlit app (apps/review/app.py) against a workspace, on loopback only."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from curator.errors import CuratorError
from curator.workspace import Workspace

APP = Path(__file__).resolve().parents[2] / "apps" / "review" / "app.py"
HOST = "127.0.0.1"


def app_path() -> Path:
    if not APP.is_file():
        raise CuratorError(f"review app not found at {APP} (run from a curator checkout)")
    return APP


def check_port(port: int, host: str = HOST) -> None:
    """A one-line error when the port is out of range or already taken."""
    if not 1 <= port <= 65535:
        raise CuratorError(f"--port {port}: use 1-65535")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise CuratorError(f"port {port} on {host} is in use: pick another with --port") from exc


def streamlit_command(port: int, host: str = HOST) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_path()),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


def url(port: int, host: str = HOST) -> str:
    return f"http://{host}:{port}"


def start(ws: Workspace, port: int, host: str = HOST) -> subprocess.Popen[bytes]:
    """Start the app server for this workspace; the caller waits on (or terminates) the process."""
    check_port(port, host)
    env = {**os.environ, "CURATOR_HOME": str(ws.home), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen(streamlit_command(port, host), env=env, stdout=subprocess.DEVNULL)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def wait(proc: subprocess.Popen[bytes]) -> int:
    """Wait for the server until it exits, Ctrl-C or SIGTERM (the server is stopped too); returns its status."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
