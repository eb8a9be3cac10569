"""FS01 重大执法决定作出前经法制审核 (审核, veto).

Basis: 国办发〔2018〕118号“凡涉及重大公共利益……未经法制审核或者审核未通过的，不得作出决定”.
Major (standard pack catalogue): major_flag, complex_flag, hearing_held, a decision type in 吊销许可证件
降低资质等级 责令停产停业 责令关闭 限制从业 限制开展生产经营活动, or fine ≥ 10000 (个人) / ≥ 100000 (单位).
Requires a review dated on or before the decision. Non-major or undecided → na. Reviews table absent:
unknown for a major case, na for a non-major one (the major test does not need reviews).
"""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run

AS_OF = date(2024, 12, 31)


def case(**kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序", party_type="个人",
                     decision_date="2024-05-10", decision_types=["罚款"], fine_amount=500), **kw)


def review(day, conclusion="同意", rid="V1"):
    return dict(review_id=rid, case_id="C1", reviewer_id="R1", review_date=day, conclusion=conclusion)


# (description, case fields that make it major)
MAJOR = [
    ("major_flag", dict(major_flag=True)),
    ("complex_flag", dict(complex_flag=True)),
    ("hearing_held", dict(hearing_held=True)),
    ("decision type 吊销许可证件", dict(decision_types=["罚款", "吊销许可证件"])),
    ("decision type 责令停产停业", dict(decision_types=["责令停产停业"])),
    ("个人 fine exactly 10000", dict(fine_amount=10000)),
    ("单位 fine exactly 100000", dict(party_type="单位", fine_amount=100000)),
]


@pytest.mark.parametrize("desc, major", MAJOR, ids=[r[0] for r in MAJOR])
def test_fs01_major_without_review_fails(desc, major):
    res = run([case(**major)], acts=[], reviews=[], officers=OFFICERS, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS01")
    assert got == "fail", reason
    assert "于 2024-05-10 作出，此前未经法制审核" in reason


@pytest.mark.parametrize("desc, major", MAJOR, ids=[r[0] for r in MAJOR])
def test_fs01_major_reviewed_on_decision_day_passes(desc, major):
    res = run([case(**major)], acts=[], reviews=[review("2024-05-10")], officers=OFFICERS, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS01")
    assert got == "pass", reason
    assert "最后一次 2024-05-10" in reason


# (description, case fields) — none of these is major → na
NOT_MAJOR = [
    ("个人 fine 9999", dict(fine_amount=9999)),
    ("单位 fine 99999", dict(party_type="单位", fine_amount=99999)),
    ("单位 fine 50000 (the 个人 line does not apply)", dict(party_type="单位", fine_amount=50000)),
    ("警告 only", dict(decision_types=["警告"], fine_amount=None)),
    ("flags explicitly false", dict(major_flag=False, complex_flag=False, hearing_held=False)),
]


@pytest.mark.parametrize("desc, fields", NOT_MAJOR, ids=[r[0] for r in NOT_MAJOR])
def test_fs01_not_major_is_na(desc, fields):
    res = run([case(**fields)], acts=[], reviews=[], officers=OFFICERS, as_of=AS_OF)
    assert outcome(res, "C1", "FS01") == ("na", "非重大执法决定或尚未作出决定")


# (description, case, reviews, expected, reason fragment) — all major by flag
TIMING = [
    ("review the day before", case(major_flag=True), [review("2024-05-09")], "pass", "最后一次 2024-05-09"),
    ("latest of several reviews is reported", case(major_flag=True),
     [review("2024-05-02", "退回补充"), review("2024-05-08", rid="V2")], "pass", "最后一次 2024-05-08"),
    ("review after the decision only", case(major_flag=True), [review("2024-05-11")], "fail",
     "重大执法决定（标记为重大）于 2024-05-10 作出，此前未经法制审核"),
    # FS01 only asks for a review; the conclusion is FS02's business
    ("review 不同意 before the decision still counts for FS01", case(major_flag=True),
     [review("2024-05-09", "不同意")], "pass", "最后一次 2024-05-09"),
    ("review of another case does not count", case(major_flag=True),
     [dict(review("2024-05-09"), case_id="C2")], "fail", "此前未经法制审核"),
    ("major but no decision", case(major_flag=True, decision_date=None), [], "na", "尚未作出决定"),
    ("major 行政许可 (any case type)", case(case_type="行政许可", major_flag=True, decision_types=["准予许可"]),
     [], "fail", "此前未经法制审核"),
]


@pytest.mark.parametrize("desc, the_case, reviews, expected, fragment", TIMING, ids=[r[0] for r in TIMING])
def test_fs01_timing(desc, the_case, reviews, expected, fragment):
    res = run([the_case, case(case_id="C2")], acts=[], reviews=reviews, officers=OFFICERS, as_of=AS_OF)
    got, reason = outcome(res, "C1", "FS01")
    assert got == expected, reason
    assert fragment in reason


def test_fs01_reviews_table_missing():
    res = run([case(major_flag=True), case(case_id="C2")], acts=[], reviews=None, officers=OFFICERS, as_of=AS_OF)
    assert outcome(res, "C1", "FS01") == ("unknown", "输入中没有法制审核表，无法判定")
    assert outcome(res, "C2", "FS01")[0] == "na"     # not major: reviews are not needed


def test_fs01_is_a_veto_rule():
    res = run([case(major_flag=True)], acts=[], reviews=[], officers=OFFICERS, as_of=AS_OF)
    row = res.findings[res.findings.rule_id == "FS01"].iloc[0]
    assert (row["system"], row["severity"], bool(row["veto"])) == ("审核", "严重", True)
