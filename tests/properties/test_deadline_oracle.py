"""Property: the deadline status agrees with a day-by-day oracle on boundary-heavy dates.

Oracle (domain "Working days"), counted independently of casefiles.workdays: step from the start day one
day at a time with chinese_calendar.is_workday until the N-th working day: that is due. A done date x is
in time iff start ≤ x ≤ due; not done: overdue iff as_of > due. Dates are drawn from the weeks around the
long holidays of 2024–2026 (Labour Day, National Day, Spring Festival, with their make-up weekend days)
and the done date lies within a few days of the deadline, where the off-by-one traps are.
"""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.engine.facts.deadlines import status_of
from casereview.casefiles.workdays import WorkCalendar
from tests.calendar_oracle import due as oracle_due
from tests.properties.strategies import EXAMPLES, PROFILE

CAL = WorkCalendar.official()
# the first day of each holiday; starts are drawn from the 6 weeks before it
HOLIDAYS = [date(2024, 5, 1), date(2024, 10, 1), date(2025, 1, 28), date(2025, 5, 1), date(2025, 10, 1),
            date(2026, 2, 15), date(2026, 5, 1), date(2026, 10, 1), date(2024, 2, 10)]


@st.composite
def deadlines(draw):
    start = draw(st.sampled_from(HOLIDAYS)) - timedelta(draw(st.integers(0, 42)))
    n = draw(st.sampled_from([3, 7, 20]))
    due = oracle_due(start, n)
    end = due + timedelta(draw(st.integers(-4, 4)))
    return start, n, due, max(end, start)


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES)
@given(deadlines())
def test_done_date_status_matches_the_oracle(case):
    start, n, due, done = case
    assert status_of(start, done, date(2026, 11, 20), n, CAL) == ("met" if done <= due else "late")


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES)
@given(deadlines())
def test_open_or_overdue_matches_the_oracle(case):
    start, n, due, as_of = case
    assert status_of(start, None, as_of, n, CAL) == ("open" if as_of <= due else "overdue")
