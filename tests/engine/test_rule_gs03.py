"""GS03 行政许可、行政处罚决定7个工作日内公示 (公示, deduction 10).

Basis: 国办发〔2018〕118号“行政许可、行政处罚的执法决定信息要在执法决定作出之日起7个工作日内公开”.
“Within 7 working days of d”: the deadline is due(d, 7), the 7th working day after d (d itself not
counted), and x is in time iff d ≤ x ≤ due(d, 7) (domain.md “Working days”). A publication on a day off
after the deadline is late, although no working day lies between.
Applies to 行政许可/行政处罚 with a decision; exempt → na; not published and not yet due on as-of
→ na; published before the decision → unknown; a calendar year the engine does not know → unknown.

The worked deadlines D1..D8 (decision on a Monday before National Day, on a holiday, on a make-up
Saturday and Sunday, around Labour Day, in a week without holidays, before the 2025 Spring Festival, in
December 2026) are in tests/worked_examples.py with their count by hand from the holiday notices.
D6 is the trap where counting "workdays(d, x) ≤ 7" wrongly passed Sat 11-16 and Sun 11-17.
"""
from datetime import date

import pytest

from tests.support import outcome, run
from tests.worked_examples import deadline

LATE_AS_OF = date(2025, 12, 31)
D1, D2, D3, D4, D5, D6, D7, D8 = (deadline(f"D{k}") for k in range(1, 9))


