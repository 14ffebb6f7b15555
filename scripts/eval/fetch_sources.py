"""Download the pinned inputs of the conversational and technical kinds into a cache (registries only).

    .venv/bin/python scripts/eval/fetch_sources.py [--cache ~/.cache/curator-eval]

chatterbot-corpus's wheel comes from PyPI (`pip download`), the Debian packages whose changelogs give the technical
texts from Debian's archive (`apt-get download PACKAGE=VERSION`); every file is checked against the sha256 in
pinned.json. Nothing is installed: build_set.py reads the archives where they lie.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

PINNED = Path(__file__).with_name("pinned.json")
DEFAULT_CACHE = Path.home() / ".cache" / "curator-eval"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checked(path: Path, sha: str) -> Path:
    """The path, or SystemExit when it is absent or its sha256 is not the pinned one."""
    if not path.is_file():
        raise SystemExit(f"{path}: missing; run scripts/eval/fetch_sources.py")
    if sha256_file(path) != sha:
        raise SystemExit(f"{path}: sha256 differs from scripts/eval/pinned.json")
    return path


def fetch(cache: Path) -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    chat = pinned["conversational"]
    pypi = cache / "pypi"
    if not (pypi / chat["file"]).is_file():
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", chat["pypi"], "-d", str(pypi)]
        subprocess.run(pip, check=True)
    checked(pypi / chat["file"], chat["sha256"])
    deb = cache / "deb"
    deb.mkdir(parents=True, exist_ok=True)
    packages = pinned["technical"]["packages"]
    wanted = [f"{p}={v['version']}" for p, v in sorted(packages.items()) if not (deb / v["file"]).is_file()]
    if wanted:
        subprocess.run(["apt-get", "download", *wanted], check=True, cwd=deb)
    for info in packages.values():
        checked(deb / info["file"], info["sha256"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    fetch(parser.parse_args().cache)


if __name__ == "__main__":
    main()
