"""A local Label Studio server per workspace: start detached, wait for health, stop; and `credentials(ws)`.

The server runs from its own virtualenv (curator.label.venv), keeps its data in <ws>/labelstudio/ (0700, files
created under umask 077), binds to 127.0.0.1 only, and outlives the CLI command: <ws>/labelstudio/server.json records
its pid, port, start time and command line, so that `down` never signals a process that merely reuses the pid.
The admin login reaches the server through its environment (LABEL_STUDIO_USERNAME / _PASSWORD / _USER_TOKEN),
never its command line: /proc/<pid>/cmdline is readable by every local user, /proc/<pid>/environ only by its owner.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from curator.errors import CuratorError
from curator.label import secrets as sec
from curator.label.local_ml import local_ml_env
from curator.label.venv import ensure_installed
from curator.workspace import Workspace

DEFAULT_PORT = 8080
START_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class ServerState:
    running: bool
    url: str | None
    pid: int | None
    port: int | None
    external: bool = False  # LABEL_STUDIO_URL points at a server curator does not manage


def credentials(ws: Workspace) -> tuple[str, str]:
    """(url, api_key) of the Label Studio to talk to: env LABEL_STUDIO_URL + LABEL_STUDIO_API_KEY win."""
    url, key = os.environ.get("LABEL_STUDIO_URL"), os.environ.get("LABEL_STUDIO_API_KEY")
    if url and key:
        return url.rstrip("/"), key
    login = sec.load_login(ws)
    if login is None:
        raise CuratorError(
            "no Label Studio server: run `curator labelstudio up` or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY"
        )
    return login.url, login.token


def pid_path(ws: Workspace) -> Path:
    return ws.labelstudio_dir / "server.json"


def log_path(ws: Workspace) -> Path:
    return ws.labelstudio_dir / "server.log"


def _alive(pid: int) -> bool:
    """The process exists and has not exited (a server this process started and never reaped is a zombie)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def _identity(pid: int) -> tuple[float, list[str]] | None:
    """(start time, argv) of a live process; None if gone or not ours. The start time is the clock-tick count since
    boot from /proc/<pid>/stat (field 22), not a wall-clock time: psutil's create_time adds the boot time, which some
    kernels (sandboxes, VMs whose clock is stepped) report differently from one read to the next."""
    import psutil

    try:
        proc = psutil.Process(pid)
        cmdline = proc.cmdline()
        stat = Path(f"/proc/{pid}/stat")
        started = float(stat.read_text().rsplit(")", 1)[1].split()[19]) if stat.exists() else proc.create_time()
        return round(started, 2), cmdline
    except (psutil.NoSuchProcess, psutil.AccessDenied, OSError, IndexError, ValueError):
        return None


def _ours(ws: Workspace, info: dict) -> bool:
    """The saved pid is alive and still the server `up` started: same start time and command line. A state file
    written before these were recorded: the command line must be Label Studio's with this workspace's data dir."""
    pid = info.get("pid")
    ident = _identity(pid) if isinstance(pid, int) and pid > 0 else None
    if ident is None or not _alive(pid):
        return False
    started, cmdline = ident
    if "cmdline" in info:
        return started == info.get("process_started") and cmdline == info["cmdline"]
    return "label_studio.server" in cmdline and str(ws.labelstudio_dir) in cmdline


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def state(ws: Workspace) -> ServerState:
    """Whether this workspace's server runs (pid alive and /health answers)."""
    env_url = os.environ.get("LABEL_STUDIO_URL")
    if env_url and os.environ.get("LABEL_STUDIO_API_KEY"):
        return ServerState(healthy(env_url.rstrip("/")), env_url.rstrip("/"), None, None, external=True)
    info = sec.read_private(pid_path(ws)) if pid_path(ws).exists() else None
    if not info:
        return ServerState(False, None, None, None)
    up = _ours(ws, info) and healthy(info["url"])
    return ServerState(up, info["url"], info["pid"], info["port"])


def _command(python: Path, ws: Workspace, login: sec.Login) -> list[str]:
    return [
        str(python),
        "-m",
        "label_studio.server",
        "start",
        "--no-browser",
        "--internal-host",
        "127.0.0.1",
        "--port",
        str(login.port),
        "--data-dir",
        str(ws.labelstudio_dir),
        "--enable-legacy-api-token",  # the login is in the environment (_environment), never on the command line
    ]


