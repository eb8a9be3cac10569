"""Packs per field (engine.run.chains, engine.run.review_chains): one batch, police units judged with the
police overlay, market-regulation units with the standard pack.

Hand-worked pair: two cases identical but for their unit, each 个人 fined 2000 元 (罚款), 治安案件 filed
2024-03-01 and decided 2024-04-01, no legal review.
- police (police.yaml): major fine line 个人 2000 → major, no review before the decision → FS01 fail (veto);
  治安案件 30 days: 03-01 + 30 days = 03-31, decided on day 31 → CX01 fail (超过期限 30 日（截止 2024-03-31）).
- standard: 个人 line 10000 → not major → FS01 na; 90 days (截止 2024-05-30) → CX01 pass.
"""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from casereview.casefiles.writers import write_tables
from casereview.cli.main import main
from casereview.engine.model.pack import load_pack
from casereview.engine.run.chains import ChainPlan, assign_chains, plan_from_options, read_plan
from casereview.engine.run.invariants import InvariantError, check_run
from casereview.engine.run.review import review
from casereview.engine.run.review_chains import review_by_chain
from casereview.errors import UsageError
from casereview.rules import STANDARD_PACK
from tests.support import casefile_set, outcome, pack

AS_OF = date(2025, 12, 31)
POLICE_LABEL, STANDARD_LABEL = "三项制度+police", "三项制度"
CASE = dict(case_type="行政处罚", procedure="普通程序", party_type="个人", fine_amount=2000,
            decision_types=["罚款"], case_subtype="治安案件", filed_date="2024-03-01", decision_date="2024-04-01")
CASES = [dict(CASE, case_id="P1", unit_id="U1"), dict(CASE, case_id="M1", unit_id="U2")]
UNITS = [dict(unit_id="U1", name="城关派出所", field="公安"), dict(unit_id="U2", name="城关市场监管所", field="市场监管")]
BY_FIELD = ChainPlan(by_field={"公安": ("police",)})


def batch(units=UNITS, cases=CASES):
    return casefile_set(cases, acts=[], reviews=[], units=units)


def chains(plan=BY_FIELD, cfs=None):
    return assign_chains(cfs or batch(), plan, "三项制度", loader=lambda base, overlays: pack(tuple(overlays)))


@pytest.mark.parametrize("engine", ["vector", "durable"])
def test_police_parameters_apply_to_police_units_only(engine):
    run = review_by_chain(batch(), chains(), AS_OF, engine=engine)
    got, reason = outcome(run, "P1", "FS01")
    assert got == "fail" and "罚款2000元达到2000元" in reason and "于 2024-04-01 作出，此前未经法制审核" in reason
    got, reason = outcome(run, "P1", "CX01")
    assert got == "fail" and "超过期限 30 日（截止 2024-03-31）" in reason
    assert outcome(run, "M1", "FS01")[0] == "na"
    got, reason = outcome(run, "M1", "CX01")
    assert got == "pass" and "未超过 90 日" in reason
    cases = run.cases.set_index("case_id")
    assert cases.loc["P1", "pack"] == POLICE_LABEL and cases.loc["M1", "pack"] == STANDARD_LABEL
    assert bool(cases.loc["P1", "vetoed"]) and cases.loc["P1", "score"] == 0         # FS01 vetoes
    # the cases differ only by their unit: the police case fails exactly FS01 and CX01 more
    police, standard = (cases.loc[c, "failed_rules"].split(";") for c in ("P1", "M1"))
    assert "FS01" not in standard and "CX01" not in standard
    assert sorted(police) == sorted(standard + ["FS01", "CX01"])
    f = run.findings
    assert set(f.loc[f.case_id == "P1", "pack"]) == {POLICE_LABEL}
    assert set(f.loc[f.case_id == "M1", "pack"]) == {STANDARD_LABEL}


