"""Deadline traps for GS03, GS04, GS05 and CX03, on both engines (tests.support.run compares them).

Rule (domain "Working days"): due(d, N) = the N-th working day after d (d not counted); a done date x
is in time iff d ≤ x ≤ due(d, N). A done date on a day off AFTER the deadline is late although no
working day lies between; a done date on a holiday BEFORE the deadline is in time. Not done: fail
once the as-of date is after the due date, na (not yet due) up to and on it.

The worked deadlines (M7, M20, M3, S7, S20, S3, H7, H20, H3, F20: start, period, due date and the
count by hand from the holiday notices) live in tests/worked_examples.py; the done and as-of dates
below are chosen around them: the day itself, the day off after it, a holiday before it.
"""
from __future__ import annotations

from datetime import date

import pytest

from tests.support import outcome, run
from tests.worked_examples import deadline

AS_OF = date(2026, 11, 20)
M7, M20, M3, S7, S20, S3, H7, H20, H3, F20 = (deadline(n) for n in "M7 M20 M3 S7 S20 S3 H7 H20 H3 F20".split())


def publication(decision, published=None, case_type="行政处罚"):
    return dict(case_id="C1", unit_id="U1", case_type=case_type, decision_date=decision, published_date=published)


def service(decision, served=None):
    return dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date=decision, served_date=served)


def withdrawal(revoked, withdrawn=None):
    return dict(case_id="C1", unit_id="U1", case_type="行政处罚", decision_date="2024-03-01",
                published_date="2024-03-05", revoked_date=revoked, withdrawn_date=withdrawn)


