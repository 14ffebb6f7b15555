"""build-split says what it left out, by reason, and which option includes it (issue 20)."""

from __future__ import annotations

import json

import pytest

from curator.errors import CuratorError
from curator.splits import SplitOptions, build_split
from tests.splits.conftest import mark_curated


@pytest.fixture
def few_resolved(curated):
    """120 tickets with source labels; 31 have a resolved label (one of them alone in its class), 2 are dropped,
    1 is not scrubbed."""
    labels = {f"k{i:04d}": ("spam" if i % 2 else "ham") for i in range(30)} | {"k0030": "rare"}
    mark_curated(curated["ws"], dropped=["k0100", "k0101"], unscrubbed=["k0102"], labels=labels)
    return curated["ws"]


def test_default_build_names_what_it_left_out_and_the_option_that_includes_it(few_resolved, cli):
    res = json.loads(cli("build-split", "t", "--json").stdout)
    assert sum(res["counts"]["parts"].values()) == 30
    assert res["left_out"] == [
        {
            "reason": "not active (dropped by curation or review)",
            "samples": 2,
            "include": "no option: see why with `curator status` / `curator explain ID`",
        },
        {"reason": "not PII-scrubbed yet", "samples": 1, "include": "run the recipe's pii stage (`curator run`)"},
        {
            "reason": "no resolved label, but a source label",
            "samples": 86,
            "include": "--label-source resolved_or_source",
        },
        {"reason": "class 'rare' too small", "samples": 1, "include": "--min-per-class 1"},
    ]
    text = cli("build-split", "t").stdout
    assert "left out 90 samples:" in text
    assert "86 no resolved label, but a source label → --label-source resolved_or_source" in text
    shown = cli("splits", "show", "t").stdout
    assert "86 no resolved label, but a source label → --label-source resolved_or_source" in shown
    wider = json.loads(cli("build-split", "t", "--label-source", "resolved_or_source", "--json").stdout)
    assert sum(wider["counts"]["parts"].values()) == 116  # the 86 came in; 'rare' (1 sample) is still too small
    assert [e["reason"] for e in wider["left_out"]][2:] == ["class 'rare' too small"]


def test_no_candidates_error_says_what_was_left_out(curated):
    mark_curated(curated["ws"], labels={})
    with pytest.raises(
        CuratorError,
        match=r"left out: 120 no resolved label, but a source label \(include: "
        r"--label-source resolved_or_source\)",
    ):
        build_split(curated["ws"], SplitOptions("t"))


def test_no_candidates_error_reads_as_words_with_one_suggestion(curated):
    mark_curated(curated["ws"], labels={})
    with pytest.raises(CuratorError) as err:
        build_split(curated["ws"], SplitOptions("t"))
    msg = str(err.value)
    assert msg.startswith(
        "no candidates: 120 samples · 120 active · 120 active and PII-scrubbed · 0 of those with a resolved label"
    )
    assert "{" not in msg  # no Python dict
    assert msg.count("--label-source") == 1  # one way in, not two
