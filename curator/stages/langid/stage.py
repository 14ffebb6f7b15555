"""The langid stage: fastText language ID on each pending sample; keeps record the language and its score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from datatrove.data import Document

from curator.stages.base import DocumentStage
from curator.stages.langid.hybrid_langid import FLAG

# the language every result carries (ShardReader → step metadata) becomes the sample's
LANGUAGE = """
UPDATE samples SET language = res.language, language_score = res.language_score
FROM res WHERE samples.sample_id = res.sample_id
"""


class LangIdStage(DocumentStage):
    name = "langid"
    judges_raw = True  # before PII: never judges placeholders (<PERSON> is no Bosnian word)

    def keep_row(self, row: dict[str, Any], doc: Document, step_names: list[str]) -> dict[str, Any]:
        meta = doc.metadata
        if meta.get(FLAG):  # a short text whose language stayed unsure: kept, with a flag the recipe can act on
            return {**row, "decision": "flag", "reason": meta[FLAG], "score": meta.get("language_score")}
        return {
            **row,
            "reason": f"language {meta.get('language')} ({meta.get('language_score') or 0:.2f})",
            "score": meta.get("language_score"),
        }

    def import_rows(self, con: duckdb.DuckDBPyConnection, run_dir: Path, params: dict[str, Any]) -> None:
        con.execute(LANGUAGE)
