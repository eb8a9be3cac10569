"""Working-day arithmetic for the generator, built straight from chinese_calendar.is_workday."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import chinese_calendar
import numpy as np

EPOCH = np.datetime64("1970-01-01", "D")
CAL_FIRST, CAL_LAST = date(2004, 1, 1), date(2026, 12, 31)   # years chinese_calendar knows


def day(d: date | str) -> int:
    """Days since 1970-01-01."""
    return int((np.datetime64(d, "D") - EPOCH).astype(np.int64))


@lru_cache(maxsize=1)
def _table() -> tuple[int, np.ndarray]:
    days = np.arange(np.datetime64(CAL_FIRST), np.datetime64(CAL_LAST) + 1)
    work = np.fromiter((chinese_calendar.is_workday(d) for d in days.astype(object)),
                       dtype=bool, count=len(days))
    return day(CAL_FIRST), np.cumsum(work)   # cum[i] = working days in [CAL_FIRST, day i]


def add_workdays(d: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """The n-th working day after day d (n = 0 gives d itself)."""
    base, cum = _table()
    d = np.asarray(d, dtype=np.int64)
    n = np.broadcast_to(np.asarray(n, dtype=np.int64), d.shape)
    if d.size and (d.min() < base or d.max() - base >= len(cum)):
        raise ValueError("date outside the official calendar (2004–2026)")
    out = np.searchsorted(cum, cum[d - base] + n, side="left") + base
    if out.size and out.max() - base >= len(cum):
        raise ValueError("deadline runs beyond the official calendar (2004–2026)")
    return np.where(n == 0, d, out)


def sub_workdays(d: np.ndarray, n: np.ndarray | int) -> np.ndarray:
    """The working day n working days before day d (n = 0: the last working day on or before d)."""
    base, cum = _table()
    d = np.asarray(d, dtype=np.int64)
    return np.searchsorted(cum, cum[d - base] - n, side="left") + base
