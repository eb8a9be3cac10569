"""The workbook and HTML read only the problems of a run: findings.csv scanned for its failed and unknown rows
(reports.from_run.read_problems), never loaded whole; the reports are the same as from the whole run."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from casereview.reports.from_run import load_for_reports, load_run, problems, read_problems
from casereview.reports.html import render_html
from casereview.reports.workbook import write_workbook

FINDINGS = ("case_id,unit_id,rule_id,system,outcome,deduction,veto,reason\n"
            "C1,U1,R1,公示,pass,,False,有\n"
            "C2,U1,R1,公示,fail,5,True,\"缺少\n两项\"\n"
            "C1,U1,R2,记录,na,,False,\n"
            "C2,U1,R2,记录,unknown,,False,'=无法读取\n"
            "C3,U2,R2,记录,fail,2.5,False,\"引号\"\"内\"\n")


def test_only_the_problems_are_kept(tmp_path):
    path = tmp_path / "findings.csv"
    path.write_text(FINDINGS, encoding="utf-8-sig")
    found, counts = read_problems(path)
    assert counts == {"pass": 1, "fail": 2, "na": 1, "unknown": 1}
    assert list(found["case_id"]) == ["C2", "C2", "C3"] and list(found["outcome"]) == ["fail", "unknown", "fail"]
    assert list(found["reason"]) == ["缺少\n两项", "'=无法读取", '引号"内']
    assert found["deduction"].tolist()[0] == 5.0 and found["deduction"].isna().tolist() == [False, True, False]
    assert found["veto"].tolist() == [True, False, False]


@pytest.mark.parametrize("run", ["sample_run", "hostile_run"])
def test_reports_as_from_the_whole_run(run, request, tmp_path):
    folder = request.getfixturevalue(run).folder
    whole, light = load_run(folder), load_for_reports(folder)
    assert problems(whole).equals(problems(light))
    assert len(light.findings) < len(whole.findings)
    assert light.finding_counts == whole.findings["outcome"].value_counts().to_dict()
    assert render_html(whole) == render_html(light)
    a, b = write_workbook(whole, tmp_path / "a.xlsx"), write_workbook(light, tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_a_big_run_lists_the_cases_with_a_problem(sample_run, tmp_path, monkeypatch):
    import casereview.reports.workbook as wb
    monkeypatch.setattr(wb, "REPORT_ROWS", 5)           # as if the sample were a run of more than 100,000 cases
    run = load_for_reports(sample_run.folder)
    cases = pd.read_csv(sample_run.folder / "cases.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    wanted = cases[(cases["failed_rules"] != "") | (cases["unknown_rules"] != "")]
    assert 0 < len(wanted) < len(cases)
    book = openpyxl.load_workbook(write_workbook(run, tmp_path / "book.xlsx"), read_only=True)
    listed = [r[0] for r in book["案卷"].iter_rows(min_row=2, values_only=True)]
    assert listed == list(wanted["case_id"])
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert f"只列出有不合规或无法判定评查项的 {len(wanted):,} 件" in summary["说明"]
    assert "cases.csv" in summary["说明"] and "findings.csv" in summary["说明"]
