"""The review app's Models page shows which model serves each task name and the promotion history."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "apps" / "review" / "app.py")


def test_models_page_shows_promotions(ws, cli, tiny_models):
    old, new = tiny_models
    cli("models", "promote", "tiny", old, "--by", "ana", "--reason", "best on test")
    cli("models", "promote", "tiny", new, "--by", "bo", "--reason", "newer data")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("views/models.py").run()
    assert not at.exception, [e.value for e in at.exception]
    promos = next(d.value for d in at.dataframe if {"action", "by_user", "reason"} <= set(d.value.columns))
    got = promos[["model_id", "by_user", "reason", "previous_model"]].astype(object)
    assert got.where(got.notna(), None).values.tolist() == [
        [new, "bo", "newer data", old],
        [old, "ana", "best on test", None],
    ]
    captions = re.sub(r"\\(.)", r"\1", " ".join(str(c.value) for c in at.caption)).replace("\u2060", "")
    assert f"tiny is served by {new}" in captions
