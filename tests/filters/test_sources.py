"""Training examples from each source: review decisions, audit answers, a labeled file — and filters trained on them."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from curator.catalog import connect, decisions, transaction, utcnow
from curator.errors import BadInput
from curator.filters.examples import from_audits, from_reviews
from curator.filters.labeled import read_labeled
from curator.filters.model import p_drop
from curator.filters.train import train_filter
from curator.review.actions import apply_action
from curator.train.fasttext_model import load_fasttext

from .conftest import dev_records, ingest_records, sql, write_jsonl


def test_reviews_give_the_newest_keep_or_drop_of_each_sample_on_the_text_quality_judges(ws, small_set):
    ids = ingest_records(ws, small_set)
    clean = [ids[r["id"]] for r in small_set if r["class"] == "clean"]
    junk = [ids[r["id"]] for r in small_set if r["class"] == "junk"]
    apply_action(ws, junk, "drop", "junk")
    apply_action(ws, clean, "keep")
    apply_action(ws, clean[:1], "drop", "changed my mind")  # the newest review of a sample counts
    apply_action(ws, clean[1:2], "relabel", "says nothing about quality")
    # a scrubbed sample: the quality stage judges its raw original (raw_texts), so the filter learns from that
    with connect(ws) as con, transaction(con):
        con.execute("INSERT INTO raw_texts VALUES (?, 'the raw original text')", [clean[2]])
        con.execute(
            "UPDATE samples SET text = 'the <PERSON> text', pii_scrubbed = true WHERE sample_id = ?", [clean[2]]
        )
    with connect(ws, read_only=True) as con:
        ex = from_reviews(con)
    got = dict(zip(ex.ids, ex.labels, strict=True))
    assert got[clean[0]] == "drop" and got[clean[1]] == "keep" and got[junk[0]] == "drop"
    assert ex.counts() == {"keep": 39, "drop": 21}
    assert ex.texts[ex.ids.index(clean[2])] == "the raw original text"

    card = train_filter(ws, "mine", "reviews")
    assert card["source"] == "reviews" and card["raw_zone"] is True
    assert card["counts"]["train"] == {"keep": 31, "drop": 17} and card["counts"]["dev"] == {"keep": 8, "drop": 4}
    row = sql(ws, "SELECT name, source, n_keep, n_drop, n_dev, path FROM quality_filters")
    assert row == [("mine", "reviews", 31, 17, 12, card["path"])]
    assert sql(ws, "SELECT command, status FROM runs WHERE run_id = ?", [card["run_id"]]) == [
        ("train-filter", "succeeded")
    ]


def _audit(ws, items: list[dict], answers: list[list[str]]) -> None:
    """Audit items recorded as `audit decisions` records them (curator.audit.push.audit_rows) and answers as
    `annotate pull` writes them."""
    from curator.audit.push import audit_rows

    table = audit_rows([{**i, "text_hash": "h"} for i in items], list(range(len(items))), "rules", "run-audit")
    con = duckdb.connect(str(ws.catalog_path))
    try:
        con.register("t", table)
        con.execute("INSERT INTO audit_items BY NAME SELECT * FROM t")
        n = 0
        for task, (item, said) in enumerate(zip(items, answers, strict=True)):
            for who, label in enumerate(said):
                n += 1
                con.execute(
                    "INSERT INTO annotations (project, annotation_id, task_id, sample_id, annotator, label, "
                    "was_cancelled, deleted, simulated, pulled_at, run_id) "
                    "VALUES ('rules', ?, ?, ?, ?, ?, false, false, false, ?, 'pull')",
                    [n, task, item["sample_id"], f"a{who}@x", label, utcnow()],
                )
    finally:
        con.close()


def test_audit_answers_right_drop_is_drop_wrong_drop_is_keep_other_stages_and_ties_skipped(ws):
    from curator.audit.sample import SampleOptions, select

    records = dev_records(6, 6)
    ids = ingest_records(ws, records)
    rows = [
        {"sample_id": ids[r["id"]], "step": "outliers_v2", "decision": "drop", "reason": "outliers_v2: x", "seq": i}
        for i, r in enumerate(records)
    ]
    rows[0] |= {"step": "hybrid_langid_v3", "reason": "hybrid_langid_v3: not kept"}
    with connect(ws) as con, transaction(con):
        decisions.write(con, rows[1:], run_id="run-q", stage="quality")
        decisions.write(con, rows[:1], run_id="run-l", stage="langid")
        items = select(con, SampleOptions(stages=("langid", "quality"), near=0))
    assert len(items) == 12
    by_id = {ids[r["id"]]: r for r in records}
    answers = []
    for item in items:
        record = by_id[item["sample_id"]]
        answers.append(["right"] if record["class"] == "junk" else ["wrong"])
    tie = next(i for i, item in enumerate(items) if by_id[item["sample_id"]]["id"] == records[1]["id"])
    answers[tie] = ["right", "wrong"]
    _audit(ws, items, answers)
    with connect(ws, read_only=True) as con:
        ex = from_audits(con)
    assert ex.skipped == {"drop unsure": 1, "langid audit": 1}
    truth = {ids[r["id"]]: "drop" if r["class"] == "junk" else "keep" for r in records[2:]}
    assert dict(zip(ex.ids, ex.labels, strict=True)) == truth
    card = train_filter(ws, "audited", "audits")
    assert card["counts"]["skipped"] == {"drop unsure": 1, "langid audit": 1}
    assert sum(card["counts"]["train"].values()) + sum(card["counts"]["dev"].values()) == 10


def test_a_labeled_file_takes_keep_drop_labels_or_the_eval_truth_classes(tmp_path, small_set):
    truth = write_jsonl(tmp_path / "truth.jsonl", small_set)
    ex = read_labeled(truth)
    assert ex.counts() == {"keep": 40, "drop": 20} and ex.ids[0] == small_set[0]["id"]
    assert ex.kinds[0] == small_set[0]["kind"] and ex.source_ref.startswith(f"{truth} sha256:")
    plain = write_jsonl(tmp_path / "plain.jsonl", [{"text": "Fix flaky test on win32", "label": "keep"}])
    assert read_labeled(plain).labels == ["keep"] and read_labeled(plain).ids == ["line 1"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "not JSON"),
        ('{"text": "ok", "label": "maybe"}', "label 'maybe': use keep or drop"),
        ('{"text": "ok", "class": "meh"}', "class 'meh': use clean or junk"),
        ('{"text": "ok"}', "no label: give `label` (keep | drop) or `class` (clean | junk)"),
        ('{"text": "", "label": "keep"}', "no text: `text` must be a non-empty string"),
        ('["text", "keep"]', "not a JSON object"),
    ],
)
def test_a_bad_labeled_line_is_one_error_naming_file_line_and_reason(tmp_path, line, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "fine", "label": "keep"}\n\n' + line + "\n", encoding="utf-8")
    with pytest.raises(BadInput) as exc:
        read_labeled(path)
    message = str(exc.value)
    assert message.startswith(f"{path}:3: {reason}") and "\n" not in message


def test_training_is_deterministic_and_needs_both_labels(ws, tmp_path, small_set):
    truth = write_jsonl(tmp_path / "truth.jsonl", small_set)
    a, b = train_filter(ws, "a", str(truth)), train_filter(ws, "b", str(truth))
    assert a["filter_id"] != b["filter_id"] and a["dev"] == b["dev"]
    # the same probabilities (fastText may order tied words of its dictionary differently within one process, so the
    # files' bytes can differ; the models do not)
    texts = [r["text"] for r in dev_records(80, 40)]
    pa, pb = (p_drop(load_fasttext(Path(c["path"])), texts) for c in (a, b))
    assert pa.tolist() == pb.tolist() and 0.0 < pa.min() < 0.5 < pa.max() < 1.0
    only_keep = write_jsonl(tmp_path / "keep.jsonl", [r for r in small_set if r["class"] == "clean"])
    with pytest.raises(Exception, match=r"train-filter --from file: 40 keep, 0 drop; need at least 2 keep and 2 drop"):
        train_filter(ws, "c", str(only_keep))
    assert json.loads((Path(a["path"]) / "curator_filter.json").read_text())["source_ref"].startswith(str(truth))
