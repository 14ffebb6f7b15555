"""The base class of curator steps: a datatrove filter with a registered, versioned name."""

from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter, get_filter_result


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
