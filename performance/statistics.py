"""Small, dependency-free statistics for the hiring signals report.

Spearman's rank correlation is Pearson's correlation of the ranks, ties given their average rank;
its approximate 95% interval comes from Fisher's z transformation (se = 1/sqrt(n-3)), which is the
usual approximation and good enough to tell "clearly positive" from "could be nothing".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean

Z_95 = 1.959963984540054


def ranks(values: list[float]) -> list[float]:
    """1-based ranks; tied values share the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda index: values[index])
    result = [0.0] * len(values)
    position = 0
    while position < len(order):
        end = position
        while end + 1 < len(order) and values[order[end + 1]] == values[order[position]]:
            end += 1
        average = (position + end) / 2 + 1
        for index in order[position : end + 1]:
            result[index] = average
        position = end + 1
    return result


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None when either side does not vary (or fewer than 2 pairs)."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must be of the same length")
    if len(xs) < 2:
        return None
    mean_x, mean_y = fmean(xs), fmean(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx = sum(d * d for d in dx)
    syy = sum(d * d for d in dy)
    if sxx == 0 or syy == 0:
        return None
    return sum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy)


@dataclass(frozen=True)
class Correlation:
    rho: float
    n: int
    low: float  # the approximate 95% interval
    high: float

    @property
    def is_clear(self) -> bool:
        """The interval leaves out zero: the direction is unlikely to be chance alone."""
        return self.low > 0 or self.high < 0

    @property
    def strength(self) -> str:
        size = abs(self.rho)
        if size < 0.1:
            return "negligible"
        if size < 0.3:
            return "weak"
        if size < 0.5:
            return "moderate"
        return "strong"


def spearman(xs: list[float], ys: list[float]) -> Correlation | None:
    """Spearman rho with its n and approximate 95% interval; None below 4 pairs or no spread."""
    n = len(xs)
    if n < 4:
        return None
    rho = pearson(ranks(xs), ranks(ys))
    if rho is None:
        return None
    clipped = max(min(rho, 0.999999), -0.999999)
    z = math.atanh(clipped)
    margin = Z_95 / math.sqrt(n - 3)
    return Correlation(
        rho=round(rho, 3),
        n=n,
        low=round(math.tanh(z - margin), 3),
        high=round(math.tanh(z + margin), 3),
    )


@dataclass(frozen=True)
class Band:
    label: str
    n: int
    value: float  # the share (0-100) or the mean of the outcome in the band


def bands(pairs: list[tuple[float, float]], *, share: bool, count: int = 3) -> list[Band]:
    """Split the pairs by x into `count` bands of about equal size; the outcome per band.

    Equal x values stay in one band, so bands may differ in size.
    """
    ordered = sorted(pairs)
    if not ordered:
        return []
    size = len(ordered) / count
    result: list[Band] = []
    start = 0
    for band in range(count):
        end = round(size * (band + 1)) if band < count - 1 else len(ordered)
        end = max(end, start)
        while 0 < end < len(ordered) and ordered[end][0] == ordered[end - 1][0]:
            end += 1  # keep ties together
        chunk = ordered[start:end]
        start = end
        if not chunk:
            continue
        low, high = chunk[0][0], chunk[-1][0]
        label = _short(low) if low == high else f"{_short(low)} to {_short(high)}"
        mean = fmean(y for _x, y in chunk)
        result.append(
            Band(label=label, n=len(chunk), value=round(100 * mean if share else mean, 1))
        )
    return result


def _short(value: float) -> str:
    return f"{round(value, 1):g}"
