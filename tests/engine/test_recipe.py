"""Recipes: schema validation with the bad key named, unknown steps listing the available ones, CLI errors."""

from __future__ import annotations

import pytest
import yaml

from curator.engine.recipe import load_recipe, select_stages
from curator.errors import CuratorError


def write(tmp_path, doc) -> str:
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def recipe(**extra):
    return {"version": 1, "stages": [{"stage": "quality", "steps": [{"step": "outliers_v1"}]}], **extra}


def test_default_recipe_order_and_versions():
    rec = load_recipe()
    assert [s.stage for s in rec.stages] == ["langid", "quality", "dedup", "pii"]
    assert rec.stages[2].step_names == ["exact_dup_v1", "minhash_dup_v3"]
    assert rec.stages[2].steps[1]["params"]["num_buckets"] == 14 and rec.stages[2].steps[1]["params"]["n_grams"] == 5


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        (recipe(bogus=1), r"at \(top level\): Additional properties are not allowed \('bogus' was unexpected\)"),
        (recipe(engine={"rows_per_shard": 0}), r"at engine/rows_per_shard: 0 is less than the minimum of 1"),
        ({"version": 1, "stages": [{"stage": "qa", "steps": [{"step": "outliers_v1"}]}]}, r"at stages/0/stage: 'qa'"),
        (
            {"version": 1, "stages": [{"stage": "quality", "steps": [{"step": "outliers_v1", "parms": {}}]}]},
            r"at stages/0/steps/0: Additional properties are not allowed \('parms' was unexpected\)",
        ),
        (
            {"version": 1, "stages": [{"stage": "quality", "steps": [{"step": "fasttext_langid_v1"}]}]},
            r"step fasttext_langid_v1 belongs to stage langid, not quality",
        ),
        (
            {"version": 1, "stages": [{"stage": "quality", "steps": [{"step": "outliers_v1", "params": {"x": 1}}]}]},
            r"at stages/0/steps/0/params: step outliers_v1: unknown param 'x'",
        ),
    ],
)
def test_bad_recipes_name_the_bad_key(tmp_path, doc, message):
    with pytest.raises(CuratorError, match=message):
        load_recipe(write(tmp_path, doc))


def test_unknown_step_lists_available(tmp_path):
    doc = {"version": 1, "stages": [{"stage": "quality", "steps": [{"step": "gopher_v2"}]}]}
    with pytest.raises(CuratorError, match=r"unknown step 'gopher_v2'; available steps: c4_quality_v1, .*outliers_v1"):
        load_recipe(write(tmp_path, doc))


def test_select_stages_unknown(tmp_path):
    rec = load_recipe(write(tmp_path, recipe()))
    with pytest.raises(CuratorError, match=r"--stages: dedup not in recipe .* \(it has quality\)"):
        select_stages(rec, ["dedup"])


def test_cli_errors_are_one_line(cli, tmp_path):
    res = cli("run", "--executor", "spark", ok=False)
    assert res.exit_code == 1 and "error: --executor 'spark': use local, ray, slurm" in res.output
    res = cli("run", str(tmp_path / "missing.yaml"), ok=False)
    assert res.exit_code == 1 and "not found" in res.output


def test_cli_nothing_to_do_on_empty_catalog(cli, tmp_path):
    res = cli("run", str(write(tmp_path, recipe())))
    assert "nothing to do" in res.output
