"""learned_quality_v1: drops at or above its threshold with the probability and the filter in its reason, keeps below;
resolves a filter by name (newest), id or folder; runs inside a real recipe run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from datatrove.data import Document

from curator.errors import CuratorError
from curator.filters.model import p_drop
from curator.filters.store import resolve
from curator.filters.train import train_filter
from curator.stages.registry import build, resolve_params
from curator.train.fasttext_model import load_fasttext

from .conftest import dev_records, every, ingest_records, sql, write_jsonl

REASON = re.compile(r"learned_quality_v1: p\(drop\)=\d\.\d\d ≥ \d\.\d\d \(filter [\w.-]+\)")


@pytest.fixture
def trained(ws, tmp_path):
    """A filter `mine` trained on every 4th text of the eval set's dev part (341 texts of every kind)."""
    return train_filter(ws, "mine", str(write_jsonl(tmp_path / "truth.jsonl", every(4))))


def test_drops_at_or_above_the_threshold_with_its_reason_and_keeps_below(trained):
    texts = [r["text"] for r in every(16, 1)]  # texts it did not train on
    probs = p_drop(load_fasttext(Path(trained["path"])), texts)
    hi = min((i for i, p in enumerate(probs) if p > 0.5), key=lambda i: probs[i])  # the least sure drop
    lo = int(probs.argmin())
    assert 0.5 < probs[hi] < 0.995 and probs[lo] < 0.5
    th = round(float(probs[hi]) - 0.01, 2)
    step = build("learned_quality_v1", resolve_params("learned_quality_v1", {"model": "mine", "threshold": th}))
    verdicts = step.filter_batch([Document(text=texts[hi], id="a"), Document(text=texts[lo], id="b")])
    assert verdicts[0] == (False, f"learned_quality_v1: p(drop)={probs[hi]:.2f} ≥ {th:.2f} (filter mine)")
    assert REASON.fullmatch(verdicts[0][1]) and verdicts[1] is True
    above = build("learned_quality_v1", {"model": "mine", "threshold": round(float(probs[hi]) + 0.005, 3)})
    assert above.filter(Document(text=texts[hi], id="a")) is True


def test_a_filter_is_found_by_name_newest_first_by_id_and_by_folder(ws, trained, tmp_path):
    newer = train_filter(ws, "mine", str(write_jsonl(tmp_path / "more.jsonl", dev_records(30, 30))))
    assert resolve("mine") == Path(newer["path"])
    assert resolve(trained["filter_id"]) == Path(trained["path"])
    assert resolve(trained["path"], where=[]) == Path(trained["path"])
    with pytest.raises(CuratorError, match=r"no quality filter 'nope' \(a name, filter id or folder\) in .*models$"):
        resolve("nope")


def test_the_step_needs_a_model_and_a_probability_threshold():
    with pytest.raises(CuratorError, match="learned_quality_v1: params.model is required"):
        build("learned_quality_v1", resolve_params("learned_quality_v1", {}))
    with pytest.raises(CuratorError, match="threshold 1.5: use a probability above 0, at most 1"):
        build("learned_quality_v1", {"model": "mine", "threshold": 1.5})
    with pytest.raises(CuratorError, match="unknown param 'thresh'"):
        resolve_params("learned_quality_v1", {"thresh": 0.5})


RECIPE = """version: 1
name: learned_test
stages:
  - stage: quality
    steps:
      - step: outliers_v2
      - step: learned_quality_v1
        params: {model: mine, threshold: 0.5}
"""


def test_a_recipe_run_records_its_drops_as_decisions_with_the_reason(ws, trained, tmp_path):
    from curator.engine import load_recipe, run_recipe

    records = every(16, 1)  # 86 texts it did not train on
    ids = ingest_records(ws, records)
    recipe_path = tmp_path / "learned.yaml"
    recipe_path.write_text(RECIPE, encoding="utf-8")
    recipe = load_recipe(recipe_path)
    run_recipe(ws, recipe, recipe.stages, "local", 1)
    rows = sql(ws, "SELECT sample_id, reason FROM decisions WHERE step = 'learned_quality_v1' AND decision = 'drop'")
    assert rows and all(REASON.fullmatch(reason) for _, reason in rows)
    probs = p_drop(load_fasttext(Path(trained["path"])), [r["text"] for r in records])
    expected = {ids[r["id"]] for r, p in zip(records, probs, strict=True) if p >= 0.5}
    by_rules = {
        s for (s,) in sql(ws, "SELECT sample_id FROM decisions WHERE step = 'outliers_v2' AND decision = 'drop'")
    }
    assert {s for s, _ in rows} == expected - by_rules
    status = dict(sql(ws, "SELECT sample_id, status_reason FROM samples WHERE status = 'dropped'"))
    assert all(status[s] == reason for s, reason in rows)
