"""Unknown where the calendar stops (chinesecalendar knows 2004–2026), --holidays files, pack overlays,
the legal review of a major case awaiting decision, and filtering.

  U1 decision Mon 2026-12-28, 7 wd: 12-29(1) 12-30(2) 12-31(3), then 2027 → unknown without a 2027 file.
     With a 2027 file (01-01 off): 2027-01-04(4) 01-05(5) 01-06(6) 01-07(7) → due 2027-01-07;
     as of 2026-12-30: 2 used, 5 left.
  U2 (decide) filed 2026-11-01, 90 days: 11-30 is +29, 12-31 +60, 2027-01-30 +90 → due 2027-01-30, 71 calendar
     days left as of 2026-11-20; working days left unknown without a 2027 calendar.
  O1 police overlay: 治安案件 decided within 30 days: filed 2024-09-01 → due 10-01; as of 09-20: 11 days left
     (standard pack: 90 days → 11-30, 71 left).
  O2 an overlay setting publish_short to 5 working days: decision Fri 2024-09-27 → 09-29(1) 09-30(2) 10-08(3)
     10-09(4) 10-10(5) → due 2024-10-10 (7 days: 10-12).
  R1 major case (major_flag) filed 2024-09-01, undecided, no review: FS01 item due with the decision
     (2024-11-30), 71 calendar days left as of 2024-09-20.
"""
from __future__ import annotations

from datetime import date

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.run.due import PENDING, UNKNOWN, select
from tests.due.due_support import due_list, item, rules_of


def penalty(decision=None, **kw) -> dict:
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序", filed_date="2024-01-02",
                     decision_date=decision), **kw)


def test_due_date_beyond_the_calendar_is_unknown_with_the_year_named():
    d = due_list([penalty("2026-12-28", served_date="2026-12-28")], date(2026, 12, 30))
    g = item(d, "GS03")
    assert g["status"] == UNKNOWN and g["due"] is None and g["wd"] is None
    assert "2027" in g["note"] and "--holidays" in g["note"]


def test_a_holiday_file_for_2027_makes_it_known(tmp_path):
    f = tmp_path / "2027.yaml"
    f.write_text("year: 2027\nsource: 测试用安排\nholidays: [2027-01-01]\n", encoding="utf-8")
    cal = WorkCalendar.official([f])
    d = due_list([penalty("2026-12-28", served_date="2026-12-28")], date(2026, 12, 30), calendar=cal)
    g = item(d, "GS03")
    assert (g["status"], g["due"], g["wd"]) == (PENDING, "2027-01-07", 5)


def test_calendar_day_deadline_into_an_unknown_year_keeps_its_date():
    d = due_list([penalty(None, filed_date="2026-11-01")], date(2026, 11, 20))
    x = item(d, "CX01")
    assert (x["status"], x["due"], x["cd"], x["wd"]) == (PENDING, "2027-01-30", 71, None)


def test_police_overlay_moves_the_decision_deadline():
    case = penalty(None, filed_date="2024-09-01", case_subtype="治安案件")
    standard = item(due_list([case], date(2024, 9, 20)), "CX01")
    police = item(due_list([case], date(2024, 9, 20), overlays=("police",)), "CX01")
    assert (standard["due"], standard["cd"]) == ("2024-11-30", 71)
    assert (police["due"], police["cd"], police["obligation"]) == ("2024-10-01", 11, "办案期限（30日）")


def test_an_overlay_changing_working_days_moves_the_publication_deadline(tmp_path):
    overlay = tmp_path / "short.yaml"
    overlay.write_text("pack: {id: short, title: 测试叠加包, extends: 三项制度}\n"
                       "parameters:\n  deadlines:\n    publish_short: {working_days: 5}\n", encoding="utf-8")
    case = penalty("2024-09-27", served_date="2024-09-27")
    assert item(due_list([case], date(2024, 9, 30)), "GS03")["due"] == "2024-10-12"
    g = item(due_list([case], date(2024, 9, 30), pack_file=overlay), "GS03")
    assert (g["due"], g["wd"], g["obligation"]) == ("2024-10-10", 3, "公示期限（5个工作日）")


def test_legal_review_missing_for_a_major_case_awaiting_decision():
    major = penalty(None, filed_date="2024-09-01", major_flag=True)
    d = due_list([major], date(2024, 9, 20), reviews=[])
    assert rules_of(d) == ["CX01", "FS01"]
    r = item(d, "FS01")
    assert (r["status"], r["due"], r["cd"]) == (PENDING, "2024-11-30", 71)
    assert "标记为重大" in r["note"] and r["obligation"] == "重大执法决定法制审核（决定前）"


def test_legal_review_on_record_or_not_major_gives_no_item():
    review = [dict(review_id="R1", case_id="C1", reviewer_id="P9", review_date="2024-09-10", conclusion="同意")]
    major = penalty(None, filed_date="2024-09-01", major_flag=True)
    assert rules_of(due_list([major], date(2024, 9, 20), reviews=review)) == ["CX01"]
    assert rules_of(due_list([penalty(None, filed_date="2024-09-01")], date(2024, 9, 20), reviews=[])) == ["CX01"]


def test_legal_review_unknown_without_a_reviews_table():
    d = due_list([penalty(None, filed_date="2024-09-01", major_flag=True)], date(2024, 9, 20))
    r = item(d, "FS01")
    assert r["status"] == UNKNOWN and "法制审核表" in r["note"]


def test_select_within_and_unit():
    cases = [penalty("2024-09-27", case_id="A", unit_id="U1", served_date="2024-09-27"),   # due 10-12, 2 left
             penalty("2024-09-30", case_id="B", unit_id="U2", served_date="2024-09-30"),   # due 10-15, 4 left
             penalty("2024-09-20", case_id="C", unit_id="U2", served_date="2024-09-20")]   # overdue
    d = due_list(cases, date(2024, 10, 10))
    assert list(select(d, within=2)["case_id"]) == ["C", "A"]
    assert list(select(d, within=4)["case_id"]) == ["C", "A", "B"]
    assert list(select(d, unit="U2")["case_id"]) == ["C", "B"]
    assert list(select(d, within=2, unit="U2")["case_id"]) == ["C"]
