"""The step registry: versioned names, unknown names list the available steps, params are checked."""

from __future__ import annotations

import pytest

from curator.errors import CuratorError
from curator.stages.registry import REGISTRY, available, get_step, resolve_params


def test_every_registered_step_loads_with_matching_name():
    for name, info in REGISTRY.items():
        cls = info.load()
        assert cls.name == name and info.version == int(name.rsplit("_v", 1)[1])


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
    assert params == {"n_grams": 5, "num_buckets": 20, "hashes_per_bucket": 8, "seed": 1, "tokenizer": "fast",
                      "impl": "fast"}  # fmt: skip
