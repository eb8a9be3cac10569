"""Police overlay (rules/overlays/police.yaml): parameters only, per 《公安机关办理行政案件程序规定》.

- 第三十九条: 简易程序 may be decided by one officer (GS01 single-officer exception by procedure);
- 第五十二条: 接报案、受案登记、接受证据、信息采集、调解、送达 by one officer with auxiliaries “但应当全程录音录像”
  (exception by act type, only when fully recorded as in JL02);
- 第一百六十五条: 治安案件 decided within 30 days of 受理 (+ approved extension) (CX01);
- 第一百二十三条: 较大数额罚款 个人 ≥ 2000, 单位 ≥ 10000 (major fine lines for FS01/FS02).
Everything else stays as in the standard pack. Each row is also run without the overlay where the
standard outcome differs, to show the overlay is what changes it.
"""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run

AS_OF = date(2025, 12, 31)
POLICE, STANDARD = ("police",), ()

# --- CX01: 治安案件 30 days ---------------------------------------------------------------------
# Filed 2024-03-01: 03-31 is day 30, 04-01 day 31, 04-30 day 60, 05-01 day 61, 05-30 day 90, 05-31 day 91.
CX01 = [
    ("治安案件 day 30", dict(case_subtype="治安案件", decision_date="2024-03-31"), "pass", "pass", "未超过 30 日"),
    ("治安案件 day 31", dict(case_subtype="治安案件", decision_date="2024-04-01"), "fail", "pass",
     "共 31 日，超过期限 30 日（截止 2024-03-31）"),
    ("治安案件 + 30 extension, day 60", dict(case_subtype="治安案件", decision_date="2024-04-30", extension_days=30),
     "pass", "pass", "共 60 日，未超过 60 日"),
    ("治安案件 + 30 extension, day 61", dict(case_subtype="治安案件", decision_date="2024-05-01", extension_days=30),
     "fail", "pass", "超过期限 60 日（截止 2024-04-30）"),
    ("道路交通 keeps 90: day 31", dict(case_subtype="道路交通", decision_date="2024-04-01"), "pass", "pass", "未超过 90 日"),
    ("no subtype keeps 90: day 90", dict(decision_date="2024-05-30"), "pass", "pass", "共 90 日，未超过 90 日"),
    ("no subtype keeps 90: day 91", dict(decision_date="2024-05-31"), "fail", "fail", "超过期限 90 日（截止 2024-05-30）"),
]


@pytest.mark.parametrize("desc, fields, police, standard, fragment", CX01, ids=[r[0] for r in CX01])
def test_cx01_police(desc, fields, police, standard, fragment):
    case = dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="普通程序",
                     filed_date="2024-03-01"), **fields)
    got, reason = outcome(run([case], acts=[], as_of=AS_OF, overlays=POLICE), "C1", "CX01")
    assert got == police, reason
    assert fragment in reason
    assert outcome(run([case], acts=[], as_of=AS_OF, overlays=STANDARD), "C1", "CX01")[0] == standard


# --- FS01: major fine lines 个人 2000 / 单位 10000 (no review → a major case fails FS01) ------------
FINES = [
    ("个人 2000 is major", "个人", 2000, "fail", "na"),
    ("个人 1999 is not", "个人", 1999, "na", "na"),
    ("单位 10000 is major", "单位", 10000, "fail", "na"),
    ("单位 9999 is not", "单位", 9999, "na", "na"),
    ("个人 10000 is major in both", "个人", 10000, "fail", "fail"),
]


@pytest.mark.parametrize("desc, party, fine, police, standard", FINES, ids=[r[0] for r in FINES])
def test_major_fine_police(desc, party, fine, police, standard):
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", party_type=party, fine_amount=fine,
                decision_types=["罚款"], decision_date="2024-05-10")
    got, reason = outcome(run([case], acts=[], reviews=[], as_of=AS_OF, overlays=POLICE), "C1", "FS01")
    assert got == police, reason
    if got == "fail":
        assert "于 2024-05-10 作出，此前未经法制审核" in reason
    assert outcome(run([case], acts=[], reviews=[], as_of=AS_OF, overlays=STANDARD), "C1", "FS01")[0] == standard


