"""JL03 现场执法、调查取证、听证、留置送达和公告送达等进行音像记录 (记录, severity 建议, deduction 0).

Basis: 国办发〔2018〕118号“对现场执法、调查取证、举行听证、留置送达和公告送达等容易引发争议的行政执法过程，
要根据实际情况进行音像记录”. Each dispute-prone act (现场检查 调查取证 听证 留置送达 公告送达) must overlap some
recording (tagged to it, or untagged of the same case). Act without times → unknown; no such acts → na.
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2024, 12, 31)
DAY = "2024-06-03 "


def act(act_id="A1", act_type="现场检查", start="10:00:00", end="11:00:00"):
    return dict(act_id=act_id, case_id="C1", act_type=act_type,
                start_time=DAY + start if start else None, end_time=DAY + end if end else None,
                officer_ids=["P1", "P2"], certificate_shown=True)


def rec(rid, start, end, act_id="A1"):
    return dict(recording_id=rid, case_id="C1", act_id=act_id, start_time=start, end_time=end)


CASE = dict(case_id="C1", unit_id="U1", case_type="行政检查", decision_date="2024-06-03")

# Act A1 现场检查 2024-06-03 10:00–11:00. (description, acts, recordings, expected, reason fragment)
ROWS = [
    ("partly overlapping recording is enough", [act()], [rec("R1", DAY + "10:50:00", DAY + "11:30:00")],
     "pass", "1 项容易引发争议的执法活动均有音像记录"),
    ("untagged overlapping recording", [act()], [rec("R1", DAY + "10:10:00", DAY + "10:20:00", None)],
     "pass", "均有音像记录"),
    ("no recordings", [act()], [], "fail", "A1（无音像记录）"),
    ("recording on another day", [act()], [rec("R1", "2024-06-02 10:00:00", "2024-06-02 11:00:00")],
     "fail", "A1（无音像记录）"),
    ("recording tagged to another act", [act(), act("A2", "询问", "12:00:00", "12:30:00")],
     [rec("R1", DAY + "09:00:00", DAY + "13:00:00", "A2")], "fail", "A1（无音像记录）"),
    ("act with date only", [dict(act(), start_time="2024-06-03", end_time="2024-06-03")],
     [rec("R1", DAY + "09:00:00", DAY + "13:00:00")], "unknown", "A1（缺少起止时刻）"),
    ("not a dispute-prone act (扣押 is JL02's)", [act(act_type="扣押")], [], "na", "没有容易引发争议的执法活动"),
    ("no acts", [], [], "na", "没有容易引发争议的执法活动"),
]


@pytest.mark.parametrize("desc, acts, recordings, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_jl03(desc, acts, recordings, expected, fragment):
    res = run([CASE], acts=acts, recordings=recordings, as_of=AS_OF)
    got, reason = outcome(res, "C1", "JL03")
    assert got == expected, reason
    assert fragment in reason


@pytest.mark.parametrize("act_type", ["现场检查", "调查取证", "听证", "留置送达", "公告送达"])
def test_jl03_every_dispute_type_applies(act_type):
    res = run([CASE], acts=[act(act_type=act_type)], recordings=[], as_of=AS_OF)
    assert outcome(res, "C1", "JL03")[0] == "fail"


def test_jl03_recordings_table_missing():
    res = run([CASE], acts=[act()], recordings=None, as_of=AS_OF)
    assert outcome(res, "C1", "JL03") == ("unknown", "输入中没有音像记录表，无法判定")


def test_jl03_is_advisory_and_deducts_nothing():
    res = run([CASE], acts=[act()], recordings=[], as_of=AS_OF)
    row = res.findings[(res.findings.case_id == "C1") & (res.findings.rule_id == "JL03")].iloc[0]
    assert (row["outcome"], row["severity"], row["deduction"]) == ("fail", "建议", 0)
