"""JL02 查封扣押、强制拆除等现场执法全程音像记录 (记录, deduction 15).

Basis: 国办发〔2018〕118号“对查封扣押财产、强制拆除等直接涉及人身自由、生命健康、重大财产权益的现场执法活动
和执法办案场所，要推行全程音像记录”. Each act of an AV-mandatory type (查封 扣押 强制拆除 强制执行) must be covered
start to end by the union of its recordings with every gap (head, between, tail) ≤ 30 s. A recording
tagged with an act_id counts for that act only; an untagged one counts for every act of its case it
overlaps. An act without times → unknown. No such acts → na.
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2024, 12, 31)
DAY = "2024-06-03 "


def act(act_id="A1", act_type="扣押", start="10:00:00", end="11:00:00", case_id="C1"):
    return dict(act_id=act_id, case_id=case_id, act_type=act_type,
                start_time=DAY + start if start else None, end_time=DAY + end if end else None,
                officer_ids=["P1", "P2"], certificate_shown=True)


def rec(rid, start, end, act_id="A1", case_id="C1"):
    return dict(recording_id=rid, case_id=case_id, act_id=act_id, start_time=DAY + start, end_time=DAY + end)


CASES = [dict(case_id=c, unit_id="U1", case_type="行政强制", decision_date="2024-06-03") for c in ("C1", "C2")]

# Act A1 扣押 10:00:00–11:00:00. (description, acts, recordings, expected, reason fragment)
ROWS = [
    ("one recording covering all", [act()], [rec("R1", "09:59:00", "11:01:00")], "pass",
     "1 项须全程音像记录的执法活动均被音像记录完整覆盖"),
    ("recording exactly the act", [act()], [rec("R1", "10:00:00", "11:00:00")], "pass", "完整覆盖"),
    # R1 ends 10:30:00, R2 starts 10:30:30 → gap 30 s ≤ 30
    ("gap of exactly 30 s", [act()], [rec("R1", "10:00:00", "10:30:00"), rec("R2", "10:30:30", "11:00:00")],
     "pass", "完整覆盖"),
    ("gap of 31 s", [act()], [rec("R1", "10:00:00", "10:30:00"), rec("R2", "10:30:31", "11:00:00")],
     "fail", "A1（最大间隙31秒）"),
    ("head gap 30 s", [act()], [rec("R1", "10:00:30", "11:00:00")], "pass", "完整覆盖"),
    ("head gap 31 s", [act()], [rec("R1", "10:00:31", "11:00:00")], "fail", "A1（最大间隙31秒）"),
    ("tail gap 30 s", [act()], [rec("R1", "10:00:00", "10:59:30")], "pass", "完整覆盖"),
    ("tail gap 31 s", [act()], [rec("R1", "10:00:00", "10:59:29")], "fail", "A1（最大间隙31秒）"),
    # overlapping recordings: union 10:00–11:00 without a gap
    ("overlapping recordings", [act()], [rec("R1", "10:00:00", "10:40:00"), rec("R2", "10:20:00", "11:00:00")],
     "pass", "完整覆盖"),
    ("untagged recording overlapping the act counts", [act()], [rec("R1", "09:50:00", "11:10:00", act_id=None)],
     "pass", "完整覆盖"),
    ("tagged + untagged union", [act()],
     [rec("R1", "10:00:00", "10:30:00"), rec("R2", "10:30:00", "11:00:00", act_id=None)], "pass", "完整覆盖"),
    # R1 is tagged to A2 (a 询问 at another time) though it spans A1's time → does not count for A1
    ("recording tagged to another act does not count", [act(), act("A2", "询问", "12:00:00", "12:30:00")],
     [rec("R1", "09:00:00", "13:00:00", act_id="A2")], "fail", "A1（最大间隙3600秒）"),
    ("untagged recording of another case does not count", [act()],
     [rec("R1", "09:00:00", "12:00:00", act_id=None, case_id="C2")], "fail", "A1（最大间隙3600秒）"),
    ("no recordings at all", [act()], [], "fail", "A1（最大间隙3600秒）"),
    ("the worst of two acts is reported", [act(), act("A2", "查封", "14:00:00", "15:00:00")],
     [rec("R1", "10:00:00", "11:00:00"), rec("R2", "14:00:00", "14:50:00", act_id="A2")], "fail",
     "A2（最大间隙600秒）"),
    # --- unknown ---
    ("act with date only", [act(start=None, end=None) | dict(start_time="2024-06-03", end_time="2024-06-03")],
     [rec("R1", "09:00:00", "12:00:00")], "unknown", "A1（缺少起止时刻）"),
    ("act without end time", [act(end=None)], [rec("R1", "09:00:00", "12:00:00")], "unknown", "缺少起止时刻"),
    # fail comes before unknown in the table
    ("a gap on one act beats a missing time on another",
     [act(), act("A2", "查封", start=None, end=None)], [], "fail", "A1（最大间隙3600秒）"),
    # --- na ---
    ("no AV-mandatory act (现场检查 only)", [act(act_type="现场检查")], [], "na", "没有须全程音像记录的执法活动"),
    ("no acts", [], [], "na", "没有须全程音像记录的执法活动"),
]


@pytest.mark.parametrize("desc, acts, recordings, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_jl02(desc, acts, recordings, expected, fragment):
    res = run(CASES, acts=acts, recordings=recordings, as_of=AS_OF)
    got, reason = outcome(res, "C1", "JL02")
    assert got == expected, reason
    assert fragment in reason


@pytest.mark.parametrize("act_type", ["查封", "扣押", "强制拆除", "强制执行"])
def test_jl02_every_av_type_applies(act_type):
    res = run(CASES, acts=[act(act_type=act_type)], recordings=[], as_of=AS_OF)
    assert outcome(res, "C1", "JL02")[0] == "fail"


def test_jl02_recordings_table_missing():
    res = run(CASES, acts=[act()], recordings=None, as_of=AS_OF)
    assert outcome(res, "C1", "JL02") == ("unknown", "输入中没有音像记录表，无法判定")


def test_jl02_acts_table_missing():
    res = run(CASES, acts=None, recordings=[], as_of=AS_OF)
    got, reason = outcome(res, "C1", "JL02")
    assert got == "unknown" and "执法活动表" in reason
