"""The step registry: versioned names, unknown names list the available steps, params are checked."""

from __future__ import annotations

import re

import pytest

from curator.errors import CuratorError
from curator.stages.registry import REGISTRY, STAGES, StepInfo, available, get_step, resolve_params


def test_every_registered_step_loads_from_its_stage_folder_with_matching_name():
    """Each entry's target imports, the class says the registered name, and it lives in its stage's folder: a
    step registered under the wrong stage, or a target left behind by a rename, fails here."""
    for name, info in REGISTRY.items():
        cls = info.load()
        assert cls.name == name, (name, info.target)
        assert info.stage in STAGES and cls.__module__.startswith(f"curator.stages.{info.stage}."), name
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*_v[1-9][0-9]*", name), name


def test_version_is_the_number_after_the_last_v():
    assert REGISTRY["gopher_quality_v1"].version == 1
    assert StepInfo("my_v2_rule_v12", "quality", "m:C", "").version == 12


def test_unknown_step_lists_available():
    with pytest.raises(CuratorError) as exc:
        get_step("gopher_v9")
    assert "unknown step 'gopher_v9'" in str(exc.value)
    assert all(name in str(exc.value) for name in available())


def test_unknown_param_is_named():
    with pytest.raises(CuratorError, match=r"step outliers_v1: unknown param 'min_charz'; known: .*min_chars"):
        resolve_params("outliers_v1", {"min_charz": 3})


def test_resolved_params_include_defaults():
    params = resolve_params("minhash_dup_v1", {"num_buckets": 20})
    assert params == {
        "n_grams": 5,
        "num_buckets": 20,
        "hashes_per_bucket": 8,
        "seed": 1,
        "tokenizer": "fast",
        "impl": "fast",
    }