# (rule, description, case, as_of, expected, reason fragment)
ROWS = [
    # make-up Saturday deadline, done the Sunday after
    ("GS03", "M7 published Sat 05-11", publication(str(M7.start), str(M7.due)), AS_OF, "pass",
     f"公示日期 2024-05-11 未超过期限 {M7.due}（决定后第7个工作日）"),
    ("GS03", "M7 published Sun 05-12", publication(str(M7.start), "2024-05-12"), AS_OF, "fail",
     f"公示日期 2024-05-12 晚于期限 {M7.due}（决定后第7个工作日）"),
    ("GS03", "M7 not published, as of Sat 05-11", publication(str(M7.start)), date(2024, 5, 11), "na",
     f"期限 {M7.due}（决定后第7个工作日）未届满"),
    ("GS03", "M7 not published, as of Sun 05-12", publication(str(M7.start)), date(2024, 5, 12), "fail",
     f"至评查日 2024-05-12 仍未公示，已超过期限 {M7.due}"),
    ("GS04", "M20 published Sat 05-11", publication(str(M20.start), str(M20.due), "行政检查"), AS_OF, "pass",
     f"未超过期限 {M20.due}（决定后第20个工作日）"),
    ("GS04", "M20 published Sun 05-12", publication(str(M20.start), "2024-05-12", "行政检查"), AS_OF, "fail",
     f"公示日期 2024-05-12 晚于期限 {M20.due}（决定后第20个工作日）"),
    ("GS05", "M3 withdrawn Sat 05-11", withdrawal(str(M3.start), str(M3.due)), AS_OF, "pass",
     f"撤回公示日期 2024-05-11 未超过期限 {M3.due}（撤销后第3个工作日）"),
    ("GS05", "M3 withdrawn Sun 05-12", withdrawal(str(M3.start), "2024-05-12"), AS_OF, "fail",
     f"撤回公示日期 2024-05-12 晚于期限 {M3.due}（撤销后第3个工作日）"),
    ("CX03", "M7 served Sat 05-11", service(str(M7.start), str(M7.due)), AS_OF, "pass",
     f"送达日期 2024-05-11 未超过期限 {M7.due}（决定后第7个工作日）"),
    ("CX03", "M7 served Sun 05-12", service(str(M7.start), "2024-05-12"), AS_OF, "fail",
     f"送达日期 2024-05-12 晚于期限 {M7.due}（决定后第7个工作日）"),
    ("CX03", "M7 not served, as of Sun 05-12", service(str(M7.start)), date(2024, 5, 12), "fail",
     f"至评查日 2024-05-12 仍未送达，已超过期限 {M7.due}"),
    # a holiday after the deadline
    ("GS03", "S7 published 02-23 (holiday)", publication(str(S7.start), "2026-02-23"), AS_OF, "fail",
     f"公示日期 2026-02-23 晚于期限 {S7.due}（决定后第7个工作日）"),
    ("GS03", "S7 published Sat 02-14", publication(str(S7.start), str(S7.due)), AS_OF, "pass",
     f"未超过期限 {S7.due}"),
    ("GS04", "S20 published 02-23 (holiday)", publication(str(S20.start), "2026-02-23", "行政强制"), AS_OF, "fail",
     f"公示日期 2026-02-23 晚于期限 {S20.due}（决定后第20个工作日）"),
    ("GS05", "S3 withdrawn 02-23 (holiday)", withdrawal(str(S3.start), "2026-02-23"), AS_OF, "fail",
     f"撤回公示日期 2026-02-23 晚于期限 {S3.due}（撤销后第3个工作日）"),
    ("CX03", "S7 served 02-23 (holiday)", service(str(S7.start), "2026-02-23"), AS_OF, "fail",
     f"送达日期 2026-02-23 晚于期限 {S7.due}（决定后第7个工作日）"),
    ("CX03", "S7 not served, as of 02-23 (holiday)", service(str(S7.start)), date(2026, 2, 23), "fail",
     f"至评查日 2026-02-23 仍未送达，已超过期限 {S7.due}"),
    # a holiday before the deadline
    ("GS03", "H7 published 02-18 (holiday)", publication(str(H7.start), "2026-02-18"), AS_OF, "pass",
     f"公示日期 2026-02-18 未超过期限 {H7.due}（决定后第7个工作日）"),
    ("GS03", "H7 published Sun 03-01", publication(str(H7.start), "2026-03-01"), AS_OF, "fail",
     f"公示日期 2026-03-01 晚于期限 {H7.due}"),
    ("GS04", "H20 published 02-20 (holiday)", publication(str(H20.start), "2026-02-20", "行政检查"), AS_OF, "pass",
     f"公示日期 2026-02-20 未超过期限 {H20.due}（决定后第20个工作日）"),
    ("GS05", "H3 withdrawn 02-20 (holiday)", withdrawal(str(H3.start), "2026-02-20"), AS_OF, "pass",
     f"撤回公示日期 2026-02-20 未超过期限 {H3.due}（撤销后第3个工作日）"),
    ("GS05", "H3 withdrawn 02-26", withdrawal(str(H3.start), "2026-02-26"), AS_OF, "fail",
     f"撤回公示日期 2026-02-26 晚于期限 {H3.due}"),
    ("CX03", "H7 served 02-18 (holiday)", service(str(H7.start), "2026-02-18"), AS_OF, "pass",
     f"送达日期 2026-02-18 未超过期限 {H7.due}（决定后第7个工作日）"),
    ("CX03", "H7 not served, as of 02-18 (holiday)", service(str(H7.start)), date(2026, 2, 18), "na",
     f"尚未送达，期限 {H7.due}（决定后第7个工作日）未届满"),
    # 20 working days ending on a Friday, published the Saturday after
    ("GS04", "F20 published Fri 03-29", publication(str(F20.start), str(F20.due), "行政检查"), AS_OF, "pass",
     f"公示日期 2024-03-29 未超过期限 {F20.due}（决定后第20个工作日）"),
    ("GS04", "F20 published Sat 03-30", publication(str(F20.start), "2024-03-30", "行政检查"), AS_OF, "fail",
     f"公示日期 2024-03-30 晚于期限 {F20.due}（决定后第20个工作日）"),
    ("GS04", "F20 not published, as of Sat 03-30", publication(str(F20.start), None, "行政检查"), date(2024, 3, 30),
     "fail", f"至评查日 2024-03-30 仍未公示，已超过期限 {F20.due}"),
]


@pytest.mark.parametrize("rule, desc, the_case, as_of, expected, fragment", ROWS, ids=[r[1] for r in ROWS])
def test_deadline_trap(rule, desc, the_case, as_of, expected, fragment):
    res = run([the_case], acts=[], as_of=as_of)
    got, reason = outcome(res, "C1", rule)
    assert got == expected, reason
    assert fragment in reason
