"""FS03 法制审核人员具备资格且与案件无利害关系 (审核, deduction 10).

Basis: 国办发〔2018〕118号“…确保法制审核工作有机构承担、有专人负责”. Every reviewer of the case must
not be a handler (handler_ids) nor an officer on its acts, and must have a reviewer role (法制审核人员).
Applies to cases with reviews; unknown reviewer id → unknown (first-match: a conflict or bad role on
another review fails first).
"""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run

AS_OF = date(2024, 12, 31)
PEOPLE = OFFICERS + [
    dict(officer_id="R2", name="周九", unit_id="U1", role="法制审核人员", certificate_no="ZF010"),  # a handler
    dict(officer_id="R3", name="吴十", unit_id="U1", role="法制审核人员", certificate_no="ZF011"),  # on act A1
    dict(officer_id="E1", name="郑一", unit_id="U1", role="执法人员", certificate_no="ZF012"),     # wrong role
    dict(officer_id="A1", name="辅警乙", unit_id="U1", role="执法辅助人员"),                        # wrong role
]
CASE = dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date="2024-05-10", major_flag=True,
            handler_ids=["P1", "P2", "R2"])
ACTS = [dict(act_id="A1", case_id="C1", act_type="询问", start_time="2024-05-02 09:00:00",
             end_time="2024-05-02 10:00:00", officer_ids=["P1", "R3"], certificate_shown=True)]

OTHER_ACT = dict(ACTS[0], act_id="A9", case_id="C2", officer_ids=["P2", "R1"])


def review(reviewer, rid="V1"):
    return dict(review_id=rid, case_id="C1", reviewer_id=reviewer, review_date="2024-05-08", conclusion="同意")


# (description, reviews, expected, reason fragment)
ROWS = [
    ("reviewer R1: 法制审核人员, not involved", [review("R1")], "pass",
     "全部审核人均为法制审核人员，且不是本案承办人或执法人员"),
    ("reviewer is a handler (P1, also 执法人员)", [review("P1")], "fail", "P1"),
    ("reviewer R2 is a 法制审核人员 but a handler", [review("R2")], "fail", "R2"),
    ("reviewer R3 is a 法制审核人员 but an officer on act A1", [review("R3")], "fail", "R3"),
    ("reviewer E1 has role 执法人员", [review("E1")], "fail", "E1"),
    ("reviewer A1 is an auxiliary", [review("A1")], "fail", "A1"),
    ("unknown reviewer id", [review("X9")], "unknown", "X9"),
    ("one good, one unknown", [review("R1"), review("X9", "V2")], "unknown", "X9"),
    ("one good, one handler", [review("R1"), review("P2", "V2")], "fail", "P2"),
    ("unknown and conflicting: fail comes first", [review("X9"), review("R2", "V2")], "fail", "R2"),
    ("no reviews", [], "na", "没有法制审核记录"),
    # C2's act A9 has R1 on it; that is another case, so R1 stays clean for C1
    ("officer on another case's act is not a conflict", [review("R1")], "pass", "全部审核人均为法制审核人员"),
    ("reviews of another case only", [dict(review("P1"), case_id="C2")], "na", "没有法制审核记录"),
]


@pytest.mark.parametrize("desc, reviews, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_fs03(desc, reviews, expected, fragment):
    res = run([CASE, dict(CASE, case_id="C2")], acts=ACTS + [OTHER_ACT], reviews=reviews, officers=PEOPLE, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS03")
    assert got == expected, reason
    assert fragment in reason


def test_fs03_reviews_table_missing():
    res = run([CASE], acts=ACTS, reviews=None, officers=PEOPLE, as_of=AS_OF)
    assert outcome(res, "C1", "FS03") == ("unknown", "输入中没有法制审核表，无法判定")


def test_fs03_officers_table_missing():
    # the reviewer's role cannot be checked
    res = run([CASE], acts=ACTS, reviews=[review("R1")], officers=None, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS03")
    assert got == "unknown" and "人员表" in reason


def test_fs03_acts_table_missing():
    # whether R1 was an officer on the case's acts cannot be checked
    res = run([CASE], acts=None, reviews=[review("R1")], officers=PEOPLE, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS03")
    assert got == "unknown" and "执法活动表" in reason


def test_fs03_deduction():
    res = run([CASE], acts=ACTS, reviews=[review("P1")], officers=PEOPLE, as_of=AS_OF)
    row = res.findings[(res.findings.case_id == "C1") & (res.findings.rule_id == "FS03")].iloc[0]
    assert (row["deduction"], bool(row["veto"])) == (10, False)
