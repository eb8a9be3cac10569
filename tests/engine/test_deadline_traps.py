"""Deadline traps for GS03, GS04, GS05 and CX03, on both engines (tests.support.run compares them).

Rule (domain "Working days"): due(d, N) = the N-th working day after d (d not counted); a done date x
is in time iff d ≤ x ≤ due(d, N). A done date on a day off AFTER the deadline is late although no
working day lies between; a done date on a holiday BEFORE the deadline is in time. Not done: fail
once the as-of date is after the due date, na (not yet due) up to and on it.

Official notices (checked against chinesecalendar in tests/casefiles/test_deadlines.py):
  国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）: 劳动节 5月1日至5日放假调休，
    共5天；4月28日（星期日）、5月11日（星期六）上班. 清明节 4月4日至6日, 4月7日（星期日）上班 (March 2024
    has no holiday).
  国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）: 春节 2月15日（周日）至23日（周一）
    放假调休，共9天；2月14日（周六）、2月28日（周六）上班. 元旦 1月1日至3日, 1月4日（周日）上班.

Worked deadlines (wd k = k-th working day after the start day):
  M7  decision Mon 2024-04-29: wd1 04-30, (05-01..05-05 off), wd2 05-06, wd3 05-07, wd4 05-08, wd5 05-09,
      wd6 05-10, wd7 Sat 05-11 (make-up) → due 05-11. Sun 05-12 → late; 05-11 → in time.
  M20 decision Thu 2024-04-11: wd1 04-12, 04-15..19 = 2..6, 04-22..26 = 7..11, Sun 04-28 (make-up) = 12,
      04-29 = 13, 04-30 = 14, (05-01..05 off), 05-06..10 = 15..19, Sat 05-11 = 20 → due 05-11; 05-12 late.
  M3  revoked Wed 2024-05-08: wd1 05-09, wd2 05-10, wd3 Sat 05-11 → due 05-11; Sun 05-12 late.
  S7  decision Thu 2026-02-05: wd1 02-06, 02-09..02-13 = 2..6, wd7 Sat 02-14 (make-up) → due 02-14;
      02-23 (the last Spring Festival holiday, after the deadline) → late.
  S20 decision Mon 2026-01-19: 01-20..23 = 1..4, 01-26..30 = 5..9, 02-02..06 = 10..14, 02-09..13 = 15..19,
      Sat 02-14 = 20 → due 02-14; 02-23 → late.
  S3  revoked Wed 2026-02-11: wd1 02-12, wd2 02-13, wd3 Sat 02-14 → due 02-14; 02-23 → late.
  H7  decision Thu 2026-02-12: wd1 02-13, wd2 Sat 02-14, (02-15..02-23 off), 02-24..27 = 3..6, wd7 Sat 02-28
      (make-up) → due 02-28; 02-18 (a holiday before the deadline) → in time; Sun 03-01 → late.
  H20 decision Thu 2026-02-05: wd1 02-06, 02-09..13 = 2..6, Sat 02-14 = 7, 02-24..27 = 8..11, Sat 02-28 = 12,
      03-02..06 = 13..17, 03-09 = 18, 03-10 = 19, Wed 03-11 = 20 → due 03-11; 02-20 (holiday) → in time.
  H3  revoked Fri 2026-02-13: wd1 Sat 02-14, (02-15..23 off), wd2 02-24, wd3 02-25 → due 02-25;
      02-20 (holiday) → in time; 02-26 → late.
  F20 decision Fri 2024-03-01: 03-04..08 = 1..5, 03-11..15 = 6..10, 03-18..22 = 11..15, 03-25..29 = 16..20
      → due Fri 03-29; Sat 03-30 → late.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2026, 11, 20)


def publication(decision, published=None, case_type="行政处罚"):
    return dict(case_id="C1", unit_id="U1", case_type=case_type, decision_date=decision, published_date=published)


def service(decision, served=None):
    return dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date=decision, served_date=served)


def withdrawal(revoked, withdrawn=None):
    return dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date="2024-03-01",
                published_date="2024-03-05", revoked_date=revoked, withdrawn_date=withdrawn)


# (rule, description, case, as_of, expected, reason fragment)
ROWS = [
    # make-up Saturday deadline, done the Sunday after
    ("GS03", "M7 published Sat 05-11", publication("2024-04-29", "2024-05-11"), AS_OF, "pass",
     "公示日期 2024-05-11 未超过期限 2024-05-11（决定后第7个工作日）"),
    ("GS03", "M7 published Sun 05-12", publication("2024-04-29", "2024-05-12"), AS_OF, "fail",
     "公示日期 2024-05-12 晚于期限 2024-05-11（决定后第7个工作日）"),
    ("GS03", "M7 not published, as of Sat 05-11", publication("2024-04-29"), date(2024, 5, 11), "na",
     "期限 2024-05-11（决定后第7个工作日）未届满"),
    ("GS03", "M7 not published, as of Sun 05-12", publication("2024-04-29"), date(2024, 5, 12), "fail",
     "至评查日 2024-05-12 仍未公示，已超过期限 2024-05-11"),
    ("GS04", "M20 published Sat 05-11", publication("2024-04-11", "2024-05-11", "行政检查"), AS_OF, "pass",
     "未超过期限 2024-05-11（决定后第20个工作日）"),
    ("GS04", "M20 published Sun 05-12", publication("2024-04-11", "2024-05-12", "行政检查"), AS_OF, "fail",
     "公示日期 2024-05-12 晚于期限 2024-05-11（决定后第20个工作日）"),
    ("GS05", "M3 withdrawn Sat 05-11", withdrawal("2024-05-08", "2024-05-11"), AS_OF, "pass",
     "撤回公示日期 2024-05-11 未超过期限 2024-05-11（撤销后第3个工作日）"),
    ("GS05", "M3 withdrawn Sun 05-12", withdrawal("2024-05-08", "2024-05-12"), AS_OF, "fail",
     "撤回公示日期 2024-05-12 晚于期限 2024-05-11（撤销后第3个工作日）"),
    ("CX03", "M7 served Sat 05-11", service("2024-04-29", "2024-05-11"), AS_OF, "pass",
     "送达日期 2024-05-11 未超过期限 2024-05-11（决定后第7个工作日）"),
    ("CX03", "M7 served Sun 05-12", service("2024-04-29", "2024-05-12"), AS_OF, "fail",
     "送达日期 2024-05-12 晚于期限 2024-05-11（决定后第7个工作日）"),
    ("CX03", "M7 not served, as of Sun 05-12", service("2024-04-29"), date(2024, 5, 12), "fail",
     "至评查日 2024-05-12 仍未送达，已超过期限 2024-05-11"),
    # a holiday after the deadline
    ("GS03", "S7 published 02-23 (holiday)", publication("2026-02-05", "2026-02-23"), AS_OF, "fail",
     "公示日期 2026-02-23 晚于期限 2026-02-14（决定后第7个工作日）"),
    ("GS03", "S7 published Sat 02-14", publication("2026-02-05", "2026-02-14"), AS_OF, "pass",
     "未超过期限 2026-02-14"),
    ("GS04", "S20 published 02-23 (holiday)", publication("2026-01-19", "2026-02-23", "行政强制"), AS_OF, "fail",
     "公示日期 2026-02-23 晚于期限 2026-02-14（决定后第20个工作日）"),
    ("GS05", "S3 withdrawn 02-23 (holiday)", withdrawal("2026-02-11", "2026-02-23"), AS_OF, "fail",
     "撤回公示日期 2026-02-23 晚于期限 2026-02-14（撤销后第3个工作日）"),
    ("CX03", "S7 served 02-23 (holiday)", service("2026-02-05", "2026-02-23"), AS_OF, "fail",
     "送达日期 2026-02-23 晚于期限 2026-02-14（决定后第7个工作日）"),
    ("CX03", "S7 not served, as of 02-23 (holiday)", service("2026-02-05"), date(2026, 2, 23), "fail",
     "至评查日 2026-02-23 仍未送达，已超过期限 2026-02-14"),
    # a holiday before the deadline
    ("GS03", "H7 published 02-18 (holiday)", publication("2026-02-12", "2026-02-18"), AS_OF, "pass",
     "公示日期 2026-02-18 未超过期限 2026-02-28（决定后第7个工作日）"),
    ("GS03", "H7 published Sun 03-01", publication("2026-02-12", "2026-03-01"), AS_OF, "fail",
     "公示日期 2026-03-01 晚于期限 2026-02-28"),
    ("GS04", "H20 published 02-20 (holiday)", publication("2026-02-05", "2026-02-20", "行政检查"), AS_OF, "pass",
     "公示日期 2026-02-20 未超过期限 2026-03-11（决定后第20个工作日）"),
    ("GS05", "H3 withdrawn 02-20 (holiday)", withdrawal("2026-02-13", "2026-02-20"), AS_OF, "pass",
     "撤回公示日期 2026-02-20 未超过期限 2026-02-25（撤销后第3个工作日）"),
    ("GS05", "H3 withdrawn 02-26", withdrawal("2026-02-13", "2026-02-26"), AS_OF, "fail",
     "撤回公示日期 2026-02-26 晚于期限 2026-02-25"),
    ("CX03", "H7 served 02-18 (holiday)", service("2026-02-12", "2026-02-18"), AS_OF, "pass",
     "送达日期 2026-02-18 未超过期限 2026-02-28（决定后第7个工作日）"),
    ("CX03", "H7 not served, as of 02-18 (holiday)", service("2026-02-12"), date(2026, 2, 18), "na",
     "尚未送达，期限 2026-02-28（决定后第7个工作日）未届满"),
    # 20 working days ending on a Friday, published the Saturday after
    ("GS04", "F20 published Fri 03-29", publication("2024-03-01", "2024-03-29", "行政检查"), AS_OF, "pass",
     "公示日期 2024-03-29 未超过期限 2024-03-29（决定后第20个工作日）"),
    ("GS04", "F20 published Sat 03-30", publication("2024-03-01", "2024-03-30", "行政检查"), AS_OF, "fail",
     "公示日期 2024-03-30 晚于期限 2024-03-29（决定后第20个工作日）"),
    ("GS04", "F20 not published, as of Sat 03-30", publication("2024-03-01", None, "行政检查"), date(2024, 3, 30),
     "fail", "至评查日 2024-03-30 仍未公示，已超过期限 2024-03-29"),
]


@pytest.mark.parametrize("rule, desc, the_case, as_of, expected, fragment", ROWS, ids=[r[1] for r in ROWS])
def test_deadline_trap(rule, desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", rule)
    assert got == expected, reason
    assert fragment in reason
