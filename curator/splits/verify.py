"""A registered split version, checked before anything reads it: train, evaluate and export go through here.

A reference is `NAME@VERSION` (a unique prefix of the version is enough) or `NAME` for its latest version, looked up
in the catalog's `splits` table: never a path. The version's folder is `<workspace>/splits/NAME/VERSION` (both
validated identifiers, so it cannot leave the workspace); its manifest.json must have the sha256 the catalog
recorded at build-split, and each part file the sha256 its manifest lists (schemas/split_manifest.schema.json).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import jsonschema

from curator.errors import CuratorError
from curator.names import check_identifier
from curator.splits import manifest as manifest_schema
from curator.splits.inspect import resolve
from curator.splits.options import PARTS
from curator.splits.store import sha256_file
from curator.workspace import Workspace


@dataclass(frozen=True)
class VerifiedSplit:
    """A split version whose manifest and part files match what build-split recorded."""

    name: str
    version: str
    path: Path
    manifest: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"


def verified_split(con: duckdb.DuckDBPyConnection, ws: Workspace, ref: str) -> VerifiedSplit:
    """The registered version `ref` names, after checking its manifest and every part's sha256 (one-line errors)."""
    row = resolve(con, ref)
    name = check_identifier(row["name"], "split name")
    version = check_identifier(row["version"], "split version")
    path = ws.splits_dir / name / version
    if not path.is_dir():
        raise CuratorError(f"{path} is missing: the files of split {name}@{version} were moved or deleted")
    man = _checked_manifest(path / "manifest.json", row)
    for part in PARTS:
        _check_part(path / f"{part}.parquet", man["files"][f"{part}.parquet"]["sha256"])
    return VerifiedSplit(name, version, path, man)


def _checked_manifest(path: Path, row: dict[str, Any]) -> dict[str, Any]:
    if not path.is_file():
        raise CuratorError(f"{path} is missing: the split's files were moved or deleted")
    data = path.read_bytes()
    recorded = row.get("manifest_sha256")
    if recorded and hashlib.sha256(data).hexdigest() != recorded:
        raise CuratorError(f"{path}: sha256 differs from the one the catalog recorded at build-split (file changed)")
    try:
        man = json.loads(data)
        jsonschema.validate(man.get("files"), manifest_schema.schema()["properties"]["files"])
    except (ValueError, AttributeError, jsonschema.ValidationError) as exc:
        reason = exc.message if isinstance(exc, jsonschema.ValidationError) else "not a JSON object"
        raise CuratorError(f"{path}: no valid file list ({reason})") from None
    if (man.get("name"), man.get("version")) != (row["name"], row["version"]):
        raise CuratorError(
            f"{path}: describes {man.get('name')}@{man.get('version')}, not {row['name']}@{row['version']}"
        )
    return man


def _check_part(path: Path, expected: str) -> None:
    if not path.is_file():
        raise CuratorError(f"{path} is missing: the split's files were moved or deleted")
    actual = sha256_file(path)
    if actual != expected:
        raise CuratorError(
            f"{path}: sha256 {actual[:16]}… does not match the manifest's {expected[:16]}… "
            "(the file changed after build-split): refusing to use it"
        )
