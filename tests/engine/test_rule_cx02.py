"""CX02 作出行政处罚决定前告知当事人 (程序, veto).

Basis: 《行政处罚法》第四十四条 (告知 before the decision), 第六十二条. notified_date must precede the
decision: 普通程序 (and 快速办理, and empty procedure = 普通程序) strictly earlier; 简易程序 the same day is
allowed. No notified_date → fail. Applies to 行政处罚 with a decision.
Unknown is only reachable through the engine's data guards (the rule has no unknown check): here a
notified_date after as-of in a year the calendar does not know.
"""
from datetime import date

import pytest

from tests.support import outcome, run

AS_OF = date(2024, 12, 31)


def case(notified, procedure="普通程序", decision="2024-05-10", **kw):
    return dict(dict(case_id="C1", unit_id="U1", case_type="行政处罚", procedure=procedure,
                     notified_date=notified, decision_date=decision), **kw)


# (description, case, as_of, expected, reason fragment)
ROWS = [
    ("普通程序 notified the day before", case("2024-05-09"), AS_OF, "pass", "于 2024-05-09 告知，2024-05-10 作出决定"),
    ("普通程序 notified the same day", case("2024-05-10"), AS_OF, "fail",
     "告知日期 2024-05-10 未早于决定日期 2024-05-10（普通程序须先告知、后决定）"),
    ("普通程序 notified after", case("2024-05-11"), AS_OF, "fail", "告知日期 2024-05-11 未早于决定日期 2024-05-10"),
    ("简易程序 notified the same day", case("2024-05-10", "简易程序"), AS_OF, "pass", "于 2024-05-10 告知"),
    ("简易程序 notified the day before", case("2024-05-09", "简易程序"), AS_OF, "pass", "于 2024-05-09 告知"),
    ("简易程序 notified after", case("2024-05-11", "简易程序"), AS_OF, "fail",
     "告知日期 2024-05-11 晚于决定日期 2024-05-10"),
    ("快速办理 the same day is not allowed", case("2024-05-10", "快速办理"), AS_OF, "fail", "（快速办理须先告知、后决定）"),
    ("empty procedure = 普通程序", case("2024-05-10", None), AS_OF, "fail", "（普通程序须先告知、后决定）"),
    ("no notified_date", case(None), AS_OF, "fail", "没有处罚前告知记录（告知日期为空），即于 2024-05-10 作出处罚决定"),
    ("no notified_date, 简易程序", case(None, "简易程序"), AS_OF, "fail", "告知日期为空"),
    # as_of = decision day; notified 05-12 has not happened yet → no notice before the decision
    ("notified_date after as_of counts as absent", case("2024-05-12"), date(2024, 5, 10), "fail", "告知日期为空"),
    # --- na ---
    ("行政许可", case(None, case_type="行政许可"), AS_OF, "na", "非行政处罚案件或尚未作出决定"),
    ("no decision", case("2024-05-09", decision=None), AS_OF, "na", "尚未作出决定"),
    ("decision after as_of", case("2024-05-09"), date(2024, 5, 9), "na", "尚未作出决定"),
    # --- unknown (guard): notified 2027-01-05 is after as_of 2026-11-20 and 2027 is not in the calendar ---
    ("notified_date after as_of in an unknown year", case("2027-01-05", decision="2026-11-10"), date(2026, 11, 20),
     "unknown", "晚于评查日 2026-11-20"),
]


@pytest.mark.parametrize("desc, the_case, as_of, expected, fragment", ROWS, ids=[r[0] for r in ROWS])
def test_cx02(desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", "CX02")
    assert got == expected, reason
    assert fragment in reason


def test_cx02_is_a_veto_rule():
    res = run([case(None)], acts=[], as_of=AS_OF)
    row = res.findings[res.findings.rule_id == "CX02"].iloc[0]
    assert (row["system"], bool(row["veto"])) == ("程序", True)
