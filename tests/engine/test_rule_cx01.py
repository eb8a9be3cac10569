"""CX01 自立案之日起法定期限内作出行政处罚决定 (程序, deduction 10).

Basis: 《行政处罚法》第六十条“行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定”. Longer periods
are calendar days (第八十五条 only makes 二日…七日 working days). Within 90 (+ extension_days) calendar days
of filed_date: decision − filed ≤ 90 + extension. Applies to 行政处罚 普通程序 with a decision. No filed_date
→ unknown; decision before filing → unknown. (Police 治安案件 30 days: see test_police_overlay.py.)

Counting from filed 2024-01-10 (2024 is a leap year): to 01-31 = 21 days, to 02-29 = 50, to 03-31 = 81,
to 04-09 = 90 → 04-09 is day 90 (in time), 04-10 day 91 (late); 04-19 = 100, 04-20 = 101.
From filed 2027-01-10: 01-31 = 21, 02-28 = 49, 03-31 = 80, 04-10 = 90, 04-11 = 91 (no holiday calendar
is needed for calendar days, so 2027 is judged).
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2025, 12, 31)


def case(filed="2024-01-10", decision="2024-04-09", **kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序", filed_date=filed,
                     decision_date=decision), **kw)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("exactly 90 days", case(), AS_OF, "pass", "自立案 2024-01-10 至决定 2024-04-09 共 90 日，未超过 90 日"),
    ("91 days", case(decision="2024-04-10"), AS_OF, "fail",
     "自立案 2024-01-10 至决定 2024-04-10 共 91 日，超过期限 90 日（截止 2024-04-09）"),
    ("decided the day of filing", case(decision="2024-01-10"), AS_OF, "pass", "共 0 日"),
    ("extension 10: day 100", case(decision="2024-04-19", extension_days=10), AS_OF, "pass", "共 100 日，未超过 100 日"),
    ("extension 10: day 101", case(decision="2024-04-20", extension_days=10), AS_OF, "fail",
     "共 101 日，超过期限 100 日（截止 2024-04-19）"),
    ("extension 0 is no extension", case(decision="2024-04-10", extension_days=0), AS_OF, "fail", "超过期限 90 日"),
    ("empty procedure = 普通程序", case(decision="2024-04-10", procedure=None), AS_OF, "fail", "共 91 日"),
    ("治安案件 is 90 days in the standard pack", case(decision="2024-04-09", case_subtype="治安案件"), AS_OF, "pass",
     "未超过 90 日"),
    ("2027 dates: calendar days need no holiday calendar", case("2027-01-10", "2027-04-10"), date(2027, 6, 30),
     "pass", "共 90 日"),
    ("2027 dates, 91 days", case("2027-01-10", "2027-04-11"), date(2027, 6, 30), "fail", "截止 2027-04-10"),
    # --- unknown ---
    ("no filed_date", case(filed=None), AS_OF, "unknown", "没有立案日期，无法计算办案期限"),
    ("decision before filing", case(filed="2024-04-10", decision="2024-04-09"), AS_OF, "unknown",
     "决定日期 2024-04-09 早于立案日期 2024-04-10，数据矛盾"),
    # --- na ---
    ("简易程序", case(decision="2024-06-30", procedure="简易程序"), AS_OF, "na", "非普通程序行政处罚案件"),
    ("快速办理", case(decision="2024-06-30", procedure="快速办理"), AS_OF, "na", "非普通程序行政处罚案件"),
    ("行政许可", case(decision="2024-06-30", case_type="行政许可"), AS_OF, "na", "非普通程序行政处罚案件"),
    ("no decision", case(decision=None), AS_OF, "na", "尚未作出决定"),
    # decision after as_of (known year) has not happened: the 90 days are still running
    ("decision after as_of", case(decision="2024-04-10"), date(2024, 3, 1), "na", "尚未作出决定"),
]


@pytest.mark.parametrize("desc, the_case, as_of, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_cx01(desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", "CX01")
    assert got == expected, reason
    assert fragment in reason
