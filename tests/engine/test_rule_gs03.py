"""GS03 行政许可、行政处罚决定7个工作日内公示 (公示, deduction 10).

Basis: 国办发〔2018〕118号“行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开”.
“Within 7 working days of d”: the deadline is due(d, 7), the 7th working day after d (d itself not
counted), and x is in time iff d ≤ x ≤ due(d, 7) (domain.md “Working days”). A publication on a day off
after the deadline is late, although no working day lies between.
Applies to 行政许可/行政处罚 with a decision; exempt → na; not published and not yet due on as-of
→ na; published before the decision → unknown; a calendar year the engine does not know → unknown.

Holiday notices used (国办发明电〔2023〕7号 for 2024, 〔2024〕12号 for 2025):
  2024 劳动节 05-01..05-05 off, make-up Sun 04-28 and Sat 05-11.
  2024 国庆 10-01..10-07 off, make-up Sun 09-29 and Sat 10-12.
  2025 春节 01-28..02-04 off, make-up Sun 01-26 and Sat 02-08.
Worked deadlines (wd = working day after the decision):
  D1 decision Mon 2024-09-30: wd1 10-08, wd2 10-09, wd3 10-10, wd4 10-11, wd5 10-12 (Sat make-up),
     wd6 10-14, wd7 10-15 → due 10-15; 10-16 is wd8.
  D2 decision 2024-10-03 (a holiday): wd1 10-08 … wd7 10-15 (same as D1).
  D3 decision Sat 2024-10-12 (make-up day): wd1 10-14, 10-15, 10-16, 10-17, wd5 10-18 (Fri), wd6 10-21,
     wd7 10-22 → due 10-22; 10-23 is wd8.
  D4 decision Sun 2024-04-28 (make-up day): wd1 04-29, wd2 04-30, (05-01..05 off) wd3 05-06, wd4 05-07,
     wd5 05-08, wd6 05-09, wd7 05-10 (Fri) → due 05-10; Sat 05-11 is a make-up day = wd8 → late.
  D5 decision Tue 2024-04-30: wd1 05-06, … wd5 05-10, wd6 05-11 (Sat make-up), wd7 Mon 05-13 → due 05-13.
  D6 decision Wed 2024-11-06 (no holidays): wd1 11-07, wd2 11-08, wd3 11-11, wd4 11-12, wd5 11-13,
     wd6 11-14, wd7 Fri 11-15 → due 11-15; Sat 11-16 and Sun 11-17 come after the deadline → late
     (counting "workdays(d, x) ≤ 7" wrongly passed them); Mon 11-18 is wd8.
  D7 decision Fri 2025-01-24: wd1 01-26 (Sun make-up), wd2 01-27, (01-28..02-04 off) wd3 02-05, wd4 02-06,
     wd5 02-07, wd6 02-08 (Sat make-up), wd7 Mon 02-10 → due 02-10; 02-11 is wd8.
"""
from datetime import date

import pytest

from tests.support import outcome, run

LATE_AS_OF = date(2025, 12, 31)


