"""The one deadline judgement (casefiles.deadlines.judge): hand-worked dates from the holiday notices.

Rule (domain "Working days"): due(d, N) = the N-th working day after d (d not counted); a done date x
is in time iff d ≤ x ≤ due(d, N). Not done: overdue iff as_of > due, open iff as_of ≤ due.

Notices:
  国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）:
    劳动节 5月1日至5日放假调休，4月28日（周日）、5月11日（周六）上班；
    国庆节 10月1日至7日放假调休，9月29日（周日）、10月12日（周六）上班。
  国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）:
    春节 1月28日至2月4日放假调休，1月26日（周日）、2月8日（周六）上班。
  国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）:
    春节 2月15日（周日）至23日（周一）放假调休，共9天；2月14日（周六）、2月28日（周六）上班。
"""
from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import numpy as np
import pytest

from casereview.engine.facts.deadlines import days_left, status_of
from casereview.casefiles.workdays import WorkCalendar
from tests.worked_examples import deadline

D = date.fromisoformat
LATER = D("2026-11-20")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.official()


def test_2026_spring_festival_in_the_calendar_matches_the_notice(cal):
    """2026 notice: 02-14 (Sat) and 02-28 (Sat) worked; 02-15..02-23 off; 02-13 (Fri), 02-24 (Tue) worked."""
    off = [D("2026-02-15") + timedelta(k) for k in range(9)]
    assert off[-1] == D("2026-02-23")
    for day in off:
        assert cal.is_workday(day) is False and chinese_calendar.is_workday(day) is False
    for day in ("2026-02-13", "2026-02-14", "2026-02-24", "2026-02-28"):
        assert cal.is_workday(D(day)) is True and chinese_calendar.is_workday(D(day)) is True
    assert D("2026-02-14").weekday() == 5 and D("2026-02-28").weekday() == 5


# (start, n, done, status); as of LATER unless done is None. The worked deadlines (M7 → Sat 05-11 make-up day,
# D1 → 10-15, S7 → Sat 02-14 before the Spring Festival, H7 → Sat 02-28 after it, F20 → Fri 03-29,
# G20 → 2025-02-27) are in tests/worked_examples.py; the done dates are the due day, the day after, a day
# off after it (late although no working day lies between) and a holiday before it (in time).
M7, D1, S7, H7, F20, G20 = (deadline(n) for n in "M7 D1 S7 H7 F20 G20".split())
STATUS = [
    (*M7.key, "2024-05-11", "met"),
    (*M7.key, "2024-05-12", "late"),
    (*M7.key, "2024-05-03", "met"),       # a Labour Day holiday before the deadline
    (*D1.key, "2024-09-30", "met"),       # the decision day itself
    (*D1.key, "2024-10-15", "met"),
    (*D1.key, "2024-10-16", "late"),
    (*D1.key, "2024-09-29", "early"),     # before the decision: inconsistent data
    (*D1.key, "2027-01-04", "late"),      # due 2024-10-15 is known: any later day is late
    (*S7.key, "2026-02-14", "met"),
    (*S7.key, "2026-02-23", "late"),
    (*H7.key, "2026-02-18", "met"),
    (*H7.key, "2026-02-28", "met"),
    (*H7.key, "2026-03-01", "late"),
    (*F20.key, "2024-03-29", "met"),
    (*F20.key, "2024-03-30", "late"),
    (*G20.key, "2025-02-27", "met"),
    (*G20.key, "2025-02-28", "late"),
    # decision Mon 2026-12-28: the 7th working day lies in 2027 (unknown). 12-30 is wd 2 with every day
    # known → certainly in time; 2027-01-06 cannot be judged.
    (D("2026-12-28"), 7, "2026-12-30", "met"),
    (D("2026-12-28"), 7, "2027-01-06", "unknown"),
    (D("2003-06-02"), 7, "2003-06-03", "unknown"),   # 2003: before the calendar's first year
    (None, 7, "2024-05-12", "no_start"),
]


@pytest.mark.parametrize("start, n, done, expected", STATUS)
def test_status_of_a_done_date(cal, start, n, done, expected):
    assert status_of(start, D(done), LATER, n, cal) == expected


# Not done: open iff as_of ≤ due, overdue iff as_of > due.
OPEN = [
    (*M7.key, "2024-05-11", "open"),
    (*M7.key, "2024-05-12", "overdue"),     # Sunday after the make-up Saturday deadline
    (*S7.key, "2026-02-23", "overdue"),     # holiday after the deadline 02-14
    (*H7.key, "2026-02-18", "open"),        # holiday before the deadline 02-28
    (*F20.key, "2024-03-30", "overdue"),
    (D("2026-12-28"), 7, "2026-12-31", "open"),        # 3 working days, all known, < 7
    (D("2026-12-28"), 7, "2027-01-08", "unknown"),
]


@pytest.mark.parametrize("start, n, as_of, expected", OPEN)
def test_status_of_an_open_obligation(cal, start, n, as_of, expected):
    assert status_of(start, None, D(as_of), n, cal) == expected


# Calendar periods (CX01, 90 days): filed 2024-08-01 → due 2024-10-30; 10-31 late.
@pytest.mark.parametrize("done, expected", [("2024-10-30", "met"), ("2024-10-31", "late")])
def test_calendar_day_period(done, expected):
    assert status_of(D("2024-08-01"), D(done), LATER, 90, None) == expected


def test_days_left(cal):
    """Due 2026-02-28 (H7): as of 02-18, working days in (02-18, 02-28] are 02-24..02-28 = 5;
    due 2026-02-14 (S7): as of 02-23, none in (02-14, 02-23] → 0 (overdue all the same); calendar: 10 days."""
    due = np.array([H7.due], dtype="datetime64[D]")
    assert days_left(due, D("2026-02-18"), cal).tolist() == [5.0]
    assert days_left(due, D("2026-02-18"), None).tolist() == [10.0]
    assert days_left(np.array([S7.due], dtype="datetime64[D]"), D("2026-02-23"), cal).tolist() == [0.0]
