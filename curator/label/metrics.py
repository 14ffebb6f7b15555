"""Agreement metrics on a task × annotator table of labels (pure functions, established libraries).

- Krippendorff's alpha (nominal): `krippendorff.alpha` over every task with >= 2 labels.
- Fleiss' kappa: statsmodels' `fleiss_kappa`; it needs the same number of raters per task, so it is computed
  over the tasks that have the most common number (>= 2) of labels.
- Cohen's kappa per annotator pair: scikit-learn's `cohen_kappa_score` over the tasks both labeled (>= 2).
- Consensus per task: the majority label of tasks with >= 2 labels; ties have no consensus.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import numpy as np

Table = dict[int, dict[str, str]]  # task_id -> annotator -> label


def _nan_to_none(x: float) -> float | None:
    return None if x is None or math.isnan(x) else float(x)


def krippendorff_alpha(table: Table, classes: list[str]) -> float | None:
    import krippendorff

    tasks = [t for t, row in table.items() if len(row) >= 2]
    if not tasks:
        return None
    annotators = sorted({a for t in tasks for a in table[t]})
    data = np.full((len(annotators), len(tasks)), np.nan)
    for j, t in enumerate(tasks):
        for a, lb in table[t].items():
            data[annotators.index(a), j] = classes.index(lb)
    if len(np.unique(data[~np.isnan(data)])) < 2:
        return 1.0  # every label identical: perfect agreement (alpha is undefined, 0/0)
    return _nan_to_none(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def fleiss(table: Table, classes: list[str]) -> tuple[float | None, int]:
    """Fleiss' kappa and the number of tasks it was computed on."""
    from statsmodels.stats.inter_rater import fleiss_kappa

    sizes = Counter(len(row) for row in table.values() if len(row) >= 2)
    if not sizes:
        return None, 0
    k = max(sizes, key=lambda s: (sizes[s], s))
    rows = [row for row in table.values() if len(row) == k]
    counts = np.zeros((len(rows), len(classes)))
    for i, row in enumerate(rows):
        for lb in row.values():
            counts[i, classes.index(lb)] += 1
    if (counts.sum(axis=0) > 0).sum() < 2:
        return 1.0, len(rows)
    return _nan_to_none(fleiss_kappa(counts, method="fleiss")), len(rows)


def pairwise_cohen(table: Table, classes: list[str]) -> list[dict[str, object]]:
    from sklearn.metrics import cohen_kappa_score

    annotators = sorted({a for row in table.values() for a in row})
    out = []
    for a, b in combinations(annotators, 2):
        common = [(row[a], row[b]) for row in table.values() if a in row and b in row]
        if len(common) < 2:
            continue
        ya, yb = zip(*common, strict=True)
        kappa = 1.0 if len(set(ya) | set(yb)) == 1 else cohen_kappa_score(ya, yb, labels=classes)
        out.append({"annotator_a": a, "annotator_b": b, "n_common": len(common), "cohen_kappa": _nan_to_none(kappa)})
    return out


def consensus(table: Table) -> dict[int, str]:
    """Majority label per task with >= 2 labels; tied tasks are left out."""
    out = {}
    for t, row in table.items():
        if len(row) < 2:
            continue
        ranked = Counter(row.values()).most_common()
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[t] = ranked[0][0]
    return out


def is_tie(row: dict[str, str]) -> bool:
    """A task with >= 2 labels and no single most common one (at overlap 2: any disagreement)."""
    ranked = Counter(row.values()).most_common(2)
    return len(row) >= 2 and len(ranked) == 2 and ranked[0][1] == ranked[1][1]


def _kappa(pairs: list[tuple[str, str]], classes: list[str]) -> float | None:
    from sklearn.metrics import cohen_kappa_score

    if len(pairs) < 2:
        return None
    ya, yb = zip(*pairs, strict=True)
    return 1.0 if len(set(ya) | set(yb)) == 1 else _nan_to_none(cohen_kappa_score(ya, yb, labels=classes))


def annotator_agreement(table: Table, classes: list[str]) -> dict[str, dict[str, object]]:
    """Per annotator, over the tasks they share with others: n_overlapped, n_ties (tasks with no majority),
    pairwise_agreement (share of (theirs, another's) label pairs that agree: a tie counts as the disagreement
    it is) and kappa (Cohen's kappa of those pairs, chance-corrected). Unlike agreement with a consensus that
    includes the annotator's own vote and leaves ties out, neither can read 1.0 while annotators disagree."""
    out: dict[str, dict[str, object]] = {}
    for ann in sorted({a for row in table.values() for a in row}):
        shared = [row for row in table.values() if ann in row and len(row) >= 2]
        pairs = [(row[ann], lb) for row in shared for other, lb in row.items() if other != ann]
        out[ann] = {
            "n_overlapped": len(shared),
            "n_ties": sum(is_tie(row) for row in shared),
            "pairwise_agreement": sum(a == b for a, b in pairs) / len(pairs) if pairs else None,
            "kappa": _kappa(pairs, classes),
        }
    return out


def pairwise_agreement(table: Table) -> float | None:
    """Share of agreeing label pairs over every task with >= 2 labels (each unordered pair once)."""
    pairs = [(a, b) for row in table.values() for a, b in combinations(row.values(), 2)]
    return sum(a == b for a, b in pairs) / len(pairs) if pairs else None
