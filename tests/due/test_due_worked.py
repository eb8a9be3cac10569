"""Worked due dates and days left across the 2024 National Day and 2025 Spring Festival make-up days.

Holiday notices (国办发明电〔2023〕7号 for 2024, 〔2024〕12号 for 2025):
  2024 国庆 10-01..10-07 off; make-up working days Sun 09-29 and Sat 10-12.
  2025 春节 01-28..02-04 off; make-up working days Sun 01-26 and Sat 02-08.
"wd k" = k-th working day after the start day (the start day itself is not counted).

  P1 decision Fri 2024-09-27, 7 wd: 09-29 Sun(1) 09-30(2) 10-08(3) 10-09(4) 10-10(5) 10-11(6) 10-12 Sat(7)
     → due 2024-10-12.  As of 09-30: 2 used, 5 left.  As of 10-12: 0 left.  As of Sun 10-13: the day after
     the deadline, so publishing that day would be late → 已逾期, although no working day lies between
     (0 working days in (10-12, 10-13]).  As of Mon 10-14: wd 8 → 已逾期, -1.
  P2 decision Sun 2024-09-29 (make-up day), 7 wd: 09-30(1) 10-08(2) .. 10-11(5) 10-12(6) 10-14(7) → due 10-14;
     as of 10-01 (holiday): 1 used, 6 left.
  P3 decision Mon 2024-09-30, 7 wd: 10-08(1) .. 10-12(5) 10-14(6) 10-15(7) → due 10-15; as of 10-08: 6 left.
  L1 (20 wd, GS04) decision Mon 2024-09-30: 10-08..10-12 (1-5), 10-14..18 (6-10), 10-21..25 (11-15),
     10-28..11-01 (16-20) → due 2024-11-01; as of 10-12: 5 used, 15 left.
  S1 decision Fri 2025-01-24, 7 wd: 01-26 Sun(1) 01-27(2) 02-05(3) 02-06(4) 02-07(5) 02-08 Sat(6) 02-10(7)
     → due 2025-02-10; as of 2025-02-01 (holiday): 2 used, 5 left.
  W1 (3 wd, GS05) revoked Fri 2025-01-24: 01-26(1) 01-27(2) 02-05(3) → due 2025-02-05; as of 01-27: 1 left;
     as of 02-06: wd 4 → 已逾期, -1.
  V1 (serve, CX03) decision Wed 2025-02-05, 7 wd: 02-06(1) 02-07(2) 02-08 Sat(3) 02-10(4) 02-11(5) 02-12(6)
     02-13(7) → due 2025-02-13; as of 02-08: 3 used, 4 left.
  D1 (decide, CX01, 90 calendar days) filed 2024-08-01: 08-31 is +30, 09-30 +60, 10-30 +90 → due 2024-10-30.
     As of 09-30: 30 calendar days left; working days in (09-30, 10-30]: 10-08..11 (4), 10-12 Sat (5),
     10-14..18 (10), 10-21..25 (15), 10-28..30 (18) → 18.  With 30 days' extension: due 11-29, 60 left.
     As of 10-31: overdue, -1 calendar day, -1 working day (10-31 is a Thursday); still undecided, so CX01
     (which judges decided cases) is na in a review today: 超期未办结, not 已逾期.
"""
from __future__ import annotations

from datetime import date

import pytest

from casereview.engine.run.due import OPEN_OVERDUE, OVERDUE, PENDING
from tests.due.due_support import due_list, item, rules_of


def penalty(decision=None, **kw) -> dict:
    """A decided 行政处罚 case; served and published unless told otherwise."""
    base = dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序", filed_date="2024-01-02",
                decision_date=decision)
    return dict(base, **kw)


@pytest.mark.parametrize("decision, as_of, due, left, status", [
    ("2024-09-27", date(2024, 9, 30), "2024-10-12", 5, PENDING),
    ("2024-09-27", date(2024, 10, 12), "2024-10-12", 0, PENDING),
    ("2024-09-27", date(2024, 10, 13), "2024-10-12", 0, OVERDUE),
    ("2024-09-27", date(2024, 10, 14), "2024-10-12", -1, OVERDUE),
    ("2024-09-29", date(2024, 10, 1), "2024-10-14", 6, PENDING),
    ("2024-09-30", date(2024, 10, 8), "2024-10-15", 6, PENDING),
    ("2025-01-24", date(2025, 2, 1), "2025-02-10", 5, PENDING),
])
def test_publication_within_7_working_days(decision, as_of, due, left, status):
    d = due_list([penalty(decision, served_date=decision)], as_of)
    gs03 = item(d, "GS03")
    assert (gs03["due"], gs03["wd"], gs03["status"]) == (due, left, status)
    assert gs03["obligation"] == "公示期限（7个工作日）" and gs03["cd"] is None
    assert rules_of(d) == ["GS03"]            # served, decided: nothing else is open


