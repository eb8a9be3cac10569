"""GS01 执法人员不少于两人且均持有效执法证件 (公示, veto).

Basis: 《行政处罚法》第四十二条“执法人员不得少于两人，法律另有规定的除外”; 国办发〔2018〕118号
“严格实行执法人员持证上岗和资格管理制度”. Police: 《公安机关办理行政案件程序规定》第三十九条
(简易程序 one officer), 第五十二条 (接报案、受案登记… one officer “但应当全程录音录像”).

Qualified officer (domain.md): known in officers, role is not 执法辅助人员, has a certificate number,
and the act's date (date of start_time) lies within the certificate's validity; an id listed twice
on one act counts once. No acts → unknown. Short only because of an unknown id → unknown.
GS01 has no `applies`: it is never na (every case is judged, a case without acts is unknown).
"""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run

EXTRA = [
    # auxiliary WITH a certificate number: the role alone must exclude him
    dict(officer_id="A1", name="辅警甲", unit_id="U1", role="执法辅助人员", certificate_no="FZ001"),
    # certificate valid up to and including 2024-06-30
    dict(officer_id="E1", name="赵六", unit_id="U1", role="执法人员", certificate_no="ZF003",
         certificate_valid_to="2024-06-30"),
    # certificate valid from 2024-08-01 only
    dict(officer_id="F1", name="钱七", unit_id="U1", role="执法人员", certificate_no="ZF004",
         certificate_valid_from="2024-08-01"),
    # no certificate at all
    dict(officer_id="N1", name="孙八", unit_id="U1", role="执法人员", certificate_no=None),
]
PEOPLE = OFFICERS + EXTRA


def case(**kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序",
                     decision_date="2024-07-10"), **kw)


def act(act_id="A1", officers=("P1", "P2"), start="2024-07-01 09:00:00", end="2024-07-01 10:00:00",
        act_type="询问"):
    return dict(act_id=act_id, case_id="C1", act_type=act_type, start_time=start, end_time=end,
                officer_ids=list(officers), certificate_shown=True)


# (description, acts, expected, reason fragment) — standard pack (no single-officer exceptions).
STANDARD = [
    ("two qualified officers", [act()], "pass", "全部 1 项执法活动均有足够的合格执法人员"),
    ("reviewer R1 holds a certificate and is not an auxiliary: qualifies",
     [act(officers=("P1", "R1"))], "pass", "全部 1 项"),
    ("one officer only", [act(officers=("P1",))], "fail", "A1（合格1人/需2人）"),
    ("auxiliary never counts, even with a certificate number",
     [act(officers=("P1", "A1"))], "fail", "A1（合格1人/需2人）"),
    # E1 valid to 2024-06-30; act on 2024-07-01 → expired → 1 qualified
    ("certificate expired the day before the act", [act(officers=("P1", "E1"))], "fail", "合格1人"),
    # act on 2024-06-30 = last day of validity → still valid
    ("certificate on its last valid day",
     [act(officers=("P1", "E1"), start="2024-06-30 09:00:00", end="2024-06-30 10:00:00")], "pass", "全部 1 项"),
    # F1 valid from 2024-08-01; act on 2024-07-01 → not yet valid
    ("certificate not yet valid", [act(officers=("P1", "F1"))], "fail", "合格1人"),
    ("officer without certificate number", [act(officers=("P1", "N1"))], "fail", "合格1人"),
    ("same officer listed twice counts once", [act(officers=("P1", "P1"))], "fail", "A1（合格1人/需2人）"),
    ("no officers at all", [act(officers=())], "fail", "A1（合格0人/需2人）"),
    # P1 qualified + X9 unknown: 1 sure, could be 2 → short only because of X9
    ("unknown id is the only reason", [act(officers=("P1", "X9"))], "unknown", "X9"),
    ("two unknown ids", [act(officers=("X8", "X9"))], "unknown", "X8"),
    # A1 aux + X9 unknown: at most 1 qualified even if X9 is → short for sure
    ("auxiliary + unknown id is short whatever X9 is", [act(officers=("A1", "X9"))], "fail", "A1（合格0人/需2人）"),
    ("second act short", [act(), act("A2", officers=("P2",))], "fail", "A2（合格1人/需2人）"),
    # first-match table: the fail check comes before the unknown check
    ("one act short, another unknown → fail wins",
     [act(officers=("P1",)), act("A2", officers=("P1", "X9"))], "fail", "A1（合格1人/需2人）"),
    ("no acts", [], "unknown", "没有执法活动记录"),
]


@pytest.mark.parametrize("desc, acts, expected, fragment", STANDARD, ids=[r[0] for r in STANDARD])
def test_gs01_standard(desc, acts, expected, fragment):
    res = run([case()], acts=acts, recordings=[], officers=PEOPLE, as_of=date(2024, 12, 31))
    got, reason = outcome(res, "C1", "GS01")
    assert got == expected, reason
    assert fragment in reason


def test_gs01_acts_table_missing():
    res = run([case()], acts=None, recordings=[], officers=PEOPLE, as_of=date(2024, 12, 31))
    assert outcome(res, "C1", "GS01") == ("unknown", "输入中没有执法活动表，无法判定")


