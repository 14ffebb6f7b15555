"""`curator splits diff A B` explains every change (issue 17): a scripted history — ingest, a rule's drop, a re-judge
that restores, a revert, a curator's keep / drop / set-label, a label resolution, a re-split with a new seed — is
explained sample by sample, by the decision or run that caused each change.

Everything is done by curator's own code (ingest, the engine's stages, revert, review actions, resolve, build-split)
except the Label Studio round trip: the three annotations of one sample are written as `annotate pull` writes them
(its own tests cover pull against a real server), then the real `resolve` turns them into a label.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from curator.catalog import connect, transaction, utcnow
from curator.catalog.ids import make_sample_id
from curator.catalog.revert import revert_run
from curator.engine import load_recipe, run_recipe
from curator.ingest import IngestOptions, ingest
from curator.label.resolve import ResolveOptions, resolve
from curator.review.actions import apply_action
from curator.splits import SplitOptions, build_split
from curator.splits.diff import explain_diff

PROBLEMS = [
    "my order {n} arrived with a cracked screen",
    "I was charged twice for the yearly plan",
    "the app crashes when I open the settings page",
    "the tracking page has not changed for nine days",
    "the promo code was accepted but no discount was applied",
    "my password reset email never arrives",
    "the blender I bought makes a loud grinding noise",
    "the invoice shows the wrong company address",
]
ASKS = [
    "Could you send a replacement as soon as possible?",
    "Please refund the extra payment to my card.",
    "Is there a fix or should I reinstall everything?",
    "Can you tell me where the package is right now?",
    "Please apply the discount and confirm by email.",
    "Could you check what is wrong with my account?",
]
LABELS = ("billing", "bug", "shipping")
GERMAN = [
    "Hallo, meine Bestellung ist seit zwei Wochen nicht angekommen. Können Sie mir bitte helfen?",
    "Guten Tag, die Rechnung zeigt einen falschen Betrag. Bitte schicken Sie mir eine neue Rechnung.",
]
SHORT = ["please help with my order", "my invoice is wrong again"]  # 5 words: dropped once min_words is 8


def _ticket(i: int) -> str:
    problem = PROBLEMS[i % len(PROBLEMS)].format(n=4400 + i)
    return f"Hello, {problem}. {ASKS[(i * 5 + 1) % len(ASKS)]} Thanks for your help, ticket {i}."


def _long(i: int) -> str:
    return " ".join(_ticket(i + k) for k in range(4))  # ~400 characters: dropped while max_chars is 350


def _records(keys: list[str], start: int = 0) -> list[dict]:
    return [{"id": k, "text": _ticket(start + i), "label": LABELS[i % 3]} for i, k in enumerate(keys)]


def _ingest(ws, folder: Path, name: str, records: list[dict]) -> None:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    ingest(ws, [path], IngestOptions("t", time_field=None, workers=1))


def _recipe(folder: Path, name: str, max_chars: int, min_words: int):
    doc = {
        "version": 1,
        "name": name,
        "stages": [
            {
                "stage": "langid",
                "steps": [{"step": "fasttext_langid_v1", "params": {"keep": ["en"], "min_score": 0.4}}],
            },
            {
                "stage": "quality",
                "steps": [{"step": "outliers_v1", "params": {"max_chars": max_chars, "min_words": min_words}}],
            },
            {"stage": "pii", "steps": [{"step": "presidio_pii_v1", "params": {"names": "all"}}]},
        ],
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_recipe(path)


def _run(ws, recipe) -> dict[str, str]:
    return {r.stage: r.run_id for r in run_recipe(ws, recipe, recipe.stages, "local", 2)}


def _split(ws, seed: int = 13) -> str:
    opts = SplitOptions("tickets", seed=seed, label_source="resolved_or_source", min_per_class=2, near_dup=False)
    return f"tickets@{build_split(ws, opts)['version']}"


def _annotate(ws, key: str, votes: dict[str, str]) -> None:
    """Three annotations of one sample, as `curator annotate pull` records them."""
    sample, now = make_sample_id("t", key), utcnow()
    with connect(ws) as con, transaction(con):
        con.execute(
            "INSERT INTO ls_tasks VALUES ('p', 1, ?, 'normal', NULL, 3, 0, 'h', NULL, NULL, ?, 'push-run')",
            [sample, now],
        )
        for i, (who, label) in enumerate(votes.items()):
            con.execute(
                "INSERT INTO annotations VALUES "
                "('p', ?, 1, ?, ?, ?, ?, false, false, 3.0, ?, ?, false, NULL, ?, 'pull')",
                [i + 1, sample, who, i + 1, label, now, now, now],
            )


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    from curator.catalog.init import init_workspace

    folder = tmp_path_factory.mktemp("history")
    ws, _ = init_workspace(folder / "ws")
    base = _records([f"e{i:02d}" for i in range(36)])
    extra = [{"id": f"de{i}", "text": t, "label": LABELS[i]} for i, t in enumerate(GERMAN)]
    extra += [{"id": f"long{i}", "text": _long(50 + 5 * i), "label": LABELS[i]} for i in range(2)]
    extra += [{"id": f"short{i}", "text": t, "label": LABELS[i]} for i, t in enumerate(SHORT)]
    _ingest(ws, folder, "first", base + extra)
    first = _run(ws, _recipe(folder, "r350", max_chars=350, min_words=3))  # langid drops de*, quality long*
    apply_action(ws, [make_sample_id("t", "e00")], "drop", "off topic", reviewer="ana")
    a = _split(ws)

    _ingest(ws, folder, "second", _records(["new0", "new1", "new2"], start=100))
    revert_run(ws, first["langid"])  # de0, de1 active again
    _run(ws, _recipe(folder, "r1000", max_chars=1000, min_words=8))  # re-judges long*: restored; drops short*
    apply_action(ws, [make_sample_id("t", "e00")], "keep", "on topic after all", reviewer="ana")
    apply_action(ws, [make_sample_id("t", "e01")], "drop", "spam", reviewer="ben")
    apply_action(ws, [make_sample_id("t", "e02")], "set_label", label="billing", reviewer="ben")  # was shipping
    _annotate(ws, "e03", {"ann1@x.org": "bug", "ann2@x.org": "bug", "ann3@x.org": "billing"})  # e03 was billing
    resolve(ws, ResolveOptions(policy="majority"))
    b = _split(ws)
    c = _split(ws, seed=7)
    return ws, a, b, c, first


def _by_key(ws, changes: list[dict]) -> dict[tuple[str, str], dict]:
    with connect(ws, read_only=True) as con:
        keys = dict(con.execute("SELECT sample_id, source_key FROM samples").fetchall())
    return {(keys[c["sample_id"]], c["change"]): c for c in changes}


def test_scripted_history_is_explained_sample_by_sample(history):
    ws, a, b, _, first = history
    with connect(ws, read_only=True) as con:
        d = explain_diff(con, a, b)
    got = _by_key(ws, d["changes"])
    expected = {
        **{(f"new{i}", "added"): ("ingest", "ingest_v1") for i in range(3)},
        **{(f"de{i}", "added"): ("revert", "revert_v1") for i in range(2)},
        **{(f"long{i}", "added"): ("restore", "outliers_v1") for i in range(2)},
        **{(f"short{i}", "removed"): ("rule", "outliers_v1") for i in range(2)},
        ("e00", "added"): ("review", "review_keep_v1"),
        ("e01", "removed"): ("review", "review_drop_v1"),
        ("e02", "relabeled"): ("review", "review_set_label_v1"),
        ("e03", "relabeled"): ("label", "majority"),
    }
    for key, (cause, by) in expected.items():
        assert key in got, f"{key} not among the changes"
        assert (got[key]["cause"], got[key]["by"]) == (cause, by), got[key]
    assert {k for k in got if k[1] != "moved"} == set(expected)  # nothing else was added, removed or relabelled
    assert got[("de0", "added")]["run_id"] != first["langid"] and "revert" in got[("de0", "added")]["detail"]
    assert "dropped by quality: outliers_v1" in got[("short0", "removed")]["detail"]
    assert (got[("e02", "relabeled")]["from"], got[("e02", "relabeled")]["to"]) == ("shipping", "billing")
    assert "ben" in got[("e02", "relabeled")]["detail"]
    e03 = got[("e03", "relabeled")]
    assert (e03["from"], e03["to"]) == ("billing", "bug")
    assert e03["annotators"] == ["ann1@x.org", "ann2@x.org", "ann3@x.org"] and "bug 2, billing 1" in e03["detail"]
    moved = [c for c in d["changes"] if c["change"] == "moved"]
    assert all(c["cause"] in ("reallocation", "label", "review") for c in moved), moved  # no param changed
    assert not [c for c in d["changes"] if c["cause"] == "unexplained"]
    counts = {(r["change"], r["cause"], r["by"]): r["samples"] for r in d["by_cause"]}
    assert counts[("added", "ingest", "ingest_v1")] == 3 and counts[("removed", "rule", "outliers_v1")] == 2
    assert sum(counts.values()) == len(d["changes"])


def test_new_seed_moves_are_explained_by_the_params(history):
    ws, _, b, c, _ = history
    with connect(ws, read_only=True) as con:
        d = explain_diff(con, b, c)
    assert d["params_changed"] == {"seed": [13, 7]}
    assert d["moved"] > 0 and d["added"] == d["removed"] == d["relabeled"] == 0
    assert {(ch["change"], ch["cause"], ch["by"]) for ch in d["changes"]} == {("moved", "params", "seed")}
    assert "seed 13 → 7" in d["changes"][0]["detail"]


def test_one_sample_story_and_order_of_versions(history, cli):
    ws, a, b, _, _ = history
    e03 = make_sample_id("t", "e03")
    out = cli("splits", "diff", b, a, "--sample", e03, "--json").stdout  # newer first: read oldest → newest
    d = json.loads(out[out.index("{") :])
    assert d["swapped"] is True and d["a"] == a and d["b"] == b
    st = d["sample"]
    assert st["a"]["label"] == "billing" and st["b"]["label"] == "bug"
    assert [e["step"] for e in st["events"] if e["decision"] == "label"] == ["majority_v1"]
    assert st["changes"][0]["cause"] == "label"
    text = cli("splits", "diff", a, b).stdout
    assert "changes by cause" in text and "revert_v1" in text and "outliers_v1" in text
    bad = cli("splits", "diff", a, b, "--sample", "nope\x1b[31m", ok=False)
    assert bad.exit_code == 1 and "no such sample" in bad.output and "\x1b" not in bad.output


@pytest.fixture
def cli(history):
    from typer.testing import CliRunner

    from curator.cli import app

    ws = history[0]

    def invoke(*args: str, ok: bool = True):
        result = CliRunner().invoke(app, ["--home", str(ws.home), *args])
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke
