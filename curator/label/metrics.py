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
