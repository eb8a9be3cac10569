"""GS05 已公示的处罚决定被撤销后3个工作日内撤回 (公示, deduction 5).

Basis: 《行政处罚法》第四十八条“…行政机关应当在三日内撤回行政处罚决定信息并公开说明理由”; 第八十五条
“三日”指工作日. Applies to published 行政处罚 with revoked_date (both on/before as-of); outcomes as GS03:
not withdrawn and not yet due → na; withdrawn before the revocation → unknown.

Working days (国办发明电〔2023〕7号, 2024):
  R1 revoked Fri 2024-09-27: Sat 09-28 off (an ordinary Saturday; the 中秋 make-up was 09-14),
     Sun 09-29 make-up =1, Mon 09-30 =2, 10-01..10-07 off, Tue 10-08 =3 → due 10-08; 10-09 =4 → late.
  R2 revoked Fri 2024-05-10: Sat 05-11 (劳动节 make-up) =1, Mon 05-13 =2, Tue 05-14 =3 → due 05-14;
     05-15 =4 → late.
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2025, 12, 31)


def case(revoked="2024-09-27", withdrawn=None, published="2024-09-10", case_type="行政处罚"):
    return dict(case_id="C1", unit_id="U1", case_type=case_type, decision_date="2024-09-05",
                published_date=published, revoked_date=revoked, withdrawn_date=withdrawn)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("R1 withdrawn on wd3", case(withdrawn="2024-10-08"), AS_OF, "pass",
     "撤回公示日期 2024-10-08 未超过期限 2024-10-08（撤销后第3个工作日）"),
    ("R1 withdrawn on wd4", case(withdrawn="2024-10-09"), AS_OF, "fail",
     "撤回公示日期 2024-10-09 晚于期限 2024-10-08（撤销后第3个工作日）"),
    ("withdrawn the day of the revocation", case(withdrawn="2024-09-27"), AS_OF, "pass", "期限 2024-10-08"),
    ("R2 withdrawn on wd3", case("2024-05-10", "2024-05-14", published="2024-04-20"), AS_OF, "pass",
     "期限 2024-05-14"),
    ("R2 withdrawn on wd4", case("2024-05-10", "2024-05-15", published="2024-04-20"), AS_OF, "fail",
     "2024-05-15 晚于期限 2024-05-14"),
    # --- na ---
    ("never published", case(withdrawn=None, published=None), AS_OF, "na", "非已公示后又被变更撤销"),
    ("not revoked", case(revoked=None), AS_OF, "na", "非已公示后又被变更撤销"),
    ("not a 行政处罚", case(case_type="行政许可"), AS_OF, "na", "非已公示后又被变更撤销"),
    # revoked 2024-09-27 is after as_of 2024-09-20: has not happened yet
    ("revocation after as_of", case(), date(2024, 9, 20), "na", "非已公示后又被变更撤销"),
    ("not withdrawn, as_of = wd2", case(), date(2024, 9, 30), "na",
     "尚未撤回，期限 2024-10-08（撤销后第3个工作日）未届满"),
    ("not withdrawn, as_of = wd3 (due day)", case(), date(2024, 10, 8), "na", "期限 2024-10-08"),
    # withdrawn 10-08 is after as_of 10-01: has not happened yet → not withdrawn, not yet due
    ("withdrawal after as_of counts as not withdrawn", case(withdrawn="2024-10-08"), date(2024, 10, 1), "na",
     "尚未撤回"),
    # --- fail: overdue ---
    ("not withdrawn, as_of = wd4", case(), date(2024, 10, 9), "fail",
     "决定于 2024-09-27 被变更撤销，至评查日 2024-10-09 仍未撤回公示，已超过期限 2024-10-08"),
    ("withdrawal after as_of, as_of past the deadline", case(withdrawn="2024-10-15"), date(2024, 10, 10),
     "fail", "至评查日 2024-10-10 仍未撤回公示"),
    # --- unknown ---
    ("withdrawn before the revocation", case(withdrawn="2024-09-26"), AS_OF, "unknown",
     "撤回公示日期 2024-09-26 早于变更撤销日期 2024-09-27，数据矛盾"),
    ("revoked in 2027, as_of 2027", case("2027-03-01", "2027-03-03"), date(2027, 6, 30), "unknown",
     "撤回公示期限无法判定"),
]


@pytest.mark.parametrize("desc, the_case, as_of, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_gs05(desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", "GS05")
    assert got == expected, reason
    assert fragment in reason
