"""GS02 执法时出示执法证件 (公示, deduction 5).

Basis: 国办发〔2018〕118号“行政执法人员在执法过程中要主动表明身份，接受社会监督”.
Requires every act to have certificate_shown = true: any false → fail; else any empty → unknown;
a case without acts → na.
"""
from datetime import date

import pytest

from tests.support import OFFICERS, outcome, run


def act(act_id, shown):
    return dict(act_id=act_id, case_id="C1", act_type="询问", start_time="2024-07-01 09:00:00",
                end_time="2024-07-01 10:00:00", officer_ids=["P1", "P2"], certificate_shown=shown)


CASE = dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date="2024-07-10")

# (description, acts, expected, reason fragment)
ROWS = [
    ("all acts shown", [act("A1", True), act("A2", True)], "pass", "全部 2 项执法活动均记录出示执法证件"),
    ("one act not shown", [act("A1", True), act("A2", False)], "fail", "A2（未出示）"),
    ("one act not recorded", [act("A1", True), act("A2", None)], "unknown", "A2（未记录）"),
    # first-match: the fail check comes before the unknown check
    ("not shown beats not recorded", [act("A1", None), act("A2", False)], "fail", "A2（未出示）"),
    ("no acts", [], "na", "案卷中没有执法活动"),
]


@pytest.mark.parametrize("desc, acts, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_gs02(desc, acts, expected, fragment):
    res = run([CASE], acts=acts, recordings=[], officers=OFFICERS, as_of=date(2024, 12, 31))
    got, reason = outcome(res, "C1", "GS02")
    assert got == expected, reason
    assert fragment in reason


def test_gs02_acts_table_missing():
    res = run([CASE], acts=None, recordings=[], officers=OFFICERS, as_of=date(2024, 12, 31))
    assert outcome(res, "C1", "GS02") == ("unknown", "输入中没有执法活动表，无法判定")


def test_gs02_needs_only_acts():
    # GS02 reads acts only: missing officers / recordings tables do not matter
    res = run([CASE], acts=[act("A1", True)], officers=None, recordings=None, as_of=date(2024, 12, 31))
    assert outcome(res, "C1", "GS02")[0] == "pass"


def test_gs02_deduction_and_system():
    res = run([CASE], acts=[act("A1", False)], recordings=[], officers=OFFICERS, as_of=date(2024, 12, 31))
    row = res.findings[(res.findings.case_id == "C1") & (res.findings.rule_id == "GS02")].iloc[0]
    assert (row["system"], row["deduction"], bool(row["veto"])) == ("公示", 5, False)
