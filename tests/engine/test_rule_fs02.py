"""FS02 法制审核未通过的不得作出决定 (审核, veto).

Basis: 国办发〔2018〕118号“未经法制审核或者审核未通过的，不得作出决定”.
Applies to major decisions (catalogue as FS01). The last review on or before the decision must conclude
同意; otherwise fail. No review before the decision → na (FS01 fails instead). Last review without a
conclusion → unknown. Reviews table absent → unknown for a major case, na for a non-major one.
"""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run

AS_OF = date(2024, 12, 31)


def case(**kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", party_type="个人", major_flag=True,
                     decision_date="2024-05-10"), **kw)


def review(rid, day, conclusion):
    return dict(review_id=rid, case_id="C1", reviewer_id="R1", review_date=day, conclusion=conclusion)


# (description, case, reviews, expected, reason fragment)
ROWS = [
    ("last review 同意", case(), [review("V1", "2024-05-08", "同意")], "pass",
     "决定前最后一次法制审核（2024-05-08）结论为同意"),
    ("同意 on the decision day", case(), [review("V1", "2024-05-10", "同意")], "pass", "（2024-05-10）结论为同意"),
    ("last review 不同意", case(), [review("V1", "2024-05-08", "不同意")], "fail",
     "决定前最后一次法制审核（2024-05-08）结论为“不同意”，审核未通过即于 2024-05-10 作出决定"),
    ("last review 退回补充", case(), [review("V1", "2024-05-08", "退回补充")], "fail", "结论为“退回补充”"),
    ("不同意 then 同意", case(), [review("V1", "2024-05-02", "不同意"), review("V2", "2024-05-09", "同意")],
     "pass", "（2024-05-09）结论为同意"),
    ("同意 then 退回补充, both before", case(),
     [review("V1", "2024-05-02", "同意"), review("V2", "2024-05-09", "退回补充")], "fail", "（2024-05-09）结论为“退回补充”"),
    # a review after the decision is not "on or before the decision": the last one before is 同意
    ("同意 before, 不同意 after the decision", case(),
     [review("V1", "2024-05-09", "同意"), review("V2", "2024-05-11", "不同意")], "pass", "（2024-05-09）结论为同意"),
    ("only a review after the decision", case(), [review("V1", "2024-05-11", "同意")], "na", "决定前没有法制审核（见 FS01）"),
    ("no reviews", case(), [], "na", "见 FS01"),
    ("last review has no conclusion", case(), [review("V1", "2024-05-09", None)], "unknown",
     "决定前最后一次法制审核（2024-05-09）没有记录审核结论"),
    ("not major", case(major_flag=None), [review("V1", "2024-05-08", "不同意")], "na", "非重大执法决定"),
    ("major by 单位 fine 100000", case(major_flag=None, party_type="单位", fine_amount=100000),
     [review("V1", "2024-05-08", "不同意")], "fail", "结论为“不同意”"),
    ("not decided", case(decision_date=None), [review("V1", "2024-05-08", "不同意")], "na", "尚未作出决定"),
]


@pytest.mark.parametrize("desc, the_case, reviews, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_fs02(desc, the_case, reviews, expected, fragment):
    res = run([the_case], acts=[], reviews=reviews, officers=OFFICERS, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS02")
    assert got == expected, reason
    assert fragment in reason


def test_fs02_reviews_table_missing():
    res = run([case(), case(case_id="C2", major_flag=None)], acts=[], reviews=None, officers=OFFICERS, as_of=AS_OF)
    assert outcome(res, "C1", "FS02") == ("unknown", "输入中没有法制审核表，无法判定")
    assert outcome(res, "C2", "FS02")[0] == "na"
