"""`curator monitor` on the command line: exit 0 when nothing crossed, exit 1 and one line naming the window, the
check, its statistic and threshold when something did (cron/CI alerting); bad options are one-line errors."""

from __future__ import annotations

import json

from .conftest import ingest_production, make_rows, set_language_for_test


def test_exit_status_and_one_line_reason(cli, ws, trained):
    ingest_production(ws, make_rows(120, "a", seed=7, day=0))
    set_language_for_test(ws, "production", {"en": 0.95, "fr": 0.05}, prefix="a")
    quiet = cli("monitor", "tickets", "--model", "latest", "--embedding", "tfidf")
    assert "no threshold crossed in 1 window(s)" in quiet.output
    ingest_production(ws, make_rows(120, "b", seed=8, day=1, extra_words=12))
    set_language_for_test(ws, "production", {"en": 0.95, "fr": 0.05}, prefix="b")
    loud = cli("monitor", "tickets", "--model", "latest", "--embedding", "none", "--max-confidence-ks", "1", ok=False)
    assert loud.exit_code == 1
    last = loud.output.strip().splitlines()[-1]
    assert last.startswith("drift in window 2026-11-21 00:00: length ks 1.000 > 0.15 (median ")
    as_json = cli("monitor", "tickets", "--model", "latest", "--embedding", "none", "--json", ok=False)
    body = json.loads(as_json.stdout)
    assert body["n_windows"] == 2 and body["n_flagged"] == 1
    assert as_json.stderr.strip().splitlines()[-1] == body["reason"]


def test_bad_options_are_one_line_errors(cli, ws, trained):
    bad_window = cli("monitor", "tickets", "--model", "latest", "--window", "1x", ok=False)
    assert bad_window.exit_code == 1 and "--window '1x': use a positive number and a unit" in bad_window.output
    no_source = cli("monitor", "tickets", "--model", "latest", ok=False)
    assert no_source.exit_code == 1 and "no source 'production'" in no_source.output
    no_model = cli("monitor", "tickets", ok=False)
    assert no_model.exit_code == 1 and "no model serves 'tickets'" in no_model.output