def test_gs01_officers_table_missing():
    # without officers nobody can be shown qualified
    res = run([case()], acts=[act()], recordings=[], officers=None, as_of=date(2024, 12, 31))
    got, reason = outcome(res, "C1", "GS01")
    assert got == "unknown"
    assert "人员表" in reason


def test_gs01_simple_procedure_needs_two_in_standard_pack():
    # the standard pack has no single-officer exceptions: 简易程序 with one officer fails
    res = run([case(procedure="简易程序")], acts=[act(officers=("P1",), act_type="当场处罚")],
              recordings=[], officers=PEOPLE, as_of=date(2024, 12, 31))
    assert outcome(res, "C1", "GS01")[0] == "fail"


# --- police overlay ----------------------------------------------------------------------
# Act 受案登记 2024-07-01 09:00:00–10:00:00 with P1 + auxiliary A1: one qualified officer.
# Allowed alone only when fully recorded: union of recordings covers the act, gaps ≤ 30 s (as JL02).
def rec(rid, start, end, act_id="A1"):
    return dict(recording_id=rid, case_id="C1", act_id=act_id, start_time=start, end_time=end)


FULL = rec("R1", "2024-07-01 08:59:00", "2024-07-01 10:01:00")
POLICE = [
    ("简易程序, one officer", "简易程序", act(officers=("P1",), act_type="当场处罚"), [], "pass", "全部 1 项"),
    ("简易程序, auxiliary only", "简易程序", act(officers=("A1",), act_type="当场处罚"), [], "fail",
     "A1（合格0人/需1人）"),
    ("受案登记, one officer + auxiliary, fully recorded", "普通程序",
     act(officers=("P1", "A1"), act_type="受案登记"), [FULL], "pass", "全部 1 项"),
    ("受案登记, fully recorded by an untagged recording", "普通程序",
     act(officers=("P1", "A1"), act_type="受案登记"), [dict(FULL, act_id=None)], "pass", "全部 1 项"),
    ("受案登记, not recorded", "普通程序", act(officers=("P1", "A1"), act_type="受案登记"), [], "fail",
     "A1（合格1人/需2人）"),
    # recording stops at 09:30:00 → 1800 s uncovered → not fully recorded → needs two
    ("受案登记, recorded only half", "普通程序", act(officers=("P1", "A1"), act_type="受案登记"),
     [rec("R1", "2024-07-01 09:00:00", "2024-07-01 09:30:00")], "fail", "A1（合格1人/需2人）"),
    ("调查取证 is not an exception even when recorded", "普通程序",
     act(officers=("P1",), act_type="调查取证"), [FULL], "fail", "A1（合格1人/需2人）"),
    # recordings only matter when an exception needs them (None = recordings table absent)
    ("two qualified officers, recordings table absent", "普通程序",
     act(officers=("P1", "P2"), act_type="受案登记"), None, "pass", "全部 1 项"),
    ("简易程序 one officer, recordings table absent", "简易程序", act(officers=("P1",), act_type="当场处罚"), None,
     "pass", "全部 1 项"),
    ("调查取证 one officer, recordings table absent: no exception could apply", "普通程序",
     act(officers=("P1",), act_type="调查取证"), None, "fail", "A1（合格1人/需2人）"),
    # act without times: coverage cannot be judged (JL02 says unknown), so one officer may or may not do
    ("受案登记, act without times", "普通程序",
     act(officers=("P1",), act_type="受案登记", start="2024-07-01", end="2024-07-01"), [FULL], "unknown",
     "A1（合格1人/需1–2人；音像记录是否覆盖全程无法判断）"),     # one if fully recorded, else two
]


@pytest.mark.parametrize("desc, procedure, the_act, recordings, expected, fragment", POLICE,
                         ids=[r[0] for r in POLICE])
def test_gs01_police(desc, procedure, the_act, recordings, expected, fragment):
    res = run([case(procedure=procedure)], acts=[the_act], recordings=recordings, officers=PEOPLE,
              as_of=date(2024, 12, 31), overlays=("police",))
    got, reason = outcome(res, "C1", "GS01")
    assert got == expected, reason
    assert fragment in reason


def test_gs01_police_untimed_reason_does_not_blame_officer_ids():
    the_act = act(officers=("P1",), act_type="受案登记", start="2024-07-01", end="2024-07-01")
    res = run([case()], acts=[the_act], recordings=[FULL], officers=PEOPLE,
              as_of=date(2024, 12, 31), overlays=("police",))
    got, reason = outcome(res, "C1", "GS01")
    assert got == "unknown"
    assert "人员表中没有的人员编号" not in reason and "（空）" not in reason, reason


def test_gs01_police_recordings_table_missing():
    # whether 受案登记 by one officer is allowed depends on recordings: missing table → unknown
    res = run([case()], acts=[act(officers=("P1", "A1"), act_type="受案登记")], recordings=None,
              officers=PEOPLE, as_of=date(2024, 12, 31), overlays=("police",))
    got, reason = outcome(res, "C1", "GS01")
    assert got == "unknown"
    assert "音像记录表" in reason


def test_gs01_standard_two_officers_without_recordings_table():
    res = run([case()], acts=[act()], recordings=None, officers=PEOPLE, as_of=date(2024, 12, 31))
    assert outcome(res, "C1", "GS01")[0] == "pass"
