"""复查对比.xlsx and the CSVs read back; formula starts in case ids and unit names come back as text."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from casereview.reports.diff import diff_folders
from casereview.reports.diff_book import SHEETS, WORKBOOK_NAME, write_diff

from .conftest import INJECTION


def _rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


@pytest.fixture(scope="module")
def written(corrections, tmp_path_factory):
    out = tmp_path_factory.mktemp("diff_out") / "out"
    write_diff(diff_folders(*corrections), out)
    return out


def test_files_and_sheets(written):
    names = sorted(p.name for p in written.iterdir())
    assert names == sorted([WORKBOOK_NAME, "复查对比_汇总.csv", "复查对比_案件变化.csv", "复查对比_单位变化.csv",
                            "复查对比_明细.csv"])
    book = openpyxl.load_workbook(written / WORKBOOK_NAME)
    assert tuple(book.sheetnames) == SHEETS
    for ws in book:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:"), ws.title


def test_detail_sheet_lists_the_corrections(written):
    rows = _rows(openpyxl.load_workbook(written / WORKBOOK_NAME)["明细"])
    got = {(r["范围"], r["案件编号"] or "", r["规则编号"], r["变化"], r["前次结论"], r["复查结论"]) for r in rows}
    assert got == {("案件", "C1", "GS03", "已整改", "不合规", "合规"), ("案件", "C2", "FS01", "已整改", "不合规", "合规"),
                   ("案件", "C3", "GS01", "已整改", "不合规", "合规"), ("案件", "C4", "GS02", "新增问题", "合规", "不合规"),
                   ("案件", "C5", "CX02", "仍未整改", "不合规", "不合规"), ("单位", "", "FS04", "已整改", "不合规", "合规")}
    c1 = next(r for r in rows if r["案件编号"] == "C1")
    assert "2024-10-15" in c1["复查理由"] and c1["单位名称"] == "某区公安分局"
    csv = pd.read_csv(written / "复查对比_明细.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(csv) == len(rows) and list(csv["规则编号"]) == [r["规则编号"] for r in rows]


def test_case_and_unit_sheets_are_numbers(written):
    book = openpyxl.load_workbook(written / WORKBOOK_NAME)
    cases = {r["案件编号"]: r for r in _rows(book["案件变化"])}
    assert (cases["C2"]["前次得分"], cases["C2"]["复查得分"], cases["C2"]["复查等级"]) == (0, 100, "优秀")
    assert cases["C4"]["得分变化"] == -5 and cases["C4"]["新增问题规则"] == "GS02"
    units = {(r["单位编码"], r["制度"]): r for r in _rows(book["单位变化"])}
    assert units[("U2", "审核")]["前次合规率"] == 0 and units[("U2", "审核")]["复查合规率"] == 1
    summary = {r["项目"]: r["数值"] for r in _rows(book["汇总"])}
    assert (summary["已整改"], summary["新增问题"], summary["仍未整改"], summary["两次均有的案件"]) == (4, 1, 1, 6)


def test_formula_starts_stay_text(hostile_runs, tmp_path):
    out = tmp_path / "out"
    diff = diff_folders(*hostile_runs)
    write_diff(diff, out)
    book = openpyxl.load_workbook(out / WORKBOOK_NAME)
    seen = set()
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.value == "'" + INJECTION, (ws.title, cell.value)
                    seen.add(ws.title)
    # the unit name in 案件变化/单位变化/明细, the case id (a new GS03 problem) in 案件变化 and 明细
    assert seen == {"案件变化", "单位变化", "明细"}
    detail = _rows(book["明细"])
    assert ("'" + INJECTION, "GS03", "新增问题") in {(r["案件编号"], r["规则编号"], r["变化"]) for r in detail}
    for name in ("复查对比_案件变化.csv", "复查对比_单位变化.csv", "复查对比_明细.csv"):
        cells = pd.read_csv(out / name, dtype=str, keep_default_na=False, encoding="utf-8-sig").stack().tolist()
        assert "'" + INJECTION in cells, name
        assert not [c for c in cells if c.startswith(("=", "+", "@"))], name
