"""Issue 13 acceptance: the same ten cases as a 台账 workbook, a flat one-row-per-act sheet and a GBK
CSV folder give identical findings on both engines, the hand-worked outcomes (see tests/real_exports.py),
skipped rows listed and counts reconciled."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from casereview.casefiles.inspect import inspect_input
from casereview.casefiles.loader import load_casefiles
from casereview.cli.main import main
from casereview.reports.folder_check import assert_run_invariants
from casereview.engine.run.review import review
from tests.real_exports import (AS_OF, EXPECTED, FLAT_ROWS, LEDGER_BLANK, LEDGER_DATA_ROWS, LEDGER_FOOTER,
                                LEDGER_TOTAL, RULES, write_all)
from tests.support import pack

ENGINES = ("vector", "durable")


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def loaded(shapes):
    return {name: load_casefiles(src, mapping=m) for name, (src, m) in shapes.items()}


def outcomes(findings: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    table = findings.set_index(["case_id", "rule_id"])["outcome"]
    return {c: tuple(table[(c, r)] for r in RULES) for c in EXPECTED}


def assert_reconciled(cf) -> None:
    for table, c in cf.reconcile().items():
        assert c["in"] == c["evaluated"] + c["rejected"], table
    assert cf.counts_in["cases"] == 10 and cf.counts_in["acts"] == 10
    assert len(cf.rejects) == 0, cf.rejects.to_string()


SUNDAY_AFTER_DEADLINE = ("C04", "GS03")    # the day-off-after-the-deadline trap, apart (see below)


@pytest.mark.parametrize("shape", ["csv", "flat", "ledger"])
def test_each_shape_reads_every_case_and_gives_the_hand_worked_outcomes(loaded, shape):
    cf = loaded[shape]
    assert_reconciled(cf)
    results = {e: review(cf, pack(), AS_OF, engine=e) for e in ENGINES}
    pd.testing.assert_frame_equal(results["vector"].findings, results["durable"].findings)
    got, want = outcomes(results["vector"].findings), dict(EXPECTED)
    case, rule = SUNDAY_AFTER_DEADLINE
    at = RULES.index(rule)
    got[case], want[case] = got[case][:at] + got[case][at + 1:], want[case][:at] + want[case][at + 1:]
    assert got == want


@pytest.mark.parametrize("shape", ["csv", "flat", "ledger"])
def test_sunday_publication_after_the_deadline_is_late(loaded, shape):
    """C04: decided Mon 2024-04-29; working day 7 is the make-up Saturday 05-11; published Sunday 05-12,
    a day off after the deadline: late (GS03 fail), although no working day lies between."""
    findings = review(loaded[shape], pack(), AS_OF).findings
    hit = findings[(findings["case_id"] == "C04") & (findings["rule_id"] == "GS03")]
    assert list(hit["outcome"]) == ["fail"], hit["reason"].tolist()


def test_three_shapes_give_identical_findings(loaded):
    found = {name: review(cf, pack(), AS_OF).findings for name, cf in loaded.items()}
    for name in ("flat", "ledger"):
        pd.testing.assert_frame_equal(found["csv"], found[name], obj=f"findings csv vs {name}")


def test_flat_rows_become_cases_and_acts(loaded):
    cf = loaded["flat"]
    assert any(f"{FLAT_ROWS} 行拆分为 10 件案件、10 项执法活动（1 件案件没有执法活动）" in n for n in cf.notes)
    cases = cf.tables["cases"].set_index("case_id")
    assert cases.loc["C02", "_row"] == 3 and cases.loc["C05", "_row"] == 7   # a case's row is its first row
    acts = cf.tables["acts"].set_index("act_id")
    assert acts.loc["C02-2", "_row"] == 4 and acts.loc["C03-1", "_row"] == 5  # an act's row is its own


def test_ledger_rows_are_sheet_rows_and_skipped_rows_are_listed(shapes, loaded):
    assert list(loaded["ledger"].tables["cases"]["_row"]) == LEDGER_DATA_ROWS
    src, mapping = shapes["ledger"]
    view = inspect_input(src, mapping=mapping).tables[0]
    assert view.header_rows == [3, 4]
    skipped = dict(view.skipped)
    assert {LEDGER_TOTAL, LEDGER_FOOTER} <= skipped.keys(), skipped
    assert "合计" in skipped[LEDGER_TOTAL] and "制表人" in skipped[LEDGER_FOOTER]
    assert LEDGER_BLANK not in set(loaded["ledger"].tables["cases"]["_row"])


@pytest.mark.parametrize("shape", ["flat", "ledger"])
def test_review_command_on_the_export_keeps_the_run_invariants(shapes, shape, tmp_path, capsys):
    src, mapping = shapes[shape]
    out = tmp_path / "run"
    assert main(["review", str(src), "--mapping", str(mapping), "--out", str(out), "--as-of", "2026-11-20",
                 "--quiet"]) == 0
    assert "案件：读入 10，评查 10，拒收 0" in capsys.readouterr().out
    assert_run_invariants(out, src, mapping)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    counts = info["counts"]
    assert counts["cases"] == {"in": 10, "evaluated": 10, "rejected": 0, "after_as_of": 0}
    said = {"flat": f"{FLAT_ROWS} 行拆分为 10 件案件、10 项执法活动", "ledger": "第16行是合计/小计行"}[shape]
    assert any(said in n for n in info["notes"]), info["notes"]
    assert counts["acts"] == {"in": 10, "evaluated": 10, "rejected": 0, "after_as_of": 0}
    if shape == "ledger":     # the rows not read are among the warnings the summary, workbook and HTML show first
        warned = "；".join(info["input"]["warnings"])
        assert f"第{LEDGER_TOTAL}行（合计/小计行）" in warned and f"第{LEDGER_FOOTER}行（表尾" in warned, warned
        assert "工作表“填表说明”" in warned
