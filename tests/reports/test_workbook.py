"""评查结果.xlsx read back with openpyxl and checked cell by cell against the run folder's CSVs."""
from __future__ import annotations

import json
import math
import zipfile

import openpyxl
import pandas as pd
import pytest

from casereview.reports.from_run import load_run
from casereview.reports.workbook import WORKBOOK_NAME, display_width, write_workbook

SHEETS = ["汇总", "单位", "案卷", "问题清单", "预警", "数据问题", "评查日后记录"]
OUTCOME = {"pass": "合规", "fail": "不合规", "na": "不适用", "unknown": "无法判定"}


def _csv(run, name: str) -> pd.DataFrame:
    return pd.read_csv(run.folder / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def _num(text: str):
    return None if text == "" else float(text)


def _yes(text: str) -> str:
    return {"True": "是", "False": "否"}[text]


@pytest.fixture(scope="module")
def book(sample_run):
    return openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME)


def test_sheets_have_frozen_headers_and_filters(book):
    assert book.sheetnames == SHEETS
    for ws in book:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title


def test_case_sheet_equals_cases_csv(sample_run, book):
    cases = _csv(sample_run, "cases.csv")
    names = dict(zip(_csv(sample_run, "units.csv")["unit_id"], _csv(sample_run, "units.csv")["unit_name"]))
    rows = _rows(book["案卷"])
    assert len(rows) == len(cases)
    for got, want in zip(rows, cases.to_dict("records")):
        assert got["案件编号"] == want["case_id"]
        assert got["办案单位编码"] == want["unit_id"]
        assert got["单位名称"] == names[want["unit_id"]]
        assert got["执法类别"] == want["case_type"]
        assert got["得分"] == _num(want["score"])
        assert got["等级"] == want["grade"]
        assert got["否决"] == _yes(want["vetoed"])
        assert got["待核实"] == _yes(want["needs_check"])
        assert got["扣分"] == _num(want["deductions"])
        assert (got["不合规规则"] or "") == want["failed_rules"]
        assert (got["无法判定规则"] or "") == want["unknown_rules"]


def test_problem_sheet_equals_failed_and_unknown_findings(sample_run, book):
    f = _csv(sample_run, "findings.csv")
    want = f[f["outcome"].isin(["fail", "unknown"])]
    rows = _rows(book["问题清单"])
    assert len(rows) == len(want) > 0
    assert "承办人" in rows[0]              # handler_ids come from the case's 承办人
    for got, w in zip(rows, want.to_dict("records")):
        assert (got["案件编号"], got["规则编号"], got["制度"]) == (w["case_id"], w["rule_id"], w["system"])
        assert got["结论"] == OUTCOME[w["outcome"]]
        assert (got["理由"], got["证据"], got["依据"]) == (w["reason"], w["evidence"], w["basis"])
        assert (got["规则名称"], got["严重程度"]) == (w["title"], w["severity"])
        assert got["扣分"] == _num(w["deduction"])


def test_summary_figures_equal_sums_from_csvs(sample_run, book):
    cases, f = _csv(sample_run, "cases.csv"), _csv(sample_run, "findings.csv")
    info = json.loads((sample_run.folder / "run.json").read_text(encoding="utf-8"))
    got = {r["项目"]: r["数值"] for r in _rows(book["汇总"])}
    assert got["评查日"] == "2026-11-20"
    assert got["规则包"] == info["pack"]["title"]
    assert got["案件读入"] == info["counts"]["cases"]["in"]
    assert got["案件评查"] == len(cases) == info["counts"]["cases"]["evaluated"]
    assert got["案件拒收"] == info["counts"]["cases"]["rejected"]
    assert got["数据问题条数"] == len(_csv(sample_run, "rejects.csv"))
    for code, label in OUTCOME.items():
        assert got[f"结论：{label}"] == int((f["outcome"] == code).sum())
    assert got["平均分"] == pytest.approx(round(cases["score"].astype(float).mean(), 2))
    for grade in ("优秀", "良好", "合格", "不合格"):
        assert got[f"等级：{grade}"] == int((cases["grade"] == grade).sum())
    assert got["否决"] == int((cases["vetoed"] == "True").sum())
    assert got["待核实"] == int((cases["needs_check"] == "True").sum())


