"""The recipe parameter that drives a rule's decisions, named in the report when its precision is too low.

A rule's most frequent drop reason class names the check that fired (e.g. outliers_v1's `too_short`); the
parameter of that check, with the value the last run of the rule used (runs.config), is what a user would change.
"""

from __future__ import annotations

import json
import re
from typing import Any

import duckdb

# (rule, a word of its reason) → parameter; the first match wins, "" matches any reason of the rule
BY_REASON: dict[str, list[tuple[str, str]]] = {
    "fasttext_langid_v1": [("score", "min_score"), ("not kept", "keep")],
    "hybrid_langid_v1": [("score", "min_score"), ("not kept", "keep")],
    "learned_quality_v1": [("p(drop)", "threshold")],
    "outliers_v1": [
        ("too_short", "min_chars"),
        ("too_few_words", "min_words"),
        ("too_long", "max_chars"),
        ("non_letters", "min_letter_ratio"),
        ("symbol_word_ratio", "max_symbol_word_ratio"),
        ("char_run", "max_char_run"),
        ("repeated_words", "min_unique_word_ratio"),
    ],
    "gopher_quality_v1": [
        ("short_doc", "min_doc_words"),
        ("long_doc", "max_doc_words"),
        ("below_avg", "min_avg_word_length"),
        ("above_avg", "max_avg_word_length"),
        ("hashes", "max_symbol_word_ratio"),
        ("end_ellipsis", "max_ellipsis_lines_ratio"),
        ("ellipsis", "max_symbol_word_ratio"),
        ("bullets", "max_bullet_lines_ratio"),
        ("alpha", "max_non_alpha_words_ratio"),
        ("stop_words", "min_stop_words"),
    ],
    "fineweb_quality_v1": [
        ("line_punct", "line_punct_thr"),
        ("short_line", "short_line_thr"),
        ("char_dup", "char_duplicates_ratio"),
        ("list_ratio", "new_line_ratio"),
    ],
    "c4_quality_v1": [
        ("lorem_ipsum", "filter_lorem_ipsum"),
        ("javascript", "filter_javascript"),
        ("curly_bracket", "filter_curly_bracket"),
        ("policy", "filter_policy"),
        ("sentences", "min_num_sentences"),
        ("terminal_punct", "filter_no_terminal_punct"),
        ("word_too_long", "max_word_length"),
    ],
    "gopher_repetition_v1": [("n_grams", "dup_n_grams"), ("top_", "top_n_grams"), ("line", "dup_line_frac")],
    "minhash_dup_v1": [("", "num_buckets")],
    "presidio_pii_v1": [("", "names")],
}


def step_params(con: duckdb.DuckDBPyConnection, step: str) -> tuple[str | None, dict[str, Any]]:
    """(stage, params) of the rule in the newest run whose recipe has it."""
    for (config,) in con.execute(
        "SELECT config::VARCHAR FROM runs WHERE command = 'run' AND status = 'succeeded' "
        "AND contains(config::VARCHAR, ?) ORDER BY started_at DESC LIMIT 20",
        [f'"{step}"'],
    ).fetchall():
        for stage in ((json.loads(config or "{}") or {}).get("recipe") or {}).get("stages") or []:
            for st in stage.get("steps") or []:
                if st.get("name") == step:
                    return stage.get("stage"), st.get("params") or {}
    return None, {}


def parameter(con: duckdb.DuckDBPyConnection, step: str, top_reason: str | None) -> str | None:
    """'quality › gopher_quality_v1 › min_doc_words = 5', or the rule's params in general when no check is known."""
    stage, params = step_params(con, step)
    if stage is None:
        return None
    for word, name in BY_REASON.get(step, BY_REASON.get(re.sub(r"_v\d+$", "_v1", step), [])):  # a later version
        if word in (top_reason or "") and name in params:
            return f"{stage} › {step} › {name} = {json.dumps(params[name])}"
    return f"{stage} › {step} › params" + (f" ({', '.join(sorted(params))})" if params else "")
