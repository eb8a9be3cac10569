"""`due` on the deadline traps: an obligation is 已逾期 from the day after its due date, even a day off.

Same rule and notices as tests/engine/test_deadline_traps.py (国办发明电〔2023〕7号 for 2024: 05-01..05-05
off, Sat 05-11 worked; 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号: 02-15..02-23 off,
Sat 02-14 and Sat 02-28 worked). workdays_left = working days in (as_of, due], negative once past.

The worked deadlines (M7 → Sat 05-11, M3 → Sat 05-11, S7 → Sat 02-14, H7 → Sat 02-28, F20 → Fri 03-29)
are in tests/worked_examples.py. As of the due day: 待办, 0 left; as of the day off after it: 已逾期
although no working day lies in (due, as_of]; H7 as of Wed 02-18 (holiday): working days in (02-18, 02-28]
are 02-24..02-28 → 5 left; F20 as of Mon 04-01: -1 (04-01 is a working day).
"""
from __future__ import annotations

from datetime import date

import pytest

from casereview.engine.run.due import OVERDUE, PENDING
from tests.due.due_support import due_list, item
from tests.worked_examples import deadline

M7, M3, S7, H7, F20 = (deadline(n) for n in "M7 M3 S7 H7 F20".split())


def decided(decision, case_type="行政处罚", **kw) -> dict:
    return dict(dict(case_id="C1", unit_id="U1", case_type=case_type, procedure="普通程序",
                     filed_date="2024-01-02", decision_date=decision), **kw)


@pytest.mark.parametrize("worked, as_of, left, status", [
    (M7, date(2024, 5, 11), 0, PENDING),
    (M7, date(2024, 5, 12), 0, OVERDUE),
    (S7, date(2026, 2, 23), 0, OVERDUE),
    (H7, date(2026, 2, 18), 5, PENDING),
], ids=["M7-due-day", "M7-sunday-after", "S7-holiday-after", "H7-holiday-before"])
@pytest.mark.parametrize("rule", ["GS03", "CX03"])
def test_publication_and_service(rule, worked, as_of, left, status):
    decision = str(worked.start)
    d = due_list([decided(decision, filed_date=decision)], as_of)
    x = item(d, rule)
    assert (x["due"], x["wd"], x["status"]) == (str(worked.due), left, status)


@pytest.mark.parametrize("as_of, left, status", [
    (date(2024, 3, 29), 0, PENDING), (date(2024, 3, 30), 0, OVERDUE), (date(2024, 4, 1), -1, OVERDUE)])
def test_20_working_days_ending_on_a_friday(as_of, left, status):
    start = str(F20.start)
    d = due_list([decided(start, "行政检查", filed_date=start, served_date=start)], as_of)
    x = item(d, "GS04")
    assert (x["due"], x["wd"], x["status"]) == (str(F20.due), left, status)


@pytest.mark.parametrize("as_of, status", [(date(2024, 5, 11), PENDING), (date(2024, 5, 12), OVERDUE)])
def test_withdrawal_due_on_a_make_up_saturday(as_of, status):
    case = decided("2024-03-01", filed_date="2024-03-01", served_date="2024-03-01", published_date="2024-03-05",
                   revoked_date=str(M3.start))
    x = item(due_list([case], as_of), "GS05")
    assert (x["due"], x["status"]) == (str(M3.due), status)
