"""`due` on the deadline traps: an obligation is 已逾期 from the day after its due date, even a day off.

Same rule and notices as tests/engine/test_deadline_traps.py (国办发明电〔2023〕7号 for 2024: 05-01..05-05
off, Sat 05-11 worked; 国务院办公厅关于2026年部分节假日安排的通知, 国办发明电〔2025〕7号: 02-15..02-23 off,
Sat 02-14 and Sat 02-28 worked). workdays_left = working days in (as_of, due], negative once past.

  M7  decision Mon 2024-04-29 → 7th working day Sat 05-11. As of Sat 05-11: 待办, 0 left. As of Sun 05-12:
      已逾期 (0 working days in (05-11, 05-12], but the day is after the deadline).
  M3  revoked Wed 2024-05-08 → 3rd working day Sat 05-11. As of Sun 05-12: 已逾期.
  S7  decision Thu 2026-02-05 → due Sat 02-14. As of Mon 02-23 (holiday): 已逾期, 0 working days in (02-14, 02-23].
  H7  decision Thu 2026-02-12 → due Sat 02-28. As of Wed 02-18 (holiday): 待办; working days in (02-18, 02-28]:
      02-24, 02-25, 02-26, 02-27, 02-28 → 5 left.
  F20 decision Fri 2024-03-01 (行政检查, 20 working days) → due Fri 03-29. As of Fri 03-29: 待办, 0 left;
      as of Sat 03-30: 已逾期, 0; as of Mon 04-01: 已逾期, -1 (04-01 is a working day).
"""
from __future__ import annotations

from datetime import date

import pytest

from casereview.engine.run.due import OVERDUE, PENDING
from tests.due.due_support import due_list, item


def decided(decision, case_type="行政处罚", **kw) -> dict:
    return dict(dict(case_id="C1", unit_id="U1", case_type=case_type, procedure="普通程序",
                     filed_date="2024-01-02", decision_date=decision), **kw)


@pytest.mark.parametrize("decision, as_of, due, left, status", [
    ("2024-04-29", date(2024, 5, 11), "2024-05-11", 0, PENDING),
    ("2024-04-29", date(2024, 5, 12), "2024-05-11", 0, OVERDUE),
    ("2026-02-05", date(2026, 2, 23), "2026-02-14", 0, OVERDUE),
    ("2026-02-12", date(2026, 2, 18), "2026-02-28", 5, PENDING),
])
@pytest.mark.parametrize("rule", ["GS03", "CX03"])
def test_publication_and_service(rule, decision, as_of, due, left, status):
    d = due_list([decided(decision, filed_date=decision)], as_of)
    x = item(d, rule)
    assert (x["due"], x["wd"], x["status"]) == (due, left, status)


@pytest.mark.parametrize("as_of, left, status", [
    (date(2024, 3, 29), 0, PENDING), (date(2024, 3, 30), 0, OVERDUE), (date(2024, 4, 1), -1, OVERDUE)])
def test_20_working_days_ending_on_a_friday(as_of, left, status):
    d = due_list([decided("2024-03-01", "行政检查", filed_date="2024-03-01", served_date="2024-03-01")], as_of)
    x = item(d, "GS04")
    assert (x["due"], x["wd"], x["status"]) == ("2024-03-29", left, status)


@pytest.mark.parametrize("as_of, status", [(date(2024, 5, 11), PENDING), (date(2024, 5, 12), OVERDUE)])
def test_withdrawal_due_on_a_make_up_saturday(as_of, status):
    case = decided("2024-03-01", filed_date="2024-03-01", served_date="2024-03-01", published_date="2024-03-05",
                   revoked_date="2024-05-08")
    x = item(due_list([case], as_of), "GS05")
    assert (x["due"], x["status"]) == ("2024-05-11", status)