def _environment(ws: Workspace, login: sec.Login) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "DJANGO"))}
    env.update(
        {
            "LABEL_STUDIO_BASE_DATA_DIR": str(ws.labelstudio_dir),
            "LABEL_STUDIO_HOST": login.url,
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
            "COLLECT_ANALYTICS": "false",
            "LATEST_VERSION_CHECK": "false",
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            # read by label_studio.server at `start` (get_env: LABEL_STUDIO_ prefix first)
            "LABEL_STUDIO_USERNAME": login.username,
            "LABEL_STUDIO_PASSWORD": login.password,
            "LABEL_STUDIO_USER_TOKEN": login.token,
            **local_ml_env(),  # may reach `curator serve` on 127.0.0.1, nothing else local
        }
    )
    return env


def _private_dir(path: Path) -> None:
    """The data dir owner-only (0700), also when an earlier version created it 0755."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _spawn(ws: Workspace, python: Path, login: sec.Login) -> int:
    _private_dir(ws.labelstudio_dir)
    fd = os.open(log_path(ws), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "ab") as log:
        proc = subprocess.Popen(
            _command(python, ws, login),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_environment(ws, login),
            cwd=ws.labelstudio_dir,
            start_new_session=True,
            umask=0o077,  # the database, media and exports Label Studio creates: owner-only
        )
    started, cmdline = _identity(proc.pid) or (None, [])  # Popen returns after exec: this is the server's argv
    state = {
        "pid": proc.pid,
        "port": login.port,
        "url": login.url,
        "started": time.time(),
        "process_started": started,
        "cmdline": cmdline,
    }
    sec.write_private(pid_path(ws), state)
    return proc.pid


def _wait_healthy(ws: Workspace, pid: int, url: str, say: Callable[[str], None], timeout: float) -> None:
    t0, last = time.monotonic(), -30.0
    while time.monotonic() - t0 < timeout:
        if healthy(url):
            return
        if not _alive(pid):
            tail = log_path(ws).read_text(errors="replace").strip().splitlines()[-3:]
            raise CuratorError(f"Label Studio exited during start, see {log_path(ws)}: {' | '.join(tail)}")
        elapsed = time.monotonic() - t0
        if elapsed - last >= 15:
            say(f"waiting for Label Studio at {url} ({elapsed:.0f}s; the first start runs migrations, 1-3 min)")
            last = elapsed
        time.sleep(1.0)
    stop(ws)
    raise CuratorError(f"Label Studio did not answer at {url} within {timeout:.0f}s, see {log_path(ws)}")


def up(
    ws: Workspace, port: int | None = None, say: Callable[[str], None] = print, timeout: float = START_TIMEOUT_S
) -> ServerState:
    """Start (or reuse) this workspace's server; installs Label Studio on first use."""
    current = state(ws)
    if current.running:
        if port and current.port and port != current.port:
            raise CuratorError(f"Label Studio already runs on port {current.port}: `curator labelstudio down` first")
        return current
    login = sec.load_login(ws)
    if login is None and any(p.suffix == ".sqlite3" for p in ws.labelstudio_dir.glob("*")):
        raise CuratorError(
            f"{ws.labelstudio_dir} holds a Label Studio database but {sec.secrets_path(ws)} is "
            "missing: remove the labelstudio/ folder to start over"
        )
    want = port or (login.port if login else DEFAULT_PORT)
    if not port_free(want):
        raise CuratorError(f"port {want} on 127.0.0.1 is taken by another process: use --port")
    login = sec.new_login(ws, want) if login is None else sec.save_port(ws, login, want)
    python = ensure_installed(say)
    pid = _spawn(ws, python, login)
    say(f"starting Label Studio (pid {pid}) on {login.url}, log {log_path(ws)}")
    _wait_healthy(ws, pid, login.url, say, timeout)
    return ServerState(True, login.url, pid, want)


def stop(ws: Workspace, wait_s: float = 30.0, say: Callable[[str], None] | None = None) -> bool:
    """Stop this workspace's server (its process group); returns whether one was running. A saved pid that is now
    another process (its start time or command line differ from those recorded at `up`) is never signalled."""
    info = sec.read_private(pid_path(ws)) if pid_path(ws).exists() else None
    if not info or not _ours(ws, info):
        if info and say:
            say(
                f"stale state {pid_path(ws)}: pid {info.get('pid')} is not this workspace's Label Studio (gone, or "
                "another process with other start time or command line): not signalled, state removed"
            )
        pid_path(ws).unlink(missing_ok=True)
        return False
    pid = info["pid"]
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        _signal_group(pid, signal.SIGKILL)
    pid_path(ws).unlink(missing_ok=True)
    return True


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)  # started with start_new_session: the group is the server and its children
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap if it is our child (in-process tests)


def describe(ws: Workspace) -> dict[str, object]:
    st = state(ws)
    login = sec.load_login(ws)
    return {
        "running": st.running,
        "url": st.url or (login.url if login else None),
        "pid": st.pid,
        "external": st.external,
        "username": login.username if login else None,
        "data_dir": str(ws.labelstudio_dir),
    }