def test_one_run_in_single_pack_order_with_chains_in_run_json():
    run = review_by_chain(batch(), chains(), AS_OF)
    rules = [c.rule.id for c in pack(()).rules("case")]
    # rule order, then case order of the input: P1 before M1 for every rule
    assert list(run.findings["rule_id"]) == [r for r in rules for _ in (0, 1)]
    assert list(run.findings["case_id"]) == ["P1", "M1"] * len(rules)
    assert list(run.cases["case_id"]) == ["P1", "M1"]
    assert list(pd.unique(run.units["unit_id"])) == ["U1", "U2"]
    assert list(pd.unique(run.unit_facts["unit_id"])) == ["U1", "U2"]
    assert run.counts["cases"] == {"in": 2, "evaluated": 2, "rejected": 0, "after_as_of": 0}
    by_label = {c["label"]: c for c in run.info["pack"]["chains"]}
    assert by_label[POLICE_LABEL]["units"] == ["U1"] and by_label[POLICE_LABEL]["cases"] == 1
    assert by_label[STANDARD_LABEL]["units"] == ["U2"] and by_label[STANDARD_LABEL]["overlays"] == []
    check_run(run)


def test_single_chain_is_the_plain_review():
    """Every unit under police: the same frames as `review` with the police pack, no pack column, no chains."""
    plan = ChainPlan(by_field={"公安": ("police",), "市场监管": ("police",)})
    got = review_by_chain(batch(), chains(plan), AS_OF)
    want = review(batch(), pack(("police",)), AS_OF)
    for name in ("findings", "cases", "unit_findings", "units", "due"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name))
    assert "chains" not in got.info["pack"] and "pack" not in got.findings


@pytest.mark.parametrize("plan, units, want", [
    (ChainPlan(default=("police",), by_field={"市场监管": ()}), UNITS, {"U1": ("police",), "U2": ()}),
    (ChainPlan(by_field={"公安": ("police",)}, by_unit={"U1": ()}), UNITS, {"U1": (), "U2": ()}),
    (ChainPlan(by_unit={"U2": ("police",)}), UNITS, {"U1": (), "U2": ("police",)}),
    # a unit named only by cases, and a field matched by no rule: the default chain
    (BY_FIELD, [dict(unit_id="U1", name="所", field="交通")], {"U1": (), "U2": ()}),
])
def test_assignment(plan, units, want):
    assert chains(plan, batch(units=units)).of_unit == want


def test_no_field_column_warns_only_when_fields_are_named():
    bare = [dict(unit_id="U1", name="城关派出所"), dict(unit_id="U2", name="城关市场监管所")]
    named = chains(BY_FIELD, batch(units=bare))
    assert named.of_unit == {"U1": (), "U2": ()}
    assert len(named.warnings) == 1 and "执法领域（field）" in named.warnings[0] and "公安" in named.warnings[0]
    run = review_by_chain(batch(units=bare), named, AS_OF)
    assert named.warnings[0] in run.info["input"]["warnings"]
    assert chains(ChainPlan(by_unit={"U1": ("police",)}), batch(units=bare)).warnings == []


def test_a_finding_under_another_chain_fails_the_invariants():
    run = review_by_chain(batch(), chains(), AS_OF)
    run.findings.loc[(run.findings.case_id == "P1") & (run.findings.rule_id == "GS01"), "pack"] = STANDARD_LABEL
    with pytest.raises(InvariantError, match="P1/GS01"):
        check_run(run)


def test_plan_file_and_options(tmp_path):
    path = tmp_path / "packs.yaml"
    path.write_text("default: []\nby_field: {公安: [police]}\nby_unit: {U9: police}\n", encoding="utf-8")
    assert read_plan(path) == ChainPlan((), {"公安": ("police",)}, {"U9": ("police",)})
    plan = plan_from_options(["police"], ["市场监管="], path)
    assert plan == ChainPlan(("police",), {"公安": ("police",), "市场监管": ()}, {"U9": ("police",)})
    path.write_text("by_feild: {公安: [police]}\n", encoding="utf-8")
    with pytest.raises(UsageError, match="by_feild"):
        read_plan(path)
    with pytest.raises(UsageError, match="执法领域=叠加包"):
        plan_from_options([], ["police"])


