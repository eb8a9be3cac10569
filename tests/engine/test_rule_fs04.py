"""FS04 法制审核人员不少于执法人员总数的5% (审核, unit-level).

Basis: 国办发〔2018〕118号“原则上各级行政执法机关的法制审核人员不少于本单位执法人员总数的5%”.
Per unit: legal_reviewers ≥ 5% × enforcement_staff. Counts come from `units`; an empty column is
counted from `officers` (staff = 执法人员 + 法制审核人员; reviewers = 法制审核人员; auxiliaries never).
Staff 0 or unknown → unknown. FS04 is unit-level: it is never na (every unit is judged) and it has
no case findings.
"""
from datetime import date

import pytest

from tests.support import run

AS_OF = date(2024, 12, 31)


def cases(*units):
    return [dict(case_id=f"C-{u}", unit_id=u, case_type="行政检查") for u in units]


def unit(uid, staff=None, reviewers=None):
    return dict(unit_id=uid, name=f"单位{uid}", enforcement_staff=staff, legal_reviewers=reviewers)


def people(uid, enforcers, reviewers, auxiliaries=0):
    out = [dict(officer_id=f"{uid}-E{i}", unit_id=uid, role="执法人员", certificate_no=f"Z{i}") for i in range(enforcers)]
    out += [dict(officer_id=f"{uid}-R{i}", unit_id=uid, role="法制审核人员", certificate_no=f"S{i}")
            for i in range(reviewers)]
    out += [dict(officer_id=f"{uid}-A{i}", unit_id=uid, role="执法辅助人员") for i in range(auxiliaries)]
    return out


def fs04(res, uid):
    u = res.unit_findings
    row = u[(u["unit_id"] == uid) & (u["rule_id"] == "FS04")]
    assert len(row) == 1
    return row["outcome"].iloc[0], row["reason"].iloc[0]


# From the units table. (description, staff, reviewers, expected, reason fragment)
LISTED = [
    ("1 of 20 = 5.00%", 20, 1, "pass", "法制审核人员 1 人，占执法人员 20 人的 5%，不低于 5%"),
    ("1 of 21 = 4.76%", 21, 1, "fail", "法制审核人员 1 人，占执法人员 21 人的 4.76%，低于 5%"),
    ("2 of 40 = 5.00%", 40, 2, "pass", "占执法人员 40 人的 5%"),
    ("4 of 100 = 4.00%", 100, 4, "fail", "法制审核人员 4 人，占执法人员 100 人的 4%，低于 5%"),
    ("0 of 10", 10, 0, "fail", "法制审核人员 0 人，占执法人员 10 人的 0%"),
    ("staff 0", 0, 0, "unknown", "执法人员总数为0或无法得知"),
]


@pytest.mark.parametrize("desc, staff, reviewers, expected, fragment", LISTED, ids=[r[0] for r in LISTED])
def test_fs04_from_units_table(desc, staff, reviewers, expected, fragment):
    # officers listed too, but the units table's numbers win
    res = run(cases("U1"), acts=[], units=[unit("U1", staff, reviewers)], officers=people("U1", 3, 3), as_of=AS_OF)
    got, reason = fs04(res, "U1")
    assert got == expected, reason
    assert fragment in reason


# Counted from officers. (description, 执法人员, 法制审核人员, 执法辅助人员, expected, fragment)
COUNTED = [
    # staff = 19 + 1 = 20; 1/20 = 5%
    ("19 enforcers + 1 reviewer = 20 staff", 19, 1, 0, "pass", "法制审核人员 1 人，占执法人员 20 人的 5%"),
    # staff = 20 + 1 = 21; 1/21 = 4.76%
    ("20 enforcers + 1 reviewer = 21 staff", 20, 1, 0, "fail", "占执法人员 21 人的 4.76%"),
    ("auxiliaries are not staff", 19, 1, 30, "pass", "占执法人员 20 人的 5%"),
    ("only auxiliaries → staff 0", 0, 0, 5, "unknown", "执法人员总数为0或无法得知"),
]


@pytest.mark.parametrize("desc, enforcers, reviewers, aux, expected, fragment", COUNTED, ids=[r[0] for r in COUNTED])
def test_fs04_counted_from_officers(desc, enforcers, reviewers, aux, expected, fragment):
    res = run(cases("U1"), acts=[], units=[unit("U1")], officers=people("U1", enforcers, reviewers, aux), as_of=AS_OF)
    got, reason = fs04(res, "U1")
    assert got == expected, reason
    assert fragment in reason


def test_fs04_units_table_missing_counts_officers():
    res = run(cases("U1"), acts=[], units=None, officers=people("U1", 19, 1), as_of=AS_OF)
    assert fs04(res, "U1")[0] == "pass"


def test_fs04_staff_listed_reviewers_counted():
    # enforcement_staff 20 from units; legal_reviewers empty → counted from officers: 1 → 5%
    res = run(cases("U1"), acts=[], units=[unit("U1", 20, None)], officers=people("U1", 0, 1), as_of=AS_OF)
    got, reason = fs04(res, "U1")
    assert got == "pass" and "占执法人员 20 人的 5%" in reason


def test_fs04_no_officers_of_that_unit():
    # U2 has a case, no units row, and no officers → staff 0 → unknown
    res = run(cases("U1", "U2"), acts=[], units=[unit("U1", 20, 1)], officers=people("U1", 19, 1), as_of=AS_OF)
    assert fs04(res, "U1")[0] == "pass"
    assert fs04(res, "U2")[0] == "unknown"


def test_fs04_units_and_officers_missing():
    res = run(cases("U1"), acts=[], units=None, officers=None, as_of=AS_OF)
    assert fs04(res, "U1")[0] == "unknown"


def test_fs04_unit_without_cases_is_judged():
    res = run(cases("U1"), acts=[], units=[unit("U1", 20, 1), unit("U9", 21, 1)], officers=[], as_of=AS_OF)
    assert fs04(res, "U9")[0] == "fail"


def test_fs04_has_no_case_findings():
    res = run(cases("U1"), acts=[], units=[unit("U1", 20, 1)], officers=[], as_of=AS_OF)
    assert "FS04" not in set(res.findings["rule_id"])
