"""Per-rule statistics of a recipe on a set of texts, computed by the recipe's own step code.

For each step of the recipe's langid and quality stages:
- `as_run`: the step as the recipe configures it, on every text (first rule that fires, by reason kind);
- per rule (curator.profile.rules): the step built with that rule alone (its other known rules off, the params that
  are not rules as in the recipe), judged at each threshold of the rule's grid and at the recipe's own value; a text
  the step drops with every known rule off (`other_share`: a rule this table does not know) counts for none of them. A
  rule's verdicts are monotone in its threshold, so each text's cut point on the grid is found by bisection
  (~log2(grid) verdicts per text): the drop share at every grid value is the rule's statistic as a cumulative
  distribution, and `share` the drop share at the recipe's value;
- `funnel`: the langid and quality steps in recipe order, each text counted at the first step that drops it.
Languages: the recipe's langid step runs first and sets each text's language, as in `curator run` (the quality
steps judge only their `languages`). Language steps are judged from one prediction per text (their `verdict` /
`judge` at each threshold), not a new model pass per threshold.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import get_filter_result

from curator.profile.rules import JUNK_STEPS, Rule, flag_grid, off_params, rules_of
from curator.stages.registry import build

# pure per-text statistics the steps compute on every call, whatever the thresholds: while a profile judges each
# text under many variants of a step, they are computed once per text (the same functions, memoized; restored after)
PURE_STATISTICS = {
    "curator.stages.quality.short_rules": (
        "mash_share",
        "blob_share",
        "is_diff",
        "address_lines",
        "hex_dump_lines",
        "without_code",
        "hashes",
    ),
}
NUMBERS = re.compile(r"\([^)]*\)|(?<![\w.])[-+]?\d[\d.,]*|[<>]")
MEASURED_STAGES = ("langid", "quality")


def reason_kind(reason: str) -> str:
    """A drop reason without its numbers ("outliers_v1: too_short (9 < 20 chars)" → "outliers_v1: too_short")."""
    step, _, rest = reason.partition(": ")
    return f"{step}: {' '.join(NUMBERS.sub(' ', rest).split())}" if rest else step


class Judge:
    """Verdicts of step variants on a fixed list of documents (langid predictions made once)."""

    def __init__(self, docs: list[Document]) -> None:
        self.docs = docs
        self.predictions: dict[str, list[tuple]] = {}
        self._steps: dict[tuple, Any] = {}

    def step(self, name: str, params: dict[str, Any]) -> Any:
        key = (name, repr(sorted(params.items())))
        if key not in self._steps:
            self._steps[key] = build(name, params)
        return self._steps[key]

    def predict(self, name: str, params: dict[str, Any]) -> None:
        """Run a language step once on every document: sets `language` metadata, keeps the prediction."""
        step = self.step(name, params)
        texts = [d.text for d in self.docs]
        preds = step.predict_docs(texts) if hasattr(step, "predict_docs") else step.predict(texts)
        for doc, p in zip(self.docs, preds, strict=True):
            doc.metadata["language"], doc.metadata["language_score"] = p[0], round(p[1], 4)
        self.predictions[name] = preds

    def dropped(self, name: str, params: dict[str, Any], idx: list[int]) -> list[str | None]:
        """The drop reason (or None) of each document `idx` under the step `name` with `params`."""
        step = self.step(name, params)
        docs = [self.docs[i] for i in idx]
        if name in self.predictions:
            verdicts = [self._lang_verdict(step, d, self.predictions[name][i]) for d, i in zip(docs, idx, strict=True)]
        else:
            verdicts = step.judge_batch(docs)
        out: list[str | None] = []
        for v in verdicts:
            ok, reason = get_filter_result(v)
            out.append(None if ok else (reason or f"{name}: dropped"))
        return out

    @staticmethod
    def _lang_verdict(step: Any, doc: Document, pred: tuple) -> Any:
        if hasattr(step, "judge") and len(pred) == 3:
            meta = dict(doc.metadata)
            try:
                return step.judge(doc, pred[0], pred[1], pred[2])
            finally:
                doc.metadata = meta  # the flag a judge sets belongs to this variant only
        return step.verdict(pred[0], pred[1])


def cut_points(judge: Judge, spec: dict[str, Any], rule: Rule, grid: list, others: set[int]) -> list[int]:
    """For each document: how many grid values (strictest first) drop it — bisection on the monotone verdicts.
    `others`: documents the step drops with every known rule off (its other rules'): never this rule's drops."""
    base = {**spec["params"], **off_params(rule.step)}
    n = len(judge.docs)
    lo, hi = [0] * n, [0 if i in others else len(grid) for i in range(n)]
    while True:
        todo: dict[int, list[int]] = {}
        for i in range(n):
            if lo[i] < hi[i]:
                todo.setdefault((lo[i] + hi[i]) // 2, []).append(i)
        if not todo:
            return lo
        for mid, idx in todo.items():
            for i, reason in zip(idx, judge.dropped(rule.step, {**base, rule.param: grid[mid]}, idx), strict=True):
                if reason is None:
                    hi[i] = mid  # kept at grid[mid]: kept at every looser value too
                else:
                    lo[i] = mid + 1


def measure_rule(judge: Judge, spec: dict[str, Any], rule: Rule, others: set[int]) -> dict[str, Any]:
    """The rule alone: drop share at every grid value and at the recipe's value."""
    current = spec["params"].get(rule.param)
    grid = flag_grid(rule, current) if rule.direction == "flag" else list(rule.grid)
    if rule.direction != "flag" and current not in grid and current != rule.off and current is not None:
        grid.append(current)
        grid.sort(reverse=rule.direction == "min")
    cuts = cut_points(judge, spec, rule, grid, others)
    n = max(1, len(cuts))
    curve = [[value, sum(c > k for c in cuts) / n] for k, value in enumerate(grid)]
    share = dict((repr(v), s) for v, s in curve).get(repr(current), 0.0)
    return {
        "rule": rule.name,
        "step": rule.step,
        "param": rule.param,
        "direction": rule.direction,
        "threshold": current,
        "share": share,
        "fixed": rule.fixed,
        "curve": curve,
        "why": rule.why,
    }


def measure_step(judge: Judge, spec: dict[str, Any], per_rule: bool = True) -> tuple[dict[str, Any], list[str | None]]:
    """The step as configured (by reason kind), its rules alone, and what its unknown params drop."""
    name, n = spec["name"], max(1, len(judge.docs))
    everyone = list(range(len(judge.docs)))
    reasons = judge.dropped(name, spec["params"], everyone)
    kinds = Counter(reason_kind(r) for r in reasons if r)
    known = rules_of(name) if per_rule else []
    other = judge.dropped(name, {**spec["params"], **off_params(name)}, everyone) if known else []
    others = {i for i, r in enumerate(other) if r is not None}
    out: dict[str, Any] = {
        "step": name,
        "share": sum(r is not None for r in reasons) / n,
        "as_run": {k: v / n for k, v in kinds.most_common()},
        "rules": [measure_rule(judge, spec, r, others) for r in known],
        "junk_step": name in JUNK_STEPS,
    }
    if known:
        out["other_share"] = len(others) / n
    return out, reasons


@contextmanager
def memoized_statistics() -> Iterator[None]:
    """PURE_STATISTICS memoized by their arguments for the block (a text's statistic does not depend on a threshold)."""
    saved = []
    for module_name, names in PURE_STATISTICS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            if hasattr(module, name):
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, lru_cache(maxsize=100_000)(getattr(module, name)))
    try:
        yield
    finally:
        for module, name, fn in saved:
            setattr(module, name, fn)


