"""What a stage folder builds on: the step base class, and the `Stage` interface the engine calls.

A stage is a folder curator/stages/<name>/: its steps (a datatrove filter per registered, versioned name) and a
stage.py whose class implements `Stage`. The engine (curator/engine/) runs every stage with the same loop —
export → prepare → phases → finish → import → record — and knows no stage by name. `DocumentStage` is the common
case: one datatrove pipeline (ShardReader → Judge(steps) → ResultWriter) over the pending samples' texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import duckdb
import pyarrow as pa
from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter, get_filter_result

# a sample has a decision of this stage carrying its current key (the hash of its steps and params)
DECIDED = (
    "EXISTS (SELECT 1 FROM decisions d WHERE d.sample_id = s.sample_id AND d.stage = $stage "
    "AND json_extract_string(d.details, '$.key') = $key)"
)

Phase = tuple[str, list[Any], int]  # (name, datatrove pipeline, tasks)
PLACEHOLDER = "<[A-Z][A-Z_]*[A-Z](_[0-9]+)?>"  # what the PII stage puts in place of a finding


def judged(rejudges: bool) -> str:
    """SQL condition on `s`: the sample is one the stage judges (active, or dropped by this very stage: re-judged
    when `pending` holds, i.e. the stage's key changed since it dropped it)."""
    return (
        "(s.status = 'active' OR (s.status = 'dropped' AND s.status_stage = $stage))"
        if rejudges
        else ("s.status = 'active'")
    )


class CuratorStep(BaseFilter):
    """A datatrove filter whose drop reasons start with its registered name.

    Subclasses set `name` (e.g. "gopher_quality_v1") and implement `filter` (or `filter_batch`).
    `languages`: the step only judges documents whose `metadata["language"]` is in this list
    (None: all documents); others pass untouched.
    """

    name = "curator_step_v0"
    type = "curator"

    def __init__(self, languages: list[str] | None = None, batch_size: int = 1) -> None:
        super().__init__(exclusion_writer=None, batch_size=batch_size)
        self.languages = set(languages) if languages else None

    def applies(self, doc: Document) -> bool:
        return self.languages is None or doc.metadata.get("language") in self.languages

    def drop(self, rule: str) -> tuple[bool, str]:
        return False, f"{self.name}: {rule}"

    def judge_batch(self, docs: list[Document]) -> list[bool | tuple[bool, str]]:
        """Verdicts for docs (same order); documents the step does not apply to pass."""
        todo = [d for d in docs if self.applies(d)]
        verdicts = iter(self.filter_batch(todo)) if todo else iter(())
        return [next(verdicts) if self.applies(d) else True for d in docs]


def wrap_stock(step: CuratorStep, inner: BaseFilter, doc: Document) -> bool | tuple[bool, str]:
    """Run a stock datatrove filter and prefix its reason with the step's name."""
    ok, reason = get_filter_result(inner.filter(doc))
    return True if ok else step.drop(reason or "filtered")


@runtime_checkable
class Stage(Protocol):
    """What the engine asks of a stage. SQL runs on the catalog with `s` = samples and the parameters $stage and $key;
    `steps` are the recipe's resolved step specs ({"name", "version", "params"}); `plan` is the run's plan.json."""

    name: str  # the recipe's `stage:` value; decisions.stage
    warm_ahead: bool  # the launcher may load this stage's models before its turn (while earlier stages import)
    scratch: tuple[str, ...]  # run-folder entries deleted after a successful import (they may hold raw text)
    outputs: dict[str, pa.Schema]  # extra per-task tables ResultWriter writes next to results/ (results_<name>/)

    def pending(self) -> str:
        """SQL condition on `s`: the sample still needs this stage (re-checked inside the import's transaction)."""

    def export_sql(self) -> str:
        """The rows exported to the run's input shards (sample_id, text, and whatever the phases read)."""

    def count_sql(self) -> str:
        """SELECT count(*) of the samples this stage would decide now (0: the stage does nothing)."""

    def prepare(self, run_dir: Path, steps: list[dict[str, Any]], shards: list[Path]) -> dict[str, Any]:
        """After the export, in the CLI: work the phases need; returns plan fields, at least `tasks` (0: no phase)."""

    def phases(self, plan: dict[str, Any], run_dir: Path) -> list[Phase]:
        """The datatrove pipelines, in order, built in the launcher; they leave results/*.parquet (RESULT_SCHEMA)."""

    def finish(self, run_dir: Path, plan: dict[str, Any]) -> None:
        """After the phases, in the CLI: turn their output into results/ (e.g. clusters and keepers)."""

    def keep_row(self, row: dict[str, Any], doc: Document, step_names: list[str]) -> dict[str, Any]:
        """A kept document's result row (ResultWriter): the reason, score, new text of this stage."""

    def output_rows(self, doc: Document) -> dict[str, list[dict[str, Any]]]:
        """A document's rows for each of `outputs`."""

    def import_rows(self, con: duckdb.DuckDBPyConnection, run_dir: Path, params: dict[str, Any]) -> None:
        """Inside the import's transaction, after decisions and drops: this stage's other rows. The temp table `res`
        holds the results still pending (with `held`: a drop a curator's review decision overrides)."""


class DocumentStage:
    """A stage that judges each pending sample's text once: ShardReader → Judge(steps) → ResultWriter."""

    name = "document"
    warm_ahead = True
    scratch: tuple[str, ...] = ("input",)
    outputs: dict[str, pa.Schema] = {}

    rejudges = True  # samples this stage dropped under another key (steps, params, versions) are judged again
    judges_raw = False  # a stage that runs before PII: it judges the text as it was before scrubbing

    def pending(self) -> str:
        return f"NOT {DECIDED}"

    def export_sql(self) -> str:
        # a sample whose status a curator set in review is not re-judged when a stage's configuration changes
        return f"""SELECT s.sample_id, {self.text_sql()} AS text, s.language, s.created_at FROM samples s
                   LEFT JOIN raw_texts r USING (sample_id)
                   WHERE {judged(self.rejudges)} AND coalesce(s.status_stage, '') <> 'review' AND {self.pending()}"""

    def text_sql(self) -> str:
        """The text judged: for a stage before PII the raw original where one is kept, else the scrubbed text with
        its placeholders (<PERSON>, <EMAIL_ADDRESS>, <PERSON_1>) removed, so they count as no word and no language."""
        if not self.judges_raw:
            return "s.text"
        neutral = f"trim(regexp_replace(regexp_replace(s.text, '{PLACEHOLDER}', ' ', 'g'), '[ \\t]+', ' ', 'g'))"
        return f"coalesce(r.text, CASE WHEN s.pii_scrubbed THEN {neutral} ELSE s.text END)"

    def count_sql(self) -> str:
        return f"SELECT count(*) FROM ({self.export_sql()})"

    def prepare(self, run_dir: Path, steps: list[dict[str, Any]], shards: list[Path]) -> dict[str, Any]:
        return {"tasks": len(shards)}

    def phases(self, plan: dict[str, Any], run_dir: Path) -> list[Phase]:
        from curator.stages.pipeline import Judge, ResultWriter, ShardReader

        reader = ShardReader(str(run_dir / "input"), columns=["sample_id", "text", "language"])
        judge = Judge(plan["steps"], batch_size=plan["batch_size"])
        writer = ResultWriter(str(run_dir / "results"), self, [s["name"] for s in plan["steps"]])
        return [("steps", [reader, judge, writer], plan["shards"])]

    def finish(self, run_dir: Path, plan: dict[str, Any]) -> None:
        return None

    def keep_row(self, row: dict[str, Any], doc: Document, step_names: list[str]) -> dict[str, Any]:
        return {**row, "reason": f"passed {len(step_names)} check(s)"}

    def output_rows(self, doc: Document) -> dict[str, list[dict[str, Any]]]:
        return {}

    def import_rows(self, con: duckdb.DuckDBPyConnection, run_dir: Path, params: dict[str, Any]) -> None:
        return None
