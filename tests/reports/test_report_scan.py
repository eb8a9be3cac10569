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


def test_a_big_run_shows_the_first_rows_and_writes_every_problem_to_a_csv(sample_run, tmp_path, monkeypatch):
    import casereview.reports.workbook as wb
    monkeypatch.setattr(wb, "REPORT_ROWS", 5)           # as if the sample were a run of more than 100,000 cases
    monkeypatch.setattr(wb, "LISTED_ROWS", 3)           # ... whose sheets show their first 10,000 rows
    run = load_for_reports(sample_run.folder)
    cases = pd.read_csv(sample_run.folder / "cases.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    wanted = cases[(cases["failed_rules"] != "") | (cases["unknown_rules"] != "")]
    findings = pd.read_csv(sample_run.folder / "findings.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    bad = findings[findings["outcome"].isin(["fail", "unknown"])]
    assert len(wanted) > 3 and len(bad) > 3
    folder = tmp_path / "run"
    folder.mkdir()
    book = openpyxl.load_workbook(wb.workbook_writer(run, folder), read_only=True)
    listed = [r[0] for r in book["案卷"].iter_rows(min_row=2, values_only=True)]
    assert listed == list(wanted["case_id"][:3])
    shown = [(r[0], r[3]) for r in book["问题清单"].iter_rows(min_row=2, values_only=True)]
    assert shown == list(zip(bad["case_id"], bad["rule_id"]))[:3]
    every = pd.read_csv(folder / wb.PROBLEMS_CSV, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(every.columns[:4]) == ["案件编号", "办案单位编码", "单位名称", "规则编号"]
    assert list(zip(every["案件编号"], every["规则编号"])) == list(zip(bad["case_id"], bad["rule_id"]))
    assert set(every["结论"]) <= {"不合规", "无法判定"}
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    note = summary["说明"]
    assert f"有不合规或无法判定评查项的 {len(wanted):,} 件中的前 3 件" in note
    assert f"全部 {len(bad):,} 条" in note and wb.PROBLEMS_CSV in note
    assert "cases.csv" in note and "findings.csv" in note
    due = pd.read_csv(sample_run.folder / "due.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(due) > 3
    assert [r[0] for r in book["预警"].iter_rows(min_row=2, values_only=True)] == list(due["case_id"][:3])
    assert f"「预警」表只列出最紧迫的前 3 项，全部 {len(due):,} 项见 due.csv。" in note


def test_a_run_people_read_row_by_row_has_no_problem_csv(sample_run, tmp_path):
    import casereview.reports.workbook as wb
    folder = tmp_path / "run"
    folder.mkdir()
    wb.workbook_writer(load_for_reports(sample_run.folder), folder)
    assert not (folder / wb.PROBLEMS_CSV).exists()
