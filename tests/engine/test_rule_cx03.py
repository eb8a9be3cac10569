"""CX03 决定书7个工作日内送达 (程序, deduction 5).

Basis: 《行政处罚法》第六十一条 (“…应当在七日内…送达”), 第八十五条 (“七日”指工作日). Applies to every case with
a decision. Served x is in time iff d ≤ x ≤ due(d, 7), the 7th working day after d (domain.md
"Working days"): a service on a day off after the deadline is late. Not served and not yet due on as-of → na; not
served and past due → fail; served before the decision → unknown; unknown calendar year → unknown.

2025 春节 (国办发明电〔2024〕12号): 01-28..02-04 off, make-up Sun 01-26 and Sat 02-08.
  S1 decision Fri 2025-01-24: Sat 01-25 off, 01-26 (Sun make-up) =1, 01-27 =2, 02-05 =3, 02-06 =4,
     02-07 =5, 02-08 (Sat make-up) =6, Sun 02-09 still 6, Mon 02-10 =7 → due 02-10; 02-11 =8.
  S2 decision 2025-01-30 (a holiday): 02-05 =1, 02-06 =2, 02-07 =3, 02-08 =4, 02-10 =5, 02-11 =6,
     02-12 =7 → due 02-12; 02-13 =8.
  S3 decision Sun 2025-01-26 (make-up day): 01-27 =1, 02-05 =2, 02-06 =3, 02-07 =4, 02-08 =5, 02-10 =6,
     02-11 =7 → due 02-11; 02-12 =8.
  S4 decision Wed 2024-11-06 (no holidays): 11-07 =1, 11-08 =2, 11-11 =3, 11-12 =4, 11-13 =5,
     11-14 =6, Fri 11-15 =7 → due 11-15; Sat 11-16 / Sun 11-17 come after the deadline → late
     (counting "workdays(d, x) ≤ 7" wrongly passed them); Mon 11-18 =8.
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2025, 12, 31)


def case(decision="2025-01-24", served=None, case_type="行政处罚"):
    return dict(case_id="C1", unit_id="U1", case_type=case_type, decision_date=decision, served_date=served)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("S1 served on wd7", case(served="2025-02-10"), AS_OF, "pass",
     "送达日期 2025-02-10 未超过期限 2025-02-10（决定后第7个工作日）"),
    ("S1 served on wd8", case(served="2025-02-11"), AS_OF, "fail",
     "送达日期 2025-02-11 晚于期限 2025-02-10（决定后第7个工作日）"),
    ("S1 served Sunday 02-09 (wd6 still)", case(served="2025-02-09"), AS_OF, "pass", "未超过期限 2025-02-10"),
    ("served on the decision day", case(served="2025-01-24"), AS_OF, "pass", "未超过期限 2025-02-10"),
    ("S2 decision on a holiday, wd7", case("2025-01-30", "2025-02-12"), AS_OF, "pass", "期限 2025-02-12"),
    ("S2 decision on a holiday, wd8", case("2025-01-30", "2025-02-13"), AS_OF, "fail", "2025-02-13 晚于期限 2025-02-12"),
    ("S3 decision on make-up Sunday, wd7", case("2025-01-26", "2025-02-11"), AS_OF, "pass", "期限 2025-02-11"),
    ("S3 decision on make-up Sunday, wd8", case("2025-01-26", "2025-02-12"), AS_OF, "fail",
     "2025-02-12 晚于期限 2025-02-11"),
    ("S4 Saturday after Friday wd7", case("2024-11-06", "2024-11-16"), AS_OF, "fail", "2024-11-16 晚于期限 2024-11-15"),
    ("S4 Sunday after Friday wd7", case("2024-11-06", "2024-11-17"), AS_OF, "fail", "2024-11-17 晚于期限 2024-11-15"),
    ("S4 Monday = wd8", case("2024-11-06", "2024-11-18"), AS_OF, "fail", "2024-11-18 晚于期限 2024-11-15"),
    ("any case type with a decision (行政检查)", case(served="2025-02-11", case_type="行政检查"), AS_OF, "fail",
     "晚于期限 2025-02-10"),
    # --- na ---
    ("no decision", case(None), AS_OF, "na", "尚未作出决定"),
    ("not served, as_of = wd3", case(), date(2025, 2, 5), "na", "尚未送达，期限 2025-02-10（决定后第7个工作日）未届满"),
    ("not served, as_of = due day", case(), date(2025, 2, 10), "na", "期限 2025-02-10"),
    ("served after as_of counts as not served", case(served="2025-02-07"), date(2025, 2, 5), "na", "尚未送达"),
    # --- fail: overdue ---
    ("not served, as_of = wd8", case(), date(2025, 2, 11), "fail",
     "决定日期 2025-01-24，至评查日 2025-02-11 仍未送达，已超过期限 2025-02-10（决定后第7个工作日）"),
    # --- unknown ---
    ("served before the decision", case(served="2025-01-23"), AS_OF, "unknown",
     "送达日期 2025-01-23 早于决定日期 2025-01-24，数据矛盾"),
    ("2027 decision, as_of 2027", case("2027-03-01", "2027-03-04"), date(2027, 6, 30), "unknown", "送达期限无法判定"),
]


@pytest.mark.parametrize("desc, the_case, as_of, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_cx03(desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", "CX03")
    assert got == expected, reason
    assert fragment in reason


# Decision Mon 2026-12-28, served Wed 12-30: workdays = 2 (12-29, 12-30), all inside the known 2026 calendar.
def test_cx03_met_inside_known_year_while_due_date_is_not():
    res = run([case("2026-12-28", "2026-12-30")], acts=[], as_of=date(2026, 12, 31))
    assert outcome(res, "C1", "CX03")[0] == "pass"