def case(decision, published=None, **kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date=decision,
                     published_date=published), **kw)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("D1 published on wd7", case("2024-09-30", "2024-10-15"), LATE_AS_OF, "pass",
     "公示日期 2024-10-15 未超过期限 2024-10-15（决定后第7个工作日）"),
    ("D1 published on wd8", case("2024-09-30", "2024-10-16"), LATE_AS_OF, "fail",
     "公示日期 2024-10-16 晚于期限 2024-10-15（决定后第7个工作日）"),
    ("published on the decision day", case("2024-09-30", "2024-09-30"), LATE_AS_OF, "pass", "未超过期限 2024-10-15"),
    ("D2 decision on a holiday, wd7", case("2024-10-03", "2024-10-15"), LATE_AS_OF, "pass", "期限 2024-10-15"),
    ("D2 decision on a holiday, wd8", case("2024-10-03", "2024-10-16"), LATE_AS_OF, "fail",
     "2024-10-16 晚于期限 2024-10-15"),
    ("D3 decision on make-up Saturday, wd7", case("2024-10-12", "2024-10-22"), LATE_AS_OF, "pass", "期限 2024-10-22"),
    ("D3 decision on make-up Saturday, wd8", case("2024-10-12", "2024-10-23"), LATE_AS_OF, "fail",
     "2024-10-23 晚于期限 2024-10-22"),
    ("D4 wd7 is Friday 05-10", case("2024-04-28", "2024-05-10"), LATE_AS_OF, "pass", "期限 2024-05-10"),
    ("D4 make-up Saturday 05-11 is wd8", case("2024-04-28", "2024-05-11"), LATE_AS_OF, "fail",
     "2024-05-11 晚于期限 2024-05-10"),
    ("D5 Labour Day, wd7 = 05-13", case("2024-04-30", "2024-05-13"), LATE_AS_OF, "pass", "期限 2024-05-13"),
    ("D5 Labour Day, wd8 = 05-14", case("2024-04-30", "2024-05-14"), LATE_AS_OF, "fail",
     "2024-05-14 晚于期限 2024-05-13"),
    ("D6 Saturday after Friday wd7 is late", case("2024-11-06", "2024-11-16"), LATE_AS_OF, "fail",
     "2024-11-16 晚于期限 2024-11-15"),
    ("D6 Sunday after Friday wd7 is late", case("2024-11-06", "2024-11-17"), LATE_AS_OF, "fail",
     "2024-11-17 晚于期限 2024-11-15"),
    ("D6 Monday = wd8", case("2024-11-06", "2024-11-18"), LATE_AS_OF, "fail", "2024-11-18 晚于期限 2024-11-15"),
    ("D7 Spring Festival wd7", case("2025-01-24", "2025-02-10"), LATE_AS_OF, "pass", "期限 2025-02-10"),
    ("D7 Spring Festival wd8", case("2025-01-24", "2025-02-11"), LATE_AS_OF, "fail", "2025-02-11 晚于期限 2025-02-10"),
    ("行政许可 applies too", case("2024-09-30", "2024-10-16", case_type="行政许可"), LATE_AS_OF, "fail",
     "晚于期限 2024-10-15"),
    # --- na ---
    ("exempt", case("2024-09-30", None, publish_exempt_reason="涉及国家秘密"), LATE_AS_OF, "na",
     "依法不予公开：涉及国家秘密"),
    ("exempt wins over a late publication", case("2024-09-30", "2024-10-20", publish_exempt_reason="个人隐私"),
     LATE_AS_OF, "na", "依法不予公开：个人隐私"),
    # as_of 10-09 = wd2 after D1: not yet due
    ("not published, as_of two working days after", case("2024-09-30"), date(2024, 10, 9), "na",
     "尚未公示，期限 2024-10-15（决定后第7个工作日）未届满"),
    ("not published, as_of = the due day itself", case("2024-09-30"), date(2024, 10, 15), "na", "期限 2024-10-15"),
    # published 10-14 is after as_of 10-10: has not happened yet → not published, not due
    ("published after as_of counts as not published (open)", case("2024-09-30", "2024-10-14"),
     date(2024, 10, 10), "na", "尚未公示"),
    ("行政检查 is GS04's", case("2024-09-30", "2024-12-01", case_type="行政检查"), LATE_AS_OF, "na", "非行政许可"),
    ("no decision", case(None), LATE_AS_OF, "na", "尚未作出决定"),
    # decision 2026-12-01 is after as_of 2026-11-20 but inside the known calendar: not decided yet
    ("decision after as_of (known year)", case("2026-12-01"), date(2026, 11, 20), "na", "尚未作出决定"),
    # --- fail: overdue ---
    ("not published, as_of = wd8", case("2024-09-30"), date(2024, 10, 16), "fail",
     "决定日期 2024-09-30，至评查日 2024-10-16 仍未公示，已超过期限 2024-10-15（决定后第7个工作日）"),
    # published 10-25 is after as_of 10-20 → not published; 10-20 is past wd7
    ("published after as_of, as_of past the deadline", case("2024-09-30", "2024-10-25"), date(2024, 10, 20),
     "fail", "至评查日 2024-10-20 仍未公示"),
    # --- unknown ---
    ("published before the decision", case("2024-09-30", "2024-09-29"), LATE_AS_OF, "unknown",
     "公示日期 2024-09-29 早于决定日期 2024-09-30，数据矛盾"),
    ("2028 decision, as_of 2028 (calendar unknown)", case("2028-03-01", "2028-03-08"), date(2028, 6, 30),
     "unknown", "公示期限无法判定"),
    ("2028 decision, not published, as_of 2028", case("2028-03-01"), date(2028, 6, 30), "unknown", "公示期限无法判定"),
    ("2027 decision, as_of 2027", case("2027-03-01", "2027-03-05"), date(2027, 6, 30), "unknown",
     "2027年不在已知节假日日历内"),
    ("published after as_of in an unknown year", case("2026-11-10", "2027-01-05"), date(2026, 11, 20), "unknown",
     "“公示日期” 2027-01-05 晚于评查日 2026-11-20"),
    # D8 decision Tue 2026-12-01 (no December holidays): wd1 12-02, wd2 12-03, wd3 12-04 (Fri), wd4 12-07,
    # wd5 12-08, wd6 12-09, wd7 12-10 → due 2026-12-10, inside the known 2026 calendar even if as_of is in 2027
    ("D8 not published, as_of in 2027 but the deadline passed in 2026", case("2026-12-01"), date(2027, 1, 15),
     "fail", "至评查日 2027-01-15 仍未公示，已超过期限 2026-12-10"),
    ("D8 published in 2027, after a 2026 deadline", case("2026-12-01", "2027-01-04"), date(2027, 1, 15), "fail",
     "公示日期 2027-01-04 晚于期限 2026-12-10"),
    # decision Mon 2026-12-28: the 7th working day lies in 2027, whose holidays are unknown
    ("published in 2027, deadline in 2027", case("2026-12-28", "2027-01-06"), date(2027, 2, 1), "unknown",
     "2027年不在已知节假日日历内"),
    # decision 2027-01-10 is after as_of and in a year the calendar does not know → unknown, not na
    ("decision after as_of in an unknown year", case("2027-01-10"), date(2026, 11, 20), "unknown",
     "晚于评查日 2026-11-20"),
]


@pytest.mark.parametrize("desc, the_case, as_of, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_gs03(desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", "GS03")
    assert got == expected, reason
    assert fragment in reason


# Decision Mon 2026-12-28 (2026 is known; 2027 is not). Published Wed 12-30: workdays(12-28, 12-30) = 2
# (12-29, 12-30), every day inside 2026 → within 7 working days whatever 2027's holidays are.
def test_gs03_met_inside_known_year_while_due_date_is_not():
    res = run([case("2026-12-28", "2026-12-30")], acts=[], as_of=date(2026, 12, 31))
    assert outcome(res, "C1", "GS03")[0] == "pass"


# Same decision, not published, as_of Thu 2026-12-31: workdays(12-28, 12-31) = 3 < 7 → deadline not passed → na.
def test_gs03_open_inside_known_year_while_due_date_is_not():
    res = run([case("2026-12-28")], acts=[], as_of=date(2026, 12, 31))
    assert outcome(res, "C1", "GS03")[0] == "na"
