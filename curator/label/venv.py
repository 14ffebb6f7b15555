"""Label Studio's own virtualenv: one shared install per machine, created on first use.

Label Studio pins many packages, so it never goes into curator's environment. The install lives at
``~/.cache/curator/label-studio-<version>`` (``CURATOR_LS_VENV`` overrides) and is built in a ``.partial``
folder that is renamed when pip succeeded, so an interrupted install never looks complete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from curator.errors import CuratorError

LS_VERSION = "1.23.2"
MARKER = ".curator-installed"


def venv_dir() -> Path:
    """Where the Label Studio virtualenv lives (env CURATOR_LS_VENV wins)."""
    env = os.environ.get("CURATOR_LS_VENV")
    if env:
        return Path(env).expanduser().resolve()
    return Path.home() / ".cache" / "curator" / f"label-studio-{LS_VERSION}"


def venv_python(root: Path | None = None) -> Path:
    return (root or venv_dir()) / "bin" / "python"


def is_installed(root: Path | None = None) -> bool:
    root = root or venv_dir()
    return (root / MARKER).exists() and venv_python(root).exists()


def _base_python() -> str:
    """A Python to create the venv with: this interpreter's base (not curator's venv)."""
    base = Path(sys.base_prefix) / "bin" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    return str(base) if base.exists() else sys.executable


def _run(cmd: list[str], log: Path, say: Callable[[str], None], what: str) -> None:
    say(what)
    with log.open("a", encoding="utf-8") as fh:
        proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
        raise CuratorError(f"Label Studio install failed ({what}), see {log}: {' | '.join(tail)}")


def ensure_installed(say: Callable[[str], None] = print) -> Path:
    """Install label-studio==LS_VERSION into its own venv if missing; returns the venv's python."""
    root = venv_dir()
    if is_installed(root):
        return venv_python(root)
    if root.exists() and not (root / MARKER).exists() and any(root.iterdir()):
        raise CuratorError(f"{root} exists but is not a curator Label Studio install: remove it or set CURATOR_LS_VENV")
    partial = root.with_name(root.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    log = root.with_name(root.name + ".install.log")
    log.write_text("", encoding="utf-8")
    say(f"installing Label Studio {LS_VERSION} into {root} (first use only, a few minutes; log {log})")
    _run([_base_python(), "-m", "venv", str(partial)], log, say, "creating virtualenv")
    pip = [str(partial / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    _run([*pip, "--upgrade", "pip"], log, say, "upgrading pip")
    _run([*pip, f"label-studio=={LS_VERSION}"], log, say, f"pip install label-studio=={LS_VERSION}")
    if root.exists():
        root.rmdir()
    partial.rename(root)
    (root / MARKER).write_text(LS_VERSION + "\n", encoding="utf-8")
    say("Label Studio installed")
    return venv_python(root)
