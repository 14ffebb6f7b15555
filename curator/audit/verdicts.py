"""Audit answers → one verdict per audited decision, and agreement where several people answered.

Only valid answers count (pulled by `annotate pull`: not deleted, not cancelled). A decision's verdict is the
majority answer of its task; a tie is `unsure`. Agreement is the share of agreeing answer pairs on the tasks with
two or more answers (Label Studio overlap).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import duckdb

ANSWERS_SQL = """
SELECT i.project, i.task_id, i.step, i.stage, i.kind, i.sample_id, a.annotator, a.label, a.simulated
FROM audit_items i JOIN annotations a ON a.project = i.project AND a.task_id = i.task_id
WHERE NOT a.deleted AND NOT a.was_cancelled AND a.label IS NOT NULL
ORDER BY i.project, i.task_id, a.annotator
"""


@dataclass(frozen=True)
class Verdict:
    project: str
    task_id: int
    step: str
    stage: str
    kind: str  # drop | near | modify
    sample_id: str
    verdict: str  # right | wrong | unsure
    answers: tuple[str, ...]
    simulated: bool

    def pairs(self) -> tuple[int, int]:
        """(agreeing pairs, pairs) of this task's answers."""
        pairs = list(combinations(self.answers, 2))
        return sum(a == b for a, b in pairs), len(pairs)


def majority(answers: list[str]) -> str:
    top = Counter(answers).most_common()
    if len(top) > 1 and top[0][1] == top[1][1]:
        return "unsure"
    return top[0][0]


def verdicts(con: duckdb.DuckDBPyConnection) -> list[Verdict]:
    """One verdict per audit task that has a valid answer."""
    tasks: dict[tuple[str, int], list[tuple]] = {}
    for row in con.execute(ANSWERS_SQL).fetchall():
        tasks.setdefault((row[0], row[1]), []).append(row)
    out = []
    for (project, task_id), rows in tasks.items():
        _, _, step, stage, kind, sid = rows[0][:6]
        answers = [r[7] for r in rows]
        simulated = any(r[8] for r in rows)
        out.append(Verdict(project, task_id, step, stage, kind, sid, majority(answers), tuple(answers), simulated))
    return out
