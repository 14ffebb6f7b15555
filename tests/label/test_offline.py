"""Pieces that need no server: label config, guidelines, credentials precedence, simulation plan, errors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from curator.errors import CuratorError
from curator.label import secrets, server
from curator.label.project import guidelines_html, label_config
from curator.label.simulate import SimulateOptions, plan

from .conftest import GUIDELINES


def test_label_config_has_one_escaped_choice_per_label():
    xml = label_config("text_classification", ["billing", "a'b & c"])  # quotes/& allowed by check_label: escaped
    assert '<Choice value="billing"/>' in xml and '<Choice value="a&#x27;b &amp; c"/>' in xml
    assert '<Text name="text" value="$text"/>' in xml and "{{choices}}" not in xml
    with pytest.raises(CuratorError, match="task type 'ner'"):
        label_config("ner", ["a", "b"])


def test_guidelines_become_instructions_html():
    html = guidelines_html(GUIDELINES)
    assert "<h1>" in html and "billing" in html
    with pytest.raises(CuratorError, match="no such file"):
        guidelines_html(GUIDELINES.with_name("missing.md"))


def test_credentials_env_wins_then_workspace_secrets(ws, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    with pytest.raises(CuratorError, match="curator labelstudio up"):
        server.credentials(ws)
    login = secrets.new_login(ws, 18123)
    assert server.credentials(ws) == ("http://127.0.0.1:18123", login.token)
    mode = stat.S_IMODE(os.stat(secrets.secrets_path(ws)).st_mode)
    assert mode == 0o600, oct(mode)
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://ls.example:9/")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "k")
    assert server.credentials(ws) == ("http://ls.example:9", "k")


def test_up_refuses_a_taken_port(ws, monkeypatch):
    import socket

    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(CuratorError, match=f"port {port} on 127.0.0.1 is taken"):
            server.up(ws, port, say=lambda m: None)


TASKS = [{"task_id": i, "sample_id": f"s{i}", "overlap": 1 + i % 3, "truth": "a", "done": set()} for i in range(60)]


def test_simulation_is_deterministic_and_respects_overlap():
    opts = SimulateOptions(annotators=3, accuracy=0.8, seed=7)
    first, second = plan(TASKS, [11, 12, 13], opts, ["a", "b", "c"]), plan(TASKS, [11, 12, 13], opts, ["a", "b", "c"])
    assert first == second
    per_task = {}
    for w in first:
        per_task.setdefault(w["task_id"], []).append(w["user"])
    assert all(len(set(us)) == len(us) == 1 + t % 3 for t, us in per_task.items())
    other = plan(TASKS, [11, 12, 13], SimulateOptions(annotators=3, accuracy=0.8, seed=8), ["a", "b", "c"])
    assert other != first


def test_simulation_skips_annotators_who_already_answered():
    tasks = [{"task_id": 1, "sample_id": "s1", "overlap": 3, "truth": "a", "done": {11, 12}}]
    work = plan(tasks, [11, 12, 13], SimulateOptions(annotators=3, accuracy=1.0, seed=0), ["a", "b"])
    assert [(w["user"], w["label"]) for w in work] == [(13, "a")]


@given(st.floats(0.0, 1.0), st.integers(0, 10_000))
def test_simulated_accuracy_extremes_and_label_set(acc, seed):
    work = plan(TASKS, [1, 2, 3], SimulateOptions(annotators=3, accuracy=acc, seed=seed), ["a", "b", "c"])
    assert {w["label"] for w in work} <= {"a", "b", "c"}
    if acc == 1.0:
        assert all(w["label"] == "a" for w in work)
    if acc == 0.0:
        assert all(w["label"] != "a" for w in work)


def test_gold_answer_prefers_a_curators_review_label_and_skips_unscrubbed(ws):
    from curator.catalog import connect
    from curator.label.client import Project
    from curator.label.push import PushOptions, select_samples

    from .conftest import ingest_rows, mark_scrubbed_for_test, tickets

    ingest_rows(ws, tickets(6, ("a", "b")))
    mark_scrubbed_for_test(ws, [f"k{i}" for i in range(5)])
    with connect(ws) as con:
        sid = con.execute("SELECT sample_id FROM samples WHERE source_key = 'k0'").fetchone()[0]
        con.execute(
            "INSERT INTO reviews (review_id, run_id, sample_id, action, label, created_at) "
            "VALUES ('r1', 'r', ?, 'set_label', 'b', now())",
            [sid],
        )
        project = Project("p", 1, "http://x", "text_classification", ["a", "b"], 2, 0.0)
        items = {i["sample_id"]: i for i in select_samples(con, project, PushOptions(gold_fraction=1.0))}
    assert len(items) == 5  # k5 is not scrubbed: never selected
    assert items[sid]["gold_label"] == "b" and items[sid]["kind"] == "gold"  # review beats source label 'a'
    assert all(i["overlap"] == 2 for i in items.values())  # gold tasks are always overlapped


def test_server_login_travels_in_the_environment_not_argv(ws):
    """argv is readable by every local user (`ps`), so the login goes through the child's environment; there a
    token_urlsafe password starting with "-" is no argparse option either."""
    login = secrets.Login("admin@example.com", "-Abc_def", "-0123abcd", 8081)
    cmd = server._command(Path("/usr/bin/python3"), ws, login)
    assert not [a for a in cmd if "Abc_def" in a or "0123abcd" in a or a.startswith(("--password", "--user"))]
    env = server._environment(ws, login)
    assert (env["LABEL_STUDIO_USERNAME"], env["LABEL_STUDIO_PASSWORD"], env["LABEL_STUDIO_USER_TOKEN"]) == (
        "admin@example.com",
        "-Abc_def",
        "-0123abcd",
    )


def test_an_exited_unreaped_server_counts_as_dead():
    """A server that exited during start stays a zombie of the process that spawned it: not alive."""
    import subprocess
    import time

    child = subprocess.Popen(["sleep", "0.1"])
    deadline = time.monotonic() + 10
    while server._alive(child.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not server._alive(child.pid)  # exited, not yet reaped
    child.wait()
    assert not server._alive(child.pid)


def test_simulated_answers_do_not_depend_on_server_assigned_ids():
    """Another Label Studio test run before this one shifts task and user ids; the answers must not move."""
    opts = SimulateOptions(annotators=3, accuracy=0.6, seed=3)
    shifted = [dict(t, task_id=t["task_id"] + 1000) for t in TASKS]
    a = plan(TASKS, [11, 12, 13], opts, ["a", "b", "c"])
    b = plan(shifted, [41, 42, 43], opts, ["a", "b", "c"])
    assert [(w["label"], w["skip"]) for w in a] == [(w["label"], w["skip"]) for w in b]
