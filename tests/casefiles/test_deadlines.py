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


# (start, done, n, status); as of LATER unless done is None. Worked deadlines:
#  A  decision Mon 2024-04-29: 04-30 =1, 05-01..05-05 off, 05-06 =2 … 05-10 =6, Sat 05-11 (make-up) =7
#     → due 05-11; Sun 05-12 is after it → late (no working day lies between).
#  B  decision 2024-09-30: 10-08 =1 … 10-12 Sat =5, 10-14 =6, 10-15 =7 → due 10-15; 10-16 late.
#  C  decision Thu 2026-02-05: 02-06 =1, 02-09..02-13 =2..6, Sat 02-14 (make-up) =7 → due 02-14;
#     02-23 (a Spring Festival holiday after the deadline) → late.
#  E  decision Thu 2026-02-12: 02-13 =1, Sat 02-14 =2, 02-15..02-23 off, 02-24..02-27 =3..6, Sat 02-28 =7
#     → due 02-28; 02-18 (a holiday before the deadline) → in time; Sun 03-01 → late.
#  F  decision Fri 2024-03-01 (no holidays in March 2024), 20 wd: 03-04..08 =1..5, 03-11..15 =6..10,
#     03-18..22 =11..15, 03-25..29 =16..20 → due Fri 03-29; Sat 03-30 → late.
#  G  decision 2025-01-24, 20 wd: 01-26 Sun =1, 01-27 =2, 02-05..07 =3..5, Sat 02-08 =6, 02-10..14 =7..11,
#     02-17..21 =12..16, 02-24..27 =17..20 → due Thu 2025-02-27; 02-28 late.
STATUS = [
    ("2024-04-29", "2024-05-11", 7, "met"),
    ("2024-04-29", "2024-05-12", 7, "late"),
    ("2024-04-29", "2024-05-03", 7, "met"),       # a Labour Day holiday before the deadline
    ("2024-09-30", "2024-09-30", 7, "met"),       # the decision day itself
    ("2024-09-30", "2024-10-15", 7, "met"),
    ("2024-09-30", "2024-10-16", 7, "late"),
    ("2024-09-30", "2024-09-29", 7, "early"),     # before the decision: inconsistent data
    ("2024-09-30", "2027-01-04", 7, "late"),      # due 2024-10-15 is known: any later day is late
    ("2026-02-05", "2026-02-14", 7, "met"),
    ("2026-02-05", "2026-02-23", 7, "late"),
    ("2026-02-12", "2026-02-18", 7, "met"),
    ("2026-02-12", "2026-02-28", 7, "met"),
    ("2026-02-12", "2026-03-01", 7, "late"),
    ("2024-03-01", "2024-03-29", 20, "met"),
    ("2024-03-01", "2024-03-30", 20, "late"),
    ("2025-01-24", "2025-02-27", 20, "met"),
    ("2025-01-24", "2025-02-28", 20, "late"),
    # decision Mon 2026-12-28: the 7th working day lies in 2027 (unknown). 12-30 is wd 2 with every day
    # known → certainly in time; 2027-01-06 cannot be judged.
    ("2026-12-28", "2026-12-30", 7, "met"),
    ("2026-12-28", "2027-01-06", 7, "unknown"),
    ("2003-06-02", "2003-06-03", 7, "unknown"),   # 2003: before the calendar's first year
    (None, "2024-05-12", 7, "no_start"),
]


@pytest.mark.parametrize("start, done, n, expected", STATUS)
def test_status_of_a_done_date(cal, start, done, n, expected):
    assert status_of(start and D(start), D(done), LATER, n, cal) == expected


# Not done: open iff as_of ≤ due, overdue iff as_of > due (worked as above).
OPEN = [
    ("2024-04-29", "2024-05-11", 7, "open"),
    ("2024-04-29", "2024-05-12", 7, "overdue"),     # Sunday after the make-up Saturday deadline
    ("2026-02-05", "2026-02-23", 7, "overdue"),     # holiday after the deadline 02-14
    ("2026-02-12", "2026-02-18", 7, "open"),        # holiday before the deadline 02-28
    ("2024-03-01", "2024-03-30", 20, "overdue"),
    ("2026-12-28", "2026-12-31", 7, "open"),        # 3 working days, all known, < 7
    ("2026-12-28", "2027-01-08", 7, "unknown"),
]


@pytest.mark.parametrize("start, as_of, n, expected", OPEN)
def test_status_of_an_open_obligation(cal, start, as_of, n, expected):
    assert status_of(D(start), None, D(as_of), n, cal) == expected


# Calendar periods (CX01, 90 days): filed 2024-08-01 → due 2024-10-30; 10-31 late.
@pytest.mark.parametrize("done, expected", [("2024-10-30", "met"), ("2024-10-31", "late")])
def test_calendar_day_period(done, expected):
    assert status_of(D("2024-08-01"), D(done), LATER, 90, None) == expected


def test_days_left(cal):
    """Due 2026-02-28 (E): as of 02-18, working days in (02-18, 02-28] are 02-24..02-28 = 5;
    due 2026-02-14 (C): as of 02-23, none in (02-14, 02-23] → 0 (overdue all the same); calendar: 10 days."""
    due = np.array(["2026-02-28"], dtype="datetime64[D]")
    assert days_left(due, D("2026-02-18"), cal).tolist() == [5.0]
    assert days_left(due, D("2026-02-18"), None).tolist() == [10.0]
    assert days_left(np.array(["2026-02-14"], dtype="datetime64[D]"), D("2026-02-23"), cal).tolist() == [0.0]