def test_major_decision_types_unchanged_by_police():
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", party_type="个人", fine_amount=0,
                decision_types=["吊销许可证件"], decision_date="2024-05-10")
    assert outcome(run([case], acts=[], reviews=[], as_of=AS_OF, overlays=POLICE), "C1", "FS01")[0] == "fail"


# --- GS01: single-officer exceptions ------------------------------------------------------------
AUX = dict(officer_id="A1", name="辅警", unit_id="U1", role="执法辅助人员")
ACT = dict(act_id="A1", case_id="C1", start_time="2024-07-01 09:00:00", end_time="2024-07-01 10:00:00",
           officer_ids=["P1", "A1"], certificate_shown=True)
FULL_REC = [dict(recording_id="R1", case_id="C1", act_id="A1", start_time="2024-07-01 09:00:00",
                 end_time="2024-07-01 10:00:00")]
# (description, procedure, act_type, recordings, police outcome, standard outcome)
GS01 = [(f"{t} by one officer, fully recorded", "普通程序", t, FULL_REC, "pass", "fail")
        for t in ("接报案", "受案登记", "接受证据", "信息采集", "调解", "送达")] + [
    ("送达 by one officer, not recorded", "普通程序", "送达", [], "fail", "fail"),
    ("调查取证 by one officer, fully recorded", "普通程序", "调查取证", FULL_REC, "fail", "fail"),
    ("简易程序 当场处罚 by one officer", "简易程序", "当场处罚", [], "pass", "fail"),
]


@pytest.mark.parametrize("desc, procedure, act_type, recordings, police, standard", GS01, ids=[r[0] for r in GS01])
def test_single_officer_police(desc, procedure, act_type, recordings, police, standard):
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure=procedure, decision_date="2024-07-01")
    kw = dict(acts=[dict(ACT, act_type=act_type)], recordings=recordings, officers=OFFICERS + [AUX], as_of=AS_OF)
    got, reason = outcome(run([case], overlays=POLICE, **kw), "C1", "GS01")
    assert got == police, reason
    if got == "fail":
        assert "A1（合格1人/需2人）" in reason
    assert outcome(run([case], overlays=STANDARD, **kw), "C1", "GS01")[0] == standard


def test_auxiliary_alone_never_enough_under_police():
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure="简易程序", decision_date="2024-07-01")
    res = run([case], acts=[dict(ACT, act_type="当场处罚", officer_ids=["A1"])], recordings=[],
              officers=OFFICERS + [AUX], as_of=AS_OF, overlays=POLICE)
    got, reason = outcome(res, "C1", "GS01")
    assert got == "fail" and "A1（合格0人/需1人）" in reason


# --- unchanged rules --------------------------------------------------------------------------
def test_publication_deadline_unchanged():
    # GS03 as in the standard pack: decision 2024-09-30, published 10-16 = wd8 (see GS03 tests)
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date="2024-09-30",
                published_date="2024-10-16")
    got, reason = outcome(run([case], acts=[], as_of=AS_OF, overlays=POLICE), "C1", "GS03")
    assert got == "fail" and "晚于期限 2024-10-15" in reason


def test_reviewer_share_unchanged():
    case = dict(case_id="C1", unit_id="U1", case_type="行政处罚")
    res = run([case], acts=[], units=[dict(unit_id="U1", name="派出所", enforcement_staff=21, legal_reviewers=1)],
              officers=[], as_of=AS_OF, overlays=POLICE)
    row = res.unit_findings[res.unit_findings.rule_id == "FS04"].iloc[0]
    assert row["outcome"] == "fail" and "4.76%" in row["reason"]
