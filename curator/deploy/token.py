"""The service token: required when `curator serve` binds anything but loopback.

Kept in `<workspace>/secrets/serve.token` (0600, created on first use, never printed or put on a command line).
A client sends `Authorization: Bearer <token>`; Label Studio's ML backend settings offer only basic auth, so
`Authorization: Basic` with the token as the password (any user name) is accepted too.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import os
import secrets
import stat
from pathlib import Path

from curator.errors import CuratorError
from curator.workspace import Workspace


def token_path(ws: Workspace) -> Path:
    return ws.secrets_dir / "serve.token"


def ensure_token(ws: Workspace) -> str:
    """The workspace's service token (made once, 0600); an error when the file is readable by others."""
    path = token_path(ws)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_token(path)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        token = secrets.token_urlsafe(32)
        f.write(token + "\n")
    return token


def read_token(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise CuratorError(f"{path} is readable by others (mode {mode:o}): chmod 600 it first")
    token = path.read_text(encoding="utf-8").strip()
    if len(token) < 32:
        raise CuratorError(f"{path}: the token is too short (at least 32 characters)")
    return token


def is_loopback(host: str) -> bool:
    """Whether `host` binds loopback only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def presented(header: str | None) -> str | None:
    """The token an Authorization header carries (Bearer, or Basic's password); None if none."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")[2]
        except (binascii.Error, UnicodeDecodeError):
            return None
    return None


def authorized(header: str | None, token: str) -> bool:
    got = presented(header)
    return got is not None and hmac.compare_digest(got.encode(), token.encode())
