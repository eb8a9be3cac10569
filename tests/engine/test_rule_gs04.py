"""GS04 其他执法决定20个工作日内公示 (公示, deduction 5).

Basis: 国办发〔2018〕118号“行政执法机关要在执法决定作出之日起20个工作日内，向社会公布执法机关、执法对象、
执法类别、执法结论等信息”. Applies to case types other than 行政许可/行政处罚 with a decision; outcomes as GS03.

2025 春节 (国办发明电〔2024〕12号): 01-28..02-04 off; make-up Sun 01-26 and Sat 02-08.
Decision Mon 2025-01-20, working days after it:
  01-21 =1, 01-22 =2, 01-23 =3, 01-24 (Fri) =4, 01-25 Sat off, 01-26 (Sun make-up) =5, 01-27 =6,
  01-28..02-04 off, 02-05 =7, 02-06 =8, 02-07 =9, 02-08 (Sat make-up) =10, 02-09 Sun off,
  02-10 =11, 02-11 =12, 02-12 =13, 02-13 =14, 02-14 (Fri) =15, 02-17 =16, 02-18 =17, 02-19 =18,
  02-20 =19, 02-21 (Fri) =20 → due 2025-02-21. x is in time iff d ≤ x ≤ due (domain.md "Working days"),
  so Sat 02-22 / Sun 02-23, after the deadline, are late although no working day lies between
  (counting "workdays(d, x) ≤ 20" wrongly passed them); Mon 02-24 =21 → late.
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2025, 12, 31)


def case(published=None, decision="2025-01-20", case_type="行政检查", **kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type=case_type, decision_date=decision,
                     published_date=published), **kw)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("published on wd20", case("2025-02-21"), AS_OF, "pass",
     "公示日期 2025-02-21 未超过期限 2025-02-21（决定后第20个工作日）"),
    ("published Saturday after wd20", case("2025-02-22"), AS_OF, "fail", "2025-02-22 晚于期限 2025-02-21"),
    ("published Sunday after wd20", case("2025-02-23"), AS_OF, "fail", "2025-02-23 晚于期限 2025-02-21"),
    ("published on wd21", case("2025-02-24"), AS_OF, "fail",
     "公示日期 2025-02-24 晚于期限 2025-02-21（决定后第20个工作日）"),
    ("published on wd7 (a GS03 deadline does not apply here)", case("2025-02-05"), AS_OF, "pass", "期限 2025-02-21"),
    ("行政强制 applies", case("2025-02-24", case_type="行政强制"), AS_OF, "fail", "晚于期限 2025-02-21"),
    ("其他 applies", case("2025-02-21", case_type="其他"), AS_OF, "pass", "期限 2025-02-21"),
    # --- na ---
    ("行政处罚 is GS03's", case("2025-03-31", case_type="行政处罚"), AS_OF, "na", "行政许可、行政处罚决定"),
    ("行政许可 is GS03's", case("2025-03-31", case_type="行政许可"), AS_OF, "na", "见 GS03"),
    ("no decision", case(None, decision=None), AS_OF, "na", "尚未作出决定"),
    ("exempt", case(None, publish_exempt_reason="涉及商业秘密"), AS_OF, "na", "依法不予公开：涉及商业秘密"),
    ("not published, as_of = wd11", case(None), date(2025, 2, 10), "na",
     "尚未公示，期限 2025-02-21（决定后第20个工作日）未届满"),
    ("not published, as_of Friday wd20", case(None), date(2025, 2, 21), "na", "期限 2025-02-21"),
    ("not published, as_of Sunday after wd20", case(None), date(2025, 2, 23), "fail",
     "至评查日 2025-02-23 仍未公示，已超过期限 2025-02-21"),
    # --- fail: overdue ---
    ("not published, as_of = wd21", case(None), date(2025, 2, 24), "fail",
     "决定日期 2025-01-20，至评查日 2025-02-24 仍未公示，已超过期限 2025-02-21（决定后第20个工作日）"),
    # --- unknown ---
    ("published before the decision", case("2025-01-17"), AS_OF, "unknown",
     "公示日期 2025-01-17 早于决定日期 2025-01-20，数据矛盾"),
    ("2027 decision, as_of 2027", case("2027-04-01", decision="2027-03-01"), date(2027, 6, 30), "unknown",
     "公示期限无法判定"),
]


@pytest.mark.parametrize("desc, the_case, as_of, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_gs04(desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", "GS04")
    assert got == expected, reason
    assert fragment in reason
