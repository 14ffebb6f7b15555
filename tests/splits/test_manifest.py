"""The manifest schema catches incomplete or malformed manifests, naming the field."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from curator.errors import CuratorError
from curator.splits import SplitOptions, build_split
from curator.splits.manifest import validate


def test_manifest_schema_rejects_broken_manifests(curated):
    res = build_split(curated["ws"], SplitOptions("m", label_source="source"))
    good = json.loads((Path(res["path"]) / "manifest.json").read_text())
    validate(good)
    for mutate, where in [
        (lambda m: m.pop("leakage"), "(top)"),
        (lambda m: m["counts"]["parts"].update(train=-1), "counts/parts/train"),
        (lambda m: m.update(version="NOT-A-HASH"), "version"),
        (lambda m: m["files"]["train.parquet"].update(sha256="x"), "files/train.parquet/sha256"),
        (lambda m: m["params"].update(group_by="sometimes"), "params/group_by"),
    ]:
        bad = copy.deepcopy(good)
        mutate(bad)
        with pytest.raises(CuratorError, match=re.escape(f"manifest invalid at {where}:")):
            validate(bad)
