"""Re-judging (issue 20): a stage whose key changed judges again the samples it dropped under the old key.

A loosened langid threshold (min_score 0.4 → 0.1) restores exactly the English one-liners it dropped for their score,
through recorded `keep` decisions that `explain` shows; languages still not kept stay dropped; a sample a curator
dropped in review is not re-judged. Stages before PII judge the raw text, or, after purge-raw, the scrubbed text
without its placeholders.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from curator.catalog import connect, decisions
from curator.engine import load_recipe, run_recipe
from curator.engine.recipe import DEFAULT_RECIPE
from curator.stages.registry import get_stage
from tests.ingest.hazards import write_jsonl

LOW = {  # English one-liners fastText scores between 0.1 and 0.4 (Debian-style package descriptions)
    "dotfiles": "Tool to manage dotfiles",
    "perl": "Perl module for HTTP",
    "x11": "X11 keyboard utility",
    "dhcp": "daemon for DHCP",
}
CLEAR = {
    "qt": "Qt widgets for terminals",
    "gnu": "GNU C library: shared libraries",
    "ru": "Здравствуйте, мой заказ до сих пор не пришёл. Помогите, пожалуйста.",
    "zh": "你好，我的订单还没有到。请帮我查一下物流信息，谢谢。",
}


def _langid(min_score: float) -> dict:
    """fastText language ID alone (not the default recipe's langid, which may change): drops below min_score."""
    params = {"keep": ["en", "de", "fr", "es", "it", "nl", "pt"], "min_score": min_score}
    return {"stage": "langid", "steps": [{"step": "fasttext_langid_v1", "params": params}]}


def _recipe(folder: Path, min_score: float) -> object:
    doc = yaml.safe_load(DEFAULT_RECIPE.read_text())
    doc["stages"] = [_langid(min_score)]
    path = folder / f"recipe-{min_score}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_recipe(path)


def _status(ws) -> dict[str, tuple[str, str | None]]:
    with connect(ws, read_only=True) as con:
        rows = con.execute("SELECT source_key, status, status_stage FROM samples").fetchall()
    return {key: (status, stage) for key, status, stage in rows}


def _review_drop(ws, key: str) -> None:
    with connect(ws) as con:
        sid = con.execute("SELECT sample_id FROM samples WHERE source_key = ?", [key]).fetchall()[0][0]
        row = {"sample_id": sid, "step": "review_v1", "decision": "drop", "reason": "curator: not a package", "seq": 1}
        decisions.write(con, [row], run_id="review-test", stage="review")


def test_loosened_threshold_restores_exactly_the_score_drops(cli, ws, tmp_path):
    rows = [{"id": key, "text": text} for key, text in {**LOW, **CLEAR}.items()]
    cli("ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    run_recipe(ws, _recipe(tmp_path, 0.4), _recipe(tmp_path, 0.4).stages, "local", 1)
    first = _status(ws)
    assert {k for k, (s, _) in first.items() if s == "dropped"} == {*LOW, "ru", "zh"}
    _review_drop(ws, "dhcp")  # a curator's decision: never re-judged

    loose = _recipe(tmp_path, 0.1)
    reports = run_recipe(ws, loose, loose.stages, "local", 1)

    after = _status(ws)
    assert {k for k, (s, _) in after.items() if s == "active"} == {"dotfiles", "perl", "x11", "qt", "gnu"}
    assert after["dhcp"] == ("dropped", "review") and after["ru"] == ("dropped", "langid")
    assert reports[0].counts["restored"] == 3
    with connect(ws, read_only=True) as con:
        restores = con.execute(
            "SELECT s.source_key, d.decision, d.reason, d.details::VARCHAR FROM decisions d JOIN samples s "
            "USING (sample_id) WHERE d.stage = 'langid' AND json_extract_string(d.details, '$.restores') = 'true'"
        ).fetchall()
        dhcp_langid = con.execute(
            "SELECT count(*) FROM decisions d JOIN samples s USING (sample_id) "
            "WHERE s.source_key = 'dhcp' AND d.stage = 'langid'"
        ).fetchall()[0][0]
    assert sorted(r[0] for r in restores) == ["dotfiles", "perl", "x11"]
    for _, decision, reason, details in restores:
        assert decision == "keep" and reason.startswith("re-judged by langid with new params: passes (language en")
        assert json.loads(details)["restores"] is True
    assert dhcp_langid == 1  # only the first run's drop: the review-held sample was not exported again

    story = cli("explain", _sid(ws, "perl")).output
    assert "language score 0.22 < 0.4" in story and "re-judged by langid with new params: passes" in story


def test_a_second_run_with_the_same_params_rejudges_nothing(cli, ws, tmp_path):
    rows = [{"id": key, "text": text} for key, text in LOW.items()]
    cli("ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    strict = _recipe(tmp_path, 0.4)
    run_recipe(ws, strict, strict.stages, "local", 1)
    again = run_recipe(ws, strict, strict.stages, "local", 1)
    assert again[0].status == "nothing to do"


def test_stages_before_pii_judge_raw_text_or_neutral_placeholders(cli, ws, tmp_path):
    rows = [{"id": "raw", "text": "Python interface to Guido"}, {"id": "purged", "text": "Python interface to x"}]
    cli("ingest", str(write_jsonl(tmp_path / "p.jsonl", rows)), "--source", "p")
    with connect(ws) as con:  # the state PII leaves: "raw" scrubbed with its original kept, "purged" after purge-raw
        con.execute("UPDATE samples SET text = 'Python interface to <PERSON>', pii_scrubbed = true")
        con.execute(
            "INSERT INTO raw_texts (sample_id, text) SELECT sample_id, 'Python interface to Guido' FROM samples "
            "WHERE source_key = 'raw'"
        )
        judged = {}
        for name in ("langid", "quality"):
            stage = get_stage(name)
            sql = f"SELECT s.source_key, x.text FROM ({stage.export_sql()}) x JOIN samples s USING (sample_id)"
            params = {k: v for k, v in {"stage": name, "key": "new"}.items() if f"${k}" in sql}
            judged[name] = dict(con.execute(sql, params).fetchall())
    assert judged["langid"] == {"raw": "Python interface to Guido", "purged": "Python interface to"}
    assert judged["quality"] == judged["langid"]


def _sid(ws, key: str) -> str:
    with connect(ws, read_only=True) as con:
        return con.execute("SELECT sample_id FROM samples WHERE source_key = ?", [key]).fetchall()[0][0]


def test_restored_samples_go_through_the_later_stages_of_the_default_recipe(cli, ws, tmp_path):
    doc = yaml.safe_load(DEFAULT_RECIPE.read_text())
    rows = [{"id": key, "text": text} for key, text in {**LOW, **CLEAR}.items()]
    rows.append({"id": "pii", "text": "Hi, this is John Smith. Please call me at 555-123-4567 about my refund."})
    cli("ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    for min_score in (0.4, 0.1):
        doc["stages"] = [_langid(min_score), *[s for s in doc["stages"] if s["stage"] != "langid"]]
        path = tmp_path / f"full-{min_score}.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False))
        recipe = load_recipe(path)
        reports = {r.stage: r for r in run_recipe(ws, recipe, recipe.stages, "local", 1)}
    assert reports["langid"].counts["restored"] == len(LOW)
    assert reports["quality"].counts["in"] == len(LOW)  # quality's key is unchanged: only the restored are new
    with connect(ws, read_only=True) as con:
        rows = con.execute(
            "SELECT source_key, status, status_stage, pii_scrubbed, (SELECT count(*) FROM decisions d WHERE "
            "d.sample_id = s.sample_id AND d.stage = 'quality') FROM samples s WHERE source_key IN ? ORDER BY 1",
            [list(LOW)],
        ).fetchall()
        pii_lang = con.execute(
            "SELECT d.reason FROM decisions d JOIN samples s USING (sample_id) WHERE s.source_key = 'pii' "
            "AND d.stage = 'langid' ORDER BY d.created_at"
        ).fetchall()
    # every restored one-liner was judged by quality (the short ones drop there: Gopher's min_doc_words 5);
    # the ones that pass were scrubbed by PII like any other
    assert all(n_quality == 1 for *_, n_quality in rows), rows
    assert all(scrubbed or (status, stage) == ("dropped", "quality") for _, status, stage, scrubbed, _ in rows), rows
    assert len(pii_lang) == 2  # the scrubbed sample was judged again by langid (on its raw text)


def test_curator_run_says_how_many_earlier_drops_it_restored(cli, ws, tmp_path):
    rows = [{"id": key, "text": text} for key, text in LOW.items()]
    cli("ingest", str(write_jsonl(tmp_path / "pkgs.jsonl", rows)), "--source", "pkgs")
    _recipe(tmp_path, 0.4), _recipe(tmp_path, 0.1)  # writes recipe-0.4.yaml and recipe-0.1.yaml
    cli("run", str(tmp_path / "recipe-0.4.yaml"))
    out = cli("run", str(tmp_path / "recipe-0.1.yaml")).output
    assert "langid: 4 earlier drop(s) re-judged with the new params pass: active again" in out


def test_a_rejudge_that_flags_instead_of_dropping_restores_too(cli, ws, tmp_path):
    """A step may keep an unsure sample with a `flag` (not a drop): a re-judge that flags restores it as a keep does."""
    cli("ingest", str(write_jsonl(tmp_path / "f.jsonl", [{"id": "f", "text": "daemon for DHCP"}])), "--source", "f")
    sid = _sid(ws, "f")
    drop = {"sample_id": sid, "step": "fasttext_langid_v1", "decision": "drop", "reason": "score", "seq": 1}
    details = json.dumps({"key": "k2", "restores": True})
    flag = {"sample_id": sid, "step": "x_v1", "decision": "flag", "reason": "unsure", "details": details, "seq": 1}
    with connect(ws) as con:
        decisions.write(con, [drop], run_id="run-a", stage="langid")
        assert con.execute("SELECT status FROM samples").fetchall() == [("dropped",)]
        decisions.write(con, [flag], run_id="run-b", stage="langid")
        assert con.execute("SELECT status, status_stage FROM samples").fetchall() == [("active", "langid")]


def test_a_later_dedup_run_compares_the_texts_as_they_were_not_their_placeholders(cli, ws, tmp_path):
    """Two different one-liners that PII scrubbing turned into the same placeholder text are no duplicates."""
    rows = [{"id": "emacs", "text": "Simple Emacs-Perl InterAction"}, {"id": "kde", "text": "KDE Markdown KPart"}]
    cli("ingest", str(write_jsonl(tmp_path / "d.jsonl", rows)), "--source", "d")
    with connect(ws) as con:  # the state a PII run leaves (its NER took both for names): originals in raw_texts
        con.execute("INSERT INTO raw_texts (sample_id, text) SELECT sample_id, text FROM samples")
        con.execute("UPDATE samples SET text = '<PERSON>', pii_scrubbed = true")
    cli("run", "--stages", "dedup", "--workers", "1")
    assert {key: status for key, (status, _) in _status(ws).items()} == {"emacs": "active", "kde": "active"}


def test_a_looser_dedup_says_how_many_earlier_drops_it_did_not_revisit(cli, ws, tmp_path):
    """Dedup decides clusters as a whole and does not re-judge: `curator run` says so and names the way back."""
    base = "The mirror of the Debian archive keeps every package for the stable release, updated twice a day"
    rows = [{"id": "a", "text": base}, {"id": "b", "text": base + " by volunteers."}]
    cli("ingest", str(write_jsonl(tmp_path / "d.jsonl", rows)), "--source", "d")
    cli("run", "--stages", "dedup", "--workers", "1")
    before = {k: s for k, (s, _) in _status(ws).items()}
    assert sorted(before.values()) == ["active", "dropped"]
    doc = yaml.safe_load(DEFAULT_RECIPE.read_text())
    dedup = next(s for s in doc["stages"] if s["stage"] == "dedup")
    near = next(s for s in dedup["steps"] if s["step"].startswith("minhash_dup"))
    near.setdefault("params", {})["min_similarity"] = 0.99
    path = tmp_path / "looser.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    out = cli("run", str(path), "--stages", "dedup", "--workers", "1").output
    assert "dedup: 1 earlier drop(s) under other params not revisited" in out and "curator revert RUN_ID" in out
    assert {k: s for k, (s, _) in _status(ws).items()} == before
