"""The deadline invariant: a run whose deadline findings contradict their dates fails, naming them.

Dates: the worked deadline M7 (tests/worked_examples.py), decision Mon 2024-04-29 → 7th working day
Sat 05-11 (make-up day). Published Sun 05-12 is late (GS03 fail); published 05-10 is in time (GS03 pass).
Served 05-06 (wd 2) is in time (CX03 pass).
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from casereview.engine.run.invariant_deadlines import DeadlineRule, deadline_problems, deadline_rules
from casereview.engine.run.invariants import InvariantError, check_result
from tests.support import pack, run
from tests.worked_examples import deadline

AS_OF = date(2025, 12, 31)
M7 = deadline("M7")


def _cases():
    base = dict(unit_id="U1", case_type="行政处罚", decision_date=str(M7.start), served_date="2024-05-06")
    return [dict(base, case_id="LATE", published_date="2024-05-12"),
            dict(base, case_id="OK", published_date="2024-05-10"),
            dict(base, case_id="OPEN")]


def test_deadline_rules_come_from_the_pack_model():
    rules = {r.rule_id: (r.deadline, r.done) for r in deadline_rules(pack())}
    assert rules == {"GS03": ("publish_short", "published_date"), "GS04": ("publish_long", "published_date"),
                     "GS05": ("withdraw", "withdrawn_date"), "CX03": ("serve", "served_date"),
                     "CX01": ("decide", "decision_date")}


def test_a_consistent_run_passes_the_invariant():
    res = run(_cases(), acts=[], as_of=AS_OF)          # review() itself runs check_result
    got = res.findings.set_index(["case_id", "rule_id"])["outcome"]
    assert (got["LATE", "GS03"], got["OK", "GS03"], got["OPEN", "GS03"]) == ("fail", "pass", "fail")
    assert deadline_problems(res.findings, res.case_facts, deadline_rules(pack()), AS_OF) == []


def _tampered(res, case_id: str, rule_id: str, outcome: str):
    f = res.findings.copy()
    f.loc[(f["case_id"] == case_id) & (f["rule_id"] == rule_id), "outcome"] = outcome
    res.findings = f
    return res


@pytest.mark.parametrize("case_id, outcome, says", [
    ("LATE", "pass", "LATE 合规，公示日期 2024-05-12，期限 2024-05-11"),     # the old bug: Sunday passed
    ("OK", "fail", "OK 不合规，公示日期 2024-05-10，期限 2024-05-11"),
    ("OPEN", "pass", "OPEN 合规，公示日期 空，期限 2024-05-11"),
])
def test_an_inconsistent_result_fires_the_invariant(case_id, outcome, says):
    res = _tampered(run(_cases(), acts=[], as_of=AS_OF), case_id, "GS03", outcome)
    with pytest.raises(InvariantError) as e:
        check_result(res, res.cases["case_id"], [c.rule.id for c in pack().rules("case")], deadline_rules(pack()))
    assert "GS03 的期限结论与日期不符" in str(e.value) and says in str(e.value)


def test_not_done_fails_only_once_the_due_date_has_passed():
    """Not published, as of Sat 05-11 (the due day): a fail would be wrong; as of Sun 05-12 it is right."""
    rule = [DeadlineRule("GS03", "publish_short", "published_date", "公示日期")]
    facts = pd.DataFrame({"case_id": ["C1"], "published_date": [pd.NaT],
                          "publish_short_due": [pd.Timestamp("2024-05-11")],
                          "publish_short_days": [7.0], "publish_short_elapsed": [7.0]})
    fail = pd.DataFrame({"case_id": ["C1"], "rule_id": ["GS03"], "outcome": ["fail"]})
    assert deadline_problems(fail, facts, rule, date(2024, 5, 11))
    assert deadline_problems(fail, facts, rule, date(2024, 5, 12)) == []


def test_a_pass_with_the_due_date_beyond_the_calendar_needs_fewer_than_n_known_working_days():
    """Decision Mon 2026-12-28, due in 2027 (unknown); published Wed 12-30 = 2 working days → a pass stands."""
    rule = [DeadlineRule("GS03", "publish_short", "published_date", "公示日期")]
    facts = pd.DataFrame({"case_id": ["C1", "C2"], "published_date": pd.to_datetime(["2026-12-30", "2027-01-06"]),
                          "publish_short_due": [pd.NaT, pd.NaT],
                          "publish_short_days": [7.0, 7.0], "publish_short_elapsed": [2.0, float("nan")]})
    passed = pd.DataFrame({"case_id": ["C1", "C2"], "rule_id": ["GS03", "GS03"], "outcome": ["pass", "pass"]})
    problems = deadline_problems(passed, facts, rule, date(2027, 2, 1))
    assert len(problems) == 1 and "C2 合规" in problems[0] and "C1" not in problems[0]
