"""`curator models list|show|promote` print scores a person can read (issue 20's walkthrough).

On the walkthrough's Debian baseline `models list` printed `0.39359586515190154` and `models promote` its metrics
as raw JSON; the tables now round to 4 decimals and promote names each score, while `--json` keeps full values.
"""

from __future__ import annotations

import json
import re

from tests.deploy.conftest import set_test_f1, tiny_models, tiny_template  # noqa: F401  (fixtures)

LONG_FLOAT = re.compile(r"\d\.\d{5,}")


def test_models_tables_and_promote_round_the_scores(ws, cli, tiny_models):  # noqa: F811
    old, new = tiny_models
    set_test_f1(ws, old, 0.39359586515190154)
    listed = cli("models", "list", "tiny").output
    assert "0.3936" in listed and not LONG_FLOAT.search(listed), listed
    shown = cli("models", "show", old).output
    assert "0.3936" in shown and not LONG_FLOAT.search(shown), shown
    promoted = " ".join(cli("models", "promote", "tiny", old, "--reason", "baseline").output.split())
    assert f"promoted {old} to serve tiny: test_macro_f1 0.3936 · " in promoted, promoted
    assert not LONG_FLOAT.search(promoted) and "{" not in promoted, promoted
    whole = {r["model_id"]: r["test_macro_f1"] for r in json.loads(cli("models", "list", "--json").stdout)}
    assert whole[old] == 0.39359586515190154  # --json keeps the stored value