def measure_recipe(recipe: Any, texts: list[str], per_rule: bool = True) -> dict[str, Any]:
    """Per-step, per-rule drop shares of the recipe's langid and quality steps on `texts`, and the funnel
    (`per_rule=False`: the steps as configured and the funnel only)."""
    with memoized_statistics():
        return _measure_recipe(recipe, texts, per_rule)


def _measure_recipe(recipe: Any, texts: list[str], per_rule: bool) -> dict[str, Any]:
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    judge = Judge(docs)
    steps, first = [], [None] * len(docs)
    for plan in recipe.stages:
        if plan.stage not in MEASURED_STAGES:
            continue
        for spec in plan.steps:
            if plan.stage == "langid":
                judge.predict(spec["name"], spec["params"])
            result, reasons = measure_step(judge, spec, per_rule)
            steps.append({"stage": plan.stage, **result})
            first = [f or (r and reason_kind(r)) for f, r in zip(first, reasons, strict=True)]
    n = max(1, len(docs))
    funnel = Counter(f for f in first if f)
    languages = Counter(d.metadata.get("language") or "unknown" for d in docs)
    return {
        "steps": steps,
        "recipe_drop_share": sum(funnel.values()) / n,
        "recipe_drops": {k: v / n for k, v in funnel.most_common()},
        "languages": {k: v / n for k, v in languages.most_common()},
        "not_measured": [p.stage for p in recipe.stages if p.stage not in MEASURED_STAGES],
    }
