"""Working days counted day by day with chinese_calendar: the oracle tests compare the engine's calendar with."""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


def workdays(a: date, b: date) -> int:
    """Working days in (a, b]."""
    return sum(chinese_calendar.is_workday(a + timedelta(i)) for i in range(1, (b - a).days + 1))


def due(a: date, n: int) -> date:
    """The n-th working day after a (a not counted)."""
    d, k = a, 0
    while k < n:
        d += timedelta(1)
        k += chinese_calendar.is_workday(d)
    return d
