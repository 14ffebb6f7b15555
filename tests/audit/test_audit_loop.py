"""The audit loop end to end against the real Label Studio server (issue 17): run → audit decisions → simulate
(an answer key: right for some, wrong for others) → pull → report → apply → a split built after carries the
figures in its card. Also: the push is idempotent and no raw value reaches any task."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from curator.audit.apply import apply
from curator.audit.push import AuditOptions, audit_decisions
from curator.audit.report import report
from curator.audit.sample import SampleOptions
from curator.audit.wilson import wilson
from curator.catalog import connect, queries
from curator.catalog.outbound import AUDIT_TASK_FIELDS
from curator.label.audit import audit_tasks
from curator.label.client import client, get_project
from curator.label.pull import pull
from curator.label.resolve import ResolveOptions, resolve
from curator.label.simulate import SimulateOptions, simulate
from curator.label.tasks import iter_tasks
from curator.splits.card import cell

from .conftest import PLANTED_VALUES, sql

pytestmark = pytest.mark.labelstudio
OPTS = AuditOptions(project="rules", sample=SampleOptions(per_rule=8, near=4, seed=1), overlap=2, overlap_fraction=0.3)


def _items(ws) -> list[tuple]:
    return sql(
        ws,
        "SELECT i.sample_id, i.step, i.kind, s.source, s.source_key "
        "FROM audit_items i JOIN samples s USING (sample_id)",
    )


def _answer_key(ws, path) -> dict[str, str]:
    """wrong for every third audited sample (by id), right for the others; written as the simulate answer key."""
    ids = sorted({(sid, src, key) for sid, _, _, src, key in _items(ws)})
    key = {sid: "wrong" if i % 3 == 0 else "right" for i, (sid, _, _) in enumerate(ids)}
    path.write_text("".join(json.dumps({"ref": f"{src}:{k}", "label": key[sid]}) + "\n" for sid, src, k in ids))
    return key


def _tasks(ws) -> list[dict]:
    with connect(ws, read_only=True) as con:
        project = get_project(con, "rules")
    return [t.data for t in iter_tasks(client(ws), project.ls_project_id, "id,data")]


def test_audit_push_is_idempotent_and_sends_scrubbed_text_only(ls, curated):
    ws = curated
    first = audit_decisions(ws, OPTS)
    assert first["sent"] > 10 and first["left_out_unscrubbed"] == 0
    assert {"drop", "near", "modify"} <= {k for r in first["by_rule"].values() for k, n in r.items() if n}
    assert audit_decisions(ws, OPTS)["sent"] == 0  # per rule counts are targets: the same audit again sends nothing
    more = audit_decisions(ws, AuditOptions(project="rules", sample=SampleOptions(per_rule=9, near=4, seed=1)))
    sent = sql(ws, "SELECT decision_run, sample_id, decision_seq FROM audit_items")
    assert len(sent) == len(set(sent)) == first["sent"] + more["sent"]  # a decision is never audited twice …
    again = audit_decisions(ws, AuditOptions(project="rules", sample=SampleOptions(per_rule=1, near=0, again=True)))
    assert again["sent"] >= 1  # … unless asked
    # the planted raw values were in texts dropped before the PII stage: scrubbed first (decisions), never sent
    assert first["scrubbed_first"] >= 2
    planted = sql(ws, "SELECT sample_id FROM samples WHERE source_key IN ('plant-ru', 'plant-dup-b')")
    assert {r[0] for r in planted} <= {r[0] for r in _items(ws)}
    scrubs = sql(ws, "SELECT count(*) FROM decisions WHERE step = 'audit_scrub' AND decision = 'modify'")[0][0]
    assert scrubs >= 2
    tasks = _tasks(ws)
    assert len(tasks) == first["sent"] + more["sent"] + again["sent"]
    assert all(tuple(data) == AUDIT_TASK_FIELDS for data in tasks)
    blob = json.dumps(tasks, ensure_ascii=False)
    assert not [v for v in PLANTED_VALUES if v in blob]
    # the planted duplicate pair: both texts shown, both scrubbed (the kept one by the PII stage, the dropped one first)
    dup = next(d for d in tasks if d["question"].startswith("Same content?") and "<PHONE_NUMBER>" in d["text"])
    assert "<PHONE_NUMBER>" in dup["other_text"] and "<EMAIL_ADDRESS>" in dup["other_text"]
    assert any("⟦" in d["text"] for d in tasks if "over-scrubbed" in d["question"])  # PII replacements marked
    scan = audit_tasks(ws, "rules")  # curator audit pii --target labelstudio, on the audit project
    assert scan["ok"], scan


def test_report_precision_equals_answer_key_apply_restores_wrong_drops_card_carries_figures(ls, curated, tmp_path):
    ws = curated
    audit_decisions(ws, OPTS)
    key = _answer_key(ws, tmp_path / "key.jsonl")
    simulate(ws, SimulateOptions(project="rules", annotators=2, accuracy=1.0, seed=0, truth=tmp_path / "key.jsonl"))
    assert pull(ws, "rules")["new"] > 0
    result = report(ws, min_precision=0.99)
    by_rule = {r["step"]: r for r in result["rules"]}
    expected: dict[str, Counter] = {}
    for sid, step, kind, _, _ in _items(ws):
        expected.setdefault(step, Counter())[(kind == "near", key[sid])] += 1
    assert set(by_rule) == set(expected)
    for step, c in expected.items():
        r = by_rule[step]
        right, wrong = c[(False, "right")], c[(False, "wrong")]
        assert (r["n_right"], r["n_wrong"], r["n_unsure"]) == (right, wrong, 0), step
        if right + wrong:
            assert r["precision"] == pytest.approx(right / (right + wrong)), step
            assert (r["ci_low"], r["ci_high"]) == pytest.approx(wilson(right, right + wrong)), step
            assert r["flagged"] == (r["ci_high"] < 0.99) and (not r["flagged"] or r["parameter"]), step
        near_right, near_wrong = c[(True, "right")], c[(True, "wrong")]
        if near_right + near_wrong:
            assert r["false_keep_rate"] == pytest.approx(near_wrong / (near_right + near_wrong)), step
        assert r["agreement"] in (None, 1.0) and r["simulated"]
    assert sum(r["n_overlapped"] for r in result["rules"]) > 0
    stored = sql(ws, "SELECT step, n_right, n_wrong FROM rule_audits WHERE run_id = ?", [result["run_id"]])
    assert {s: (a, b) for s, a, b in stored} == {s: (r["n_right"], r["n_wrong"]) for s, r in by_rule.items()}

    # audit answers are about rules, never labels of the samples
    resolve(ws, ResolveOptions())
    assert sql(ws, "SELECT count(*) FROM labels WHERE label IN ('right', 'wrong', 'unsure')")[0][0] == 0

    _check_apply(ws, key)
    _check_card(ws, by_rule)


def _check_apply(ws, key: dict[str, str]) -> None:
    wrong_drops = {sid for sid, _, kind, _, _ in _items(ws) if kind == "drop" and key[sid] == "wrong"}
    assert wrong_drops
    done = apply(ws)
    assert done["restored"] == len(wrong_drops)
    rows = sql(
        ws,
        "SELECT sample_id, status, status_stage, status_reason FROM samples WHERE sample_id IN (SELECT unnest(?))",
        [sorted(wrong_drops)],
    )
    assert {r[1] for r in rows} == {"active"} and {r[2] for r in rows} == {"review"}
    assert all("audit: auditors judged the" in r[3] for r in rows)
    restored = {r[0] for r in sql(ws, "SELECT sample_id FROM reviews WHERE action = 'keep'")}
    assert restored == wrong_drops  # exactly the samples marked wrong
    assert apply(ws)["restored"] == 0
    from curator.engine import load_recipe, run_recipe

    recipe = load_recipe()
    run_recipe(ws, recipe, recipe.stages, "local", 1)  # the same rule versions again: nothing restored is re-judged
    still = sql(
        ws,
        "SELECT count(*) FROM samples WHERE status = 'active' AND sample_id IN (SELECT unnest(?))",
        [sorted(wrong_drops)],
    )
    assert still[0][0] == len(wrong_drops)


def _check_card(ws, by_rule: dict) -> None:
    from curator.splits import SplitOptions, build_split

    built = build_split(ws, SplitOptions("tickets", label_source="source", min_per_class=1))
    folder = ws.home / sql(ws, "SELECT path FROM splits WHERE version = ?", [built["version"]])[0][0]
    manifest = json.loads((folder / "manifest.json").read_text())
    card = (folder / "README.md").read_text()
    assert {a["rule"] for a in manifest["rule_audits"]} == set(by_rule)
    for a in manifest["rule_audits"]:
        r = by_rule[a["rule"]]
        assert a["line"].startswith(f"{r['step']} ")
        if r["precision"] is not None:
            assert f"precision {r['precision']:.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}]" in a["line"]
        assert cell(a["line"]) in card
    with connect(ws, read_only=True) as con:
        assert [a["line"] for a in queries.status(con)["rule_audits"]] == [a["line"] for a in manifest["rule_audits"]]
