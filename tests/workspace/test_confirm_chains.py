"""Confirmed runs of a batch judged by two pack chains: each case rescored with its own chain's pack."""
from __future__ import annotations

from casereview.engine.run.review_chains import review_by_chain
from casereview.workspace.confirmed import run_packs, with_verdicts
from tests.engine.test_packs_per_field import AS_OF, POLICE_LABEL, STANDARD_LABEL, batch, chains


def test_verdict_rescored_with_its_chains_pack():
    machine = review_by_chain(batch(), chains(), AS_OF)
    assert set(run_packs(machine)) == {POLICE_LABEL, STANDARD_LABEL}
    f = machine.findings
    m1_cx01 = int(f.index[(f.case_id == "M1") & (f.rule_id == "CX01")][0])
    assert f.at[m1_cx01, "outcome"] == "pass"                # standard pack: 90 days, not exceeded
    before = machine.cases.set_index("case_id")
    confirmed = with_verdicts(machine, {m1_cx01: "fail"})
    after = confirmed.cases.set_index("case_id")
    assert after.loc["M1", "deductions"] == before.loc["M1", "deductions"] + 10   # 三项制度.yaml: CX01 deducts 10
    assert "CX01" in after.loc["M1", "failed_rules"].split(";")
    assert after.loc["P1"].equals(before.loc["P1"])                             # the police case untouched
    assert list(after["pack"]) == [POLICE_LABEL, STANDARD_LABEL]
    units = lambda run: run.units.set_index(["unit_id", "rule_id"])
    assert units(confirmed).loc[("U2", "CX01"), "fail"] == units(machine).loc[("U2", "CX01"), "fail"] + 1
    assert list(confirmed.units["unit_id"]) == list(machine.units["unit_id"])
    assert list(confirmed.units["rule_id"]) == list(machine.units["rule_id"])
