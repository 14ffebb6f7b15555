"""The Wilson score interval of a binomial proportion (Wilson 1927): sound for small n and for k near 0 or n."""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # the 97.5% quantile of the standard normal


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The interval for k successes in n trials (None when n is 0)."""
    if n <= 0:
        return None
    if not 0 <= k <= n:
        raise ValueError(f"wilson: k={k} outside 0..n={n}")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def proportion(k: int, n: int) -> tuple[float | None, float | None, float | None]:
    """(k/n, low, high), all None when n is 0."""
    ci = wilson(k, n)
    if ci is None:
        return None, None, None
    return k / n, ci[0], ci[1]
