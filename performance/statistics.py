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
    return _correlation(rho, n)


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


# --- The same from counts -----------------------------------------------------------------
# The report's scores and outcomes take few distinct values (ratings 1 to 4, yes or no), so the
# database returns how many hires had each (score, outcome) pair and these work from the counts:
# the same figures as spearman() and bands() over the expanded pairs, at a cost that grows with
# the distinct values, not with the hires.

Cells = dict[tuple[float, float], int]


def _average_ranks(counts: dict[float, int]) -> dict[float, float]:
    """Each distinct value's rank, ties given the average of the ranks they span (1-based)."""
    result = {}
    before = 0
    for value in sorted(counts):
        result[value] = before + (counts[value] + 1) / 2
        before += counts[value]
    return result


def spearman_counts(cells: Cells) -> Correlation | None:
    """spearman() over the pairs that `cells` counts ((x, y) -> how many)."""
    n = sum(cells.values())
    if n < 4:
        return None
    x_counts: dict[float, int] = {}
    y_counts: dict[float, int] = {}
    for (x, y), count in cells.items():
        x_counts[x] = x_counts.get(x, 0) + count
        y_counts[y] = y_counts.get(y, 0) + count
    rank_x, rank_y = _average_ranks(x_counts), _average_ranks(y_counts)
    mean = (n + 1) / 2  # the mean of ranks 1..n, ties or not
    sxx = sum(count * (rank_x[x] - mean) ** 2 for x, count in x_counts.items())
    syy = sum(count * (rank_y[y] - mean) ** 2 for y, count in y_counts.items())
    if sxx == 0 or syy == 0:
        return None
    sxy = sum(count * (rank_x[x] - mean) * (rank_y[y] - mean) for (x, y), count in cells.items())
    return _correlation(sxy / math.sqrt(sxx * syy), n)


def _correlation(rho: float, n: int) -> Correlation:
    clipped = max(min(rho, 0.999999), -0.999999)
    z = math.atanh(clipped)
    margin = Z_95 / math.sqrt(n - 3)
    return Correlation(
        rho=round(rho, 3),
        n=n,
        low=round(math.tanh(z - margin), 3),
        high=round(math.tanh(z + margin), 3),
    )


def bands_counts(cells: Cells, *, share: bool, count: int = 3) -> list[Band]:
    """bands() over the pairs that `cells` counts: split by x into `count` bands of about equal
    size, equal x values kept in one band; the outcome's share or mean per band."""
    by_x: dict[float, list[int | float]] = {}
    for (x, y), number in cells.items():
        total = by_x.setdefault(x, [0, 0.0])
        total[0] += number
        total[1] += number * y
    n = sum(number for number, _sum in by_x.values())
    if not n:
        return []
    size = n / count
    xs = sorted(by_x)
    result: list[Band] = []
    start = 0  # rows before the band
    index = 0  # the first distinct x of the band
    for band in range(count):
        end = round(size * (band + 1)) if band < count - 1 else n
        end = max(end, start)
        members, rows, total = [], 0, 0.0
        # Whole groups of equal x while the band is short of `end` (ties stay together).
        while index < len(xs) and start + rows < end:
            number, summed = by_x[xs[index]]
            members.append(xs[index])
            rows += number
            total += summed
            index += 1
        start += rows
        if not rows:
            continue
        low, high = members[0], members[-1]
        label = _short(low) if low == high else f"{_short(low)} to {_short(high)}"
        mean = total / rows
        result.append(Band(label=label, n=rows, value=round(100 * mean if share else mean, 1)))
    return result