def test_unit_sheet_rates_ranked_and_charted(sample_run, book):
    units = _csv(sample_run, "units.csv")
    per_sys = units[units["level"] == "system"]
    total = units[units["level"] == "all"].set_index("unit_id")
    every = _rows(book["单位"])
    rows = every[:next(i for i, r in enumerate(every) if r["排名"] is None)]
    assert len(rows) == total.shape[0]
    assert every[len(rows) + 1]["排名"].startswith("排名规则：按总体合规率从高到低排名")
    assert [r["排名"] for r in rows] == list(range(1, len(rows) + 1))
    overall = [r["总体合规率"] for r in rows]
    assert overall == sorted(overall, reverse=True)
    cases = _csv(sample_run, "cases.csv")
    for r in rows:
        assert r["总体合规率"] == _num(total.loc[r["单位编码"], "rate"])
        assert r["案件数"] == int((cases["unit_id"] == r["单位编码"]).sum())
        for s in ("公示", "记录", "审核", "程序"):
            row = per_sys[(per_sys["unit_id"] == r["单位编码"]) & (per_sys["system"] == s)]
            assert r[f"{s}合规率"] == _num(row["rate"].item())
    ws = book["单位"]
    assert len(ws._charts) == 1
    assert ws.conditional_formatting, "rates below 0.8 are highlighted"
    name_col = next(c for c in ws[1] if c.value == "单位名称").column_letter
    longest = max(display_width(r["单位名称"]) for r in rows)
    assert ws.column_dimensions[name_col].width >= longest


def test_chart_is_a_native_bar_chart_per_system(sample_run):
    with zipfile.ZipFile(sample_run.folder / WORKBOOK_NAME) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode("utf-8")
    assert "<c:barChart>" in xml and xml.count("<c:ser>") == 4


def test_same_workbook_from_the_run_folder(sample_run, tmp_path):
    """`casereview report RUN --xlsx` (CSV + run.json read back) gives the same cells as the review itself."""
    rebuilt = write_workbook(load_run(sample_run.folder), tmp_path / WORKBOOK_NAME)
    live, back = openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME), openpyxl.load_workbook(rebuilt)
    for name in SHEETS:
        a, b = list(live[name].iter_rows(values_only=True)), list(back[name].iter_rows(values_only=True))
        assert len(a) == len(b), name
        for ra, rb in zip(a, b):
            assert [None if isinstance(x, float) and math.isnan(x) else x for x in ra] == list(rb), name


def test_formula_starts_stay_text(hostile_run, injection):
    book = openpyxl.load_workbook(hostile_run.folder / WORKBOOK_NAME)
    seen = set()
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert cell.data_type == "s" and cell.value == "'" + injection
                    seen.add(ws.title)
                if isinstance(cell.value, str) and cell.value.lstrip("'").startswith(("=1+2", "-2+3", "@SUM")):
                    assert cell.value.startswith("'"), (ws.title, cell.value)
    # the unit name in 单位/案卷/问题清单, the case id in 案卷/问题清单, the rejected record in 数据问题
    assert seen == {"单位", "案卷", "问题清单", "数据问题"}
    rejects = _rows(book["数据问题"])
    assert any(r["值"] == "'=1+2" for r in rejects)


@pytest.mark.parametrize("text, width", [
    ("", 0), ("abc 1", 5), ("案卷", 4), ("（空）", 6), ("A3201-案", 8), ("“引号”—", 7), ("·", 1), ("😀", 2),
    ("ｱ", 1), ("\u3000", 2), (12.5, 4), (None, 4),
])
def test_display_width_counts_wide_characters_twice(text, width):
    assert display_width(text) == width     # East Asian Width W or F: 2 columns; quotes, dashes (A), ｱ (H): 1
