"""The due list in a review's run folder: due.csv, the 预警 sheet (read back with openpyxl), the HTML 预警
section (and in headless Chromium), `casereview report` rebuilding both — also from old folders without
due.csv — and a byte-identical workbook for the same run."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from casereview.cli.main import main
from casereview.reports.due_output import DUE_CSV, LABELS
from casereview.reports.html import HTML_NAME
from casereview.reports.workbook import WORKBOOK_NAME
from tests.reports.test_html_chromium import _dom, chromium  # noqa: F401  (fixture)

SAMPLE = Path(__file__).resolve().parents[2] / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OF = "2024-10-10"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("due-run") / "run"
    assert main(["review", str(SAMPLE), "--out", str(out), "--as-of", AS_OF, "--quiet"]) == 0
    return out


def due_csv(run: Path) -> pd.DataFrame:
    return pd.read_csv(run / DUE_CSV, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def test_run_folder_has_the_due_list_as_of_the_review(run):
    due = due_csv(run)
    row = due[(due["case_id"] == "A32010120240000839") & (due["rule_id"] == "GS03")].iloc[0]
    # decided Fri 2024-09-27: wd 7 is Sat 10-12 (make-up day); as of 10-10, 10-11 and 10-12 are left
    assert (row["due_date"], row["workdays_left"], row["status"]) == ("2024-10-12", "2", "待办")
    assert list(due["status"][:3]) == ["已逾期"] * 3


def test_workbook_sheet_matches_due_csv(run):
    wb = openpyxl.load_workbook(run / WORKBOOK_NAME, read_only=True)
    assert "预警" in wb.sheetnames
    rows = list(wb["预警"].iter_rows(values_only=True))
    assert list(rows[0]) == list(LABELS.values())
    due = due_csv(run)
    assert len(rows) - 1 == len(due)
    first = dict(zip(rows[0], rows[1]))
    assert first["案件编号"] == due["case_id"][0] and first["状态"] == "已逾期"
    assert first["剩余工作日"] == int(due["workdays_left"][0]) and first["剩余工作日"] < 0


def test_html_section_lists_the_due_items(run):
    page = (run / HTML_NAME).read_text(encoding="utf-8")
    section = page.split('id="due"')[1].split("</table>")[0]
    due = due_csv(run)
    assert f"已逾期 {int((due['status'] == '已逾期').sum())} 项" in section
    assert section.count("<tr>") == len(due) + 1 and "A32010120240000839" in section


def test_report_rebuilds_the_same_workbook_bytes_and_html_section(run, tmp_path):
    assert main(["report", str(run), "--out", str(tmp_path)]) == 0
    assert (tmp_path / WORKBOOK_NAME).read_bytes() == (run / WORKBOOK_NAME).read_bytes()
    page = (tmp_path / HTML_NAME).read_text(encoding="utf-8")
    assert page.split('id="due"')[1].split("</table>")[0] == \
        (run / HTML_NAME).read_text(encoding="utf-8").split('id="due"')[1].split("</table>")[0]


def test_old_run_folder_without_due_csv(run, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    for p in run.iterdir():
        if p.name != DUE_CSV:
            (old / p.name).write_bytes(p.read_bytes())
    assert main(["report", str(old), "--out", str(tmp_path / "rebuilt")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "rebuilt" / WORKBOOK_NAME, read_only=True)["预警"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(LABELS.values()) and "没有预警清单" in rows[1][0]
    assert "没有预警清单" in (tmp_path / "rebuilt" / HTML_NAME).read_text(encoding="utf-8")


def test_due_section_renders_in_chromium(chromium, run, tmp_path):  # noqa: F811
    dom = _dom(chromium, tmp_path, run / HTML_NAME, "#due")
    table = dom.split('id="due-table"')[1].split("</table>")[0]
    assert len(re.findall(r"<tr>", table)) == len(due_csv(run)) + 1
    assert '<td class="fail">已逾期</td>' in table
