"""The workspace's Label Studio login: generated once, kept in <ws>/secrets/labelstudio.json with 0600 perms.

Never stored in the catalog, never printed except by `curator labelstudio credentials`.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from curator.errors import CuratorError
from curator.workspace import Workspace

ADMIN_EMAIL = "curator@localhost.local"


@dataclass(frozen=True)
class Login:
    """The admin login of a curator-managed Label Studio server."""

    username: str
    password: str
    token: str
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def secrets_path(ws: Workspace) -> Path:
    return ws.secrets_dir / "labelstudio.json"


def write_private(path: Path, data: dict) -> None:
    """Write JSON readable by the owner only (created 0600, never world-readable even briefly)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file made by an older version may be 0644: tighten before writing
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)


def read_private(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CuratorError(f"{path}: not valid JSON ({exc.msg}); remove it and the labelstudio/ data dir") from exc


def load_login(ws: Workspace) -> Login | None:
    data = read_private(secrets_path(ws))
    return Login(**data) if data else None


def new_login(ws: Workspace, port: int) -> Login:
    """Generate and store a fresh admin login (legacy API tokens are 40 hex characters)."""
    login = Login(ADMIN_EMAIL, secrets.token_urlsafe(18), secrets.token_hex(20), port)
    write_private(secrets_path(ws), asdict(login))
    return login


def save_port(ws: Workspace, login: Login, port: int) -> Login:
    updated = Login(login.username, login.password, login.token, port)
    write_private(secrets_path(ws), asdict(updated))
    return updated
