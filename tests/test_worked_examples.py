"""The shared worked deadlines (tests/worked_examples.py) agree with the official calendar, day by day."""
from __future__ import annotations

import pytest

from tests.calendar_oracle import due
from tests.worked_examples import BY_START, DEADLINES


@pytest.mark.parametrize("name", sorted(DEADLINES))
def test_worked_deadline_is_the_nth_working_day(name):
    d = DEADLINES[name]
    assert due(d.start, d.n) == d.due, d.worked


def test_one_deadline_per_start_and_length():
    assert len(BY_START) == len(DEADLINES)