def test_workbook_review_names_the_pack_per_case(tmp_path, capsys):
    cfs = batch()
    book = write_tables(cfs.tables, tmp_path / "batch.xlsx", "xlsx")
    plan = tmp_path / "packs.yaml"
    plan.write_text("by_field:\n  公安: [police]\n", encoding="utf-8")
    out = tmp_path / "run"
    assert main(["review", str(book), "--out", str(out), "--as-of", AS_OF.isoformat(), "--packs", str(plan),
                 "--quiet"]) == 0
    said = capsys.readouterr().out
    assert f"各单位所用规则包：{POLICE_LABEL} 1 件（1 个单位）；{STANDARD_LABEL} 1 件（1 个单位）" in said
    f = pd.read_csv(out / "findings.csv", dtype=str, keep_default_na=False)
    fs01 = f[f.rule_id == "FS01"].set_index("case_id")
    assert fs01.loc["P1", ["outcome", "pack"]].tolist() == ["fail", POLICE_LABEL]
    assert fs01.loc["M1", ["outcome", "pack"]].tolist() == ["na", STANDARD_LABEL]
    cases = pd.read_csv(out / "cases.csv", dtype=str, keep_default_na=False).set_index("case_id")
    assert cases["pack"].to_dict() == {"P1": POLICE_LABEL, "M1": STANDARD_LABEL}
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {c["label"]: c["units"] for c in info["pack"]["chains"]} == {POLICE_LABEL: ["U1"], STANDARD_LABEL: ["U2"]}
    # the run folder reads back: reports regenerate, the per-chain invariants hold on the files
    assert main(["report", str(out), "--out", str(tmp_path / "again")]) == 0


@pytest.mark.parametrize("extra", [["--chunk-size", "10"], ["--db", "history.db"]])
def test_not_yet_with_chunks_or_history(tmp_path, extra, capsys):
    assert main(["review", "in.xlsx", "--out", str(tmp_path / "run"), "--overlay-for", "公安=police", *extra]) == 4
    assert "暂不支持" in capsys.readouterr().err


def test_a_field_written_differently_is_refused_not_judged_by_the_default_pack():
    """A clerk's 公安局 for the plan's 公安 would silently give the police unit standard parameters."""
    units = [dict(UNITS[0], field="公安局"), UNITS[1]]
    with pytest.raises(UsageError) as e:
        chains(cfs=batch(units=units))
    assert "执法领域“公安局”（单位 U1（单位表第 2 行））；是否想写“公安”？" in str(e.value)


def test_fields_the_plan_does_not_name_and_units_without_one_are_warned():
    units = [UNITS[0], UNITS[1], dict(unit_id="U3", name="城关交通所", field=None)]
    warnings = chains(cfs=batch(units=units)).warnings
    assert warnings == ["执法领域“市场监管”未在规则包分配中（单位 U2（单位表第 3 行）），按默认规则包评查",
                        "单位 U3（单位表第 4 行）没有执法领域，按默认规则包评查"]


def test_unit_rates_count_only_the_rules_of_the_units_own_pack(tmp_path):
    """An overlay adding a rule for police units: units.csv lists it for the police unit only (the market
    unit was never judged by it), and each unit's totals are its own pack's findings."""
    overlay = tmp_path / "extra.yaml"
    overlay.write_text("""pack:
  id: 加一条
  title: 加一条规则
  version: "1"
  extends: 三项制度
rules:
  - id: ZZ01
    system: 程序
    title: 罚款不超过一千元
    basis: 试验
    deduction: 0
    checks:
      - when: fine_amount > 1000
        outcome: fail
        reason: 罚款超过一千元
    otherwise:
      reason: 罚款不超过一千元
""", encoding="utf-8")
    cfs = batch()
    assigned = assign_chains(cfs, ChainPlan(by_field={"公安": (str(overlay),)}), "三项制度",
                             loader=lambda base, overlays: load_pack(STANDARD_PACK, list(overlays)))
    run = review_by_chain(cfs, assigned, AS_OF)
    units = run.units
    rules_of = {u: set(units[(units.unit_id == u) & (units.level == "rule")]["rule_id"]) for u in ("U1", "U2")}
    assert rules_of["U1"] - rules_of["U2"] == {"ZZ01"} and "ZZ01" not in rules_of["U2"]
    total = units[units.level == "all"].set_index("unit_id")
    f = run.findings
    for u in ("U1", "U2"):
        mine = f[f.unit_id == u]
        assert total.loc[u, "fail"] == (mine.outcome == "fail").sum() + \
            (run.unit_findings[run.unit_findings.unit_id == u].outcome == "fail").sum()
    assert outcome(run, "P1", "ZZ01")[0] == "fail"
    check_run(run)