def test_publication_within_20_working_days_for_other_decisions():
    d = due_list([penalty("2024-09-30", case_type="行政检查", served_date="2024-09-30")], date(2024, 10, 12))
    assert rules_of(d) == ["GS04"]
    g = item(d, "GS04")
    assert (g["due"], g["wd"], g["status"], g["obligation"]) == ("2024-11-01", 15, PENDING, "公示期限（20个工作日）")


@pytest.mark.parametrize("as_of, left, status", [(date(2025, 1, 27), 1, PENDING), (date(2025, 2, 6), -1, OVERDUE)])
def test_withdrawal_within_3_working_days_of_revocation(as_of, left, status):
    case = penalty("2025-01-06", served_date="2025-01-06", published_date="2025-01-10", revoked_date="2025-01-24")
    d = due_list([case], as_of)
    assert rules_of(d) == ["GS05"]
    w = item(d, "GS05")
    assert (w["due"], w["wd"], w["status"]) == ("2025-02-05", left, status)
    assert w["obligation"] == "撤回公示期限（3个工作日）" and str(w["start_date"])[:10] == "2025-01-24"


def test_service_within_7_working_days_over_the_spring_festival_make_up_saturday():
    d = due_list([penalty("2025-02-05", published_date="2025-02-05")], date(2025, 2, 8))
    v = item(d, "CX03")
    assert (v["due"], v["wd"], v["status"]) == ("2025-02-13", 4, PENDING)


@pytest.mark.parametrize("extension, as_of, due, cd, wd, status", [
    (None, date(2024, 9, 30), "2024-10-30", 30, 18, PENDING),
    (30, date(2024, 9, 30), "2024-11-29", 60, None, PENDING),
    (None, date(2024, 10, 31), "2024-10-30", -1, -1, OPEN_OVERDUE),
])
def test_decision_deadline_90_calendar_days_plus_extension(extension, as_of, due, cd, wd, status):
    d = due_list([penalty(None, filed_date="2024-08-01", extension_days=extension)], as_of)
    assert rules_of(d) == ["CX01"]               # not decided: publication and service have not started
    x = item(d, "CX01")
    assert (x["due"], x["cd"], x["status"]) == (due, cd, status)
    if wd is not None:
        assert x["wd"] == wd
    assert x["obligation"] == f"办案期限（{90 + (extension or 0)}日）"


def test_extension_leaves_18_plus_working_days():
    # with 30 days' extension the due date is Fri 2024-11-29: working days in (10-30, 11-29] are
    # 10-31, 11-01 (2) and 4 full weeks 11-04..11-29 (20) → 18 + 22 = 40
    d = due_list([penalty(None, filed_date="2024-08-01", extension_days=30)], date(2024, 9, 30))
    assert item(d, "CX01")["wd"] == 40


def test_exempt_and_undecided_cases_have_no_publication_item():
    exempt = penalty("2024-09-27", served_date="2024-09-27", publish_exempt_reason="涉及国家秘密")
    assert rules_of(due_list([exempt], date(2024, 9, 30))) == []
    licence = penalty("2024-09-27", case_type="行政许可", served_date="2024-09-27", published_date="2024-09-28")
    assert rules_of(due_list([licence], date(2024, 9, 30))) == []


def test_met_obligations_and_future_cases_are_not_listed():
    done = penalty("2024-09-27", served_date="2024-09-30", published_date="2024-10-12")
    assert rules_of(due_list([done], date(2024, 10, 20))) == []
    not_filed_yet = penalty(None, filed_date="2024-12-01")
    assert rules_of(due_list([not_filed_yet], date(2024, 10, 20))) == []


def test_units_handlers_and_order():
    cases = [penalty("2024-09-27", case_id="A", unit_id="U2", handler_ids=["P1", "P2"], served_date="2024-09-27"),
             penalty("2024-09-30", case_id="B", unit_id="U1", served_date="2024-09-30"),
             penalty("2024-09-20", case_id="C", unit_id="U1", served_date="2024-09-20")]
    d = due_list(cases, date(2024, 10, 8), units=[dict(unit_id="U1", name="一所"), dict(unit_id="U2", name="二所")])
    # C: decision Fri 09-20: 09-23..27 (1-5), 09-29 Sun (6), 09-30 (7) → due 09-30; 10-08 is wd 8 → -1.
    # A: due 10-12, 4 left (10-09..10-12).  B: due 10-15, 6 left (10-09..10-12, 10-14, 10-15).
    assert list(d["case_id"]) == ["C", "A", "B"]
    assert list(d["status"]) == [OVERDUE, PENDING, PENDING]
    assert item(d, "GS03", "C")["due"] == "2024-09-30" and item(d, "GS03", "C")["wd"] == -1
    assert item(d, "GS03", "A")["wd"] == 4
    assert item(d, "GS03", "A")["handlers"] == "P1、P2"