def case(decision, published=None, **kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date=decision,
                     published_date=published), **kw)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("D1 published on wd7", case(str(D1.start), "2024-10-15"), LATE_AS_OF, "pass",
     f"公示日期 2024-10-15 未超过期限 {D1.due}（决定后第7个工作日）"),
    ("D1 published on wd8", case(str(D1.start), "2024-10-16"), LATE_AS_OF, "fail",
     f"公示日期 2024-10-16 晚于期限 {D1.due}（决定后第7个工作日）"),
    ("published on the decision day", case(str(D1.start), "2024-09-30"), LATE_AS_OF, "pass", f"未超过期限 {D1.due}"),
    ("D2 decision on a holiday, wd7", case(str(D2.start), "2024-10-15"), LATE_AS_OF, "pass", f"期限 {D2.due}"),
    ("D2 decision on a holiday, wd8", case(str(D2.start), "2024-10-16"), LATE_AS_OF, "fail",
     f"2024-10-16 晚于期限 {D2.due}"),
    ("D3 decision on make-up Saturday, wd7", case(str(D3.start), "2024-10-22"), LATE_AS_OF, "pass", f"期限 {D3.due}"),
    ("D3 decision on make-up Saturday, wd8", case(str(D3.start), "2024-10-23"), LATE_AS_OF, "fail",
     f"2024-10-23 晚于期限 {D3.due}"),
    ("D4 wd7 is Friday 05-10", case(str(D4.start), "2024-05-10"), LATE_AS_OF, "pass", f"期限 {D4.due}"),
    ("D4 make-up Saturday 05-11 is wd8", case(str(D4.start), "2024-05-11"), LATE_AS_OF, "fail",
     f"2024-05-11 晚于期限 {D4.due}"),
    ("D5 Labour Day, wd7 = 05-13", case(str(D5.start), "2024-05-13"), LATE_AS_OF, "pass", f"期限 {D5.due}"),
    ("D5 Labour Day, wd8 = 05-14", case(str(D5.start), "2024-05-14"), LATE_AS_OF, "fail",
     f"2024-05-14 晚于期限 {D5.due}"),
    ("D6 Saturday after Friday wd7 is late", case(str(D6.start), "2024-11-16"), LATE_AS_OF, "fail",
     f"2024-11-16 晚于期限 {D6.due}"),
    ("D6 Sunday after Friday wd7 is late", case(str(D6.start), "2024-11-17"), LATE_AS_OF, "fail",
     f"2024-11-17 晚于期限 {D6.due}"),
    ("D6 Monday = wd8", case(str(D6.start), "2024-11-18"), LATE_AS_OF, "fail", f"2024-11-18 晚于期限 {D6.due}"),
    ("D7 Spring Festival wd7", case(str(D7.start), "2025-02-10"), LATE_AS_OF, "pass", f"期限 {D7.due}"),
    ("D7 Spring Festival wd8", case(str(D7.start), "2025-02-11"), LATE_AS_OF, "fail", f"2025-02-11 晚于期限 {D7.due}"),
    ("行政许可 applies too", case(str(D1.start), "2024-10-16", case_type="行政许可"), LATE_AS_OF, "fail",
     f"晚于期限 {D1.due}"),
    # --- na ---
    ("exempt", case(str(D1.start), None, publish_exempt_reason="涉及国家秘密"), LATE_AS_OF, "na",
     "依法不予公开：涉及国家秘密"),
    ("exempt wins over a late publication", case(str(D1.start), "2024-10-20", publish_exempt_reason="个人隐私"),
     LATE_AS_OF, "na", "依法不予公开：个人隐私"),
    # as_of 10-09 = wd2 after D1: not yet due
    ("not published, as_of two working days after", case(str(D1.start)), date(2024, 10, 9), "na",
     f"尚未公示，期限 {D1.due}（决定后第7个工作日）未届满"),
    ("not published, as_of = the due day itself", case(str(D1.start)), date(2024, 10, 15), "na", f"期限 {D1.due}"),
    # published 10-14 is after as_of 10-10: has not happened yet → not published, not due
    ("published after as_of counts as not published (open)", case(str(D1.start), "2024-10-14"),
     date(2024, 10, 10), "na", "尚未公示"),
    ("行政检查 is GS04's", case(str(D1.start), "2024-12-01", case_type="行政检查"), LATE_AS_OF, "na", "非行政许可"),
    ("no decision", case(None), LATE_AS_OF, "na", "尚未作出决定"),
    # decision 2026-12-01 is after as_of 2026-11-20 but inside the known calendar: not decided yet
    ("decision after as_of (known year)", case(str(D8.start)), date(2026, 11, 20), "na", "尚未作出决定"),
    # --- fail: overdue ---
    ("not published, as_of = wd8", case(str(D1.start)), date(2024, 10, 16), "fail",
     f"决定日期 2024-09-30，至评查日 2024-10-16 仍未公示，已超过期限 {D1.due}（决定后第7个工作日）"),
    # published 10-25 is after as_of 10-20 → not published; 10-20 is past wd7
    ("published after as_of, as_of past the deadline", case(str(D1.start), "2024-10-25"), date(2024, 10, 20),
     "fail", "至评查日 2024-10-20 仍未公示"),
    # --- unknown ---
    ("published before the decision", case(str(D1.start), "2024-09-29"), LATE_AS_OF, "unknown",
     "公示日期 2024-09-29 早于决定日期 2024-09-30，数据矛盾"),
    ("2028 decision, as_of 2028 (calendar unknown)", case("2028-03-01", "2028-03-08"), date(2028, 6, 30),
     "unknown", "公示期限无法判定"),
    ("2028 decision, not published, as_of 2028", case("2028-03-01"), date(2028, 6, 30), "unknown", "公示期限无法判定"),
    ("2027 decision, as_of 2027", case("2027-03-01", "2027-03-05"), date(2027, 6, 30), "unknown",
     "2027年不在已知节假日日历内"),
    ("published after as_of in an unknown year", case("2026-11-10", "2027-01-05"), date(2026, 11, 20), "unknown",
     "“公示日期” 2027-01-05 晚于评查日 2026-11-20"),
    # D8: due 2026-12-10, inside the known 2026 calendar even if as_of is in 2027
    ("D8 not published, as_of in 2027 but the deadline passed in 2026", case(str(D8.start)), date(2027, 1, 15),
     "fail", f"至评查日 2027-01-15 仍未公示，已超过期限 {D8.due}"),
    ("D8 published in 2027, after a 2026 deadline", case(str(D8.start), "2027-01-04"), date(2027, 1, 15), "fail",
     f"公示日期 2027-01-04 晚于期限 {D8.due}"),
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
