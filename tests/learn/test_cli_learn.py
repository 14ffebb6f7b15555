"""`curator learn` on the command line without a server: one-line errors for bad input, and --compare on an empty
and on a seeded workspace (the rows as tests/learn/test_learn_loop.py's real loop writes them)."""

from __future__ import annotations

from .test_review_learn import seed_curves


def test_bad_input_is_one_line_naming_the_option(cli):
    for args, says in (
        (("learn", "x"), "give the loop's name and its project"),
        (("learn", "x", "--project", "nope"), "--project 'nope': no such project"),
        (("learn", "x", "--project", "p", "--strategy", "bogus"), "--strategy 'bogus': use random, least_confident"),
        (("learn", "x", "--project", "p", "--model", "bert"), "--model 'bert': use fasttext or minilm"),
        (("learn", "x", "--project", "p", "--truth", "t.jsonl"), "--truth is the simulated annotators' answer key"),
        (("learn", "x", "--project", "p", "--embedding", "bert"), "--embedding 'bert': use minilm or tfidf"),
        (("learn", "x", "--project", "p", "--relabel", "all"), "--relabel 'all': use none or activelab"),
        (("learn", "../x", "--project", "p"), "learn loop name"),
    ):
        res = cli(*args, ok=False)
        assert res.exit_code == 1 and says in res.output, res.output
        assert res.output.count("\n") == 1 and "Traceback" not in res.output


def test_compare_empty_then_side_by_side(cli, ws):
    assert "no learning curves yet" in cli("learn", "--compare").output
    seed_curves(ws)
    out = cli("learn", "--compare").output
    assert "marg: margin" in out and "rand: random" in out
    assert "marg labels" in out and "rand F1" in out
