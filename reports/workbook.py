"""The review workbook 评查结果.xlsx: 汇总, 单位 (with a chart), 单位得分排名 (packs with grading sections), 案卷, 问题清单, 预警, 数据问题, 评查日后记录 — formula-safe.

Byte-identical for the same run: the document's creation time is the run's as-of date."""
from __future__ import annotations

import math
import os
import unicodedata
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter

from casereview.engine.run.aggregate import RANKING_RULE
from casereview.engine.run.due import LATE, UNKNOWN
from casereview.engine.run.result import Run
from casereview.reports import from_run as fr
from casereview.reports.due_output import LABELS, NUMBER_COLUMNS
from casereview.reports.safe import neutralise

WORKBOOK_NAME = "评查结果.xlsx"
RATE_ALERT = 0.8            # rates below this are highlighted red
MAX_WIDTH, MIN_WIDTH = 60, 6
GRADE_COLORS = ("#C6EFCE", "#DDEBF7", "#FFEB9C", "#FFC7CE")   # best grade first; the rest reuse the last
YES, NO = "是", "否"


def workbook_writer(result: Run, folder: Path) -> Path:
    """Extra writer for reports.run_folder.write_run: 评查结果.xlsx in the run folder."""
    return write_workbook(result, Path(folder) / WORKBOOK_NAME)


def write_workbook(result: Run, path: Path) -> Path:
    """Write the workbook to a temporary name beside `path`, then move it into place."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "nan_inf_to_errors": False})
    try:
        wb.set_properties({"created": _created(result)})
        fmt = cell_formats(wb)
        _summary_sheet(wb, fmt, result)
        _unit_sheet(wb, fmt, result)
        _unit_score_sheet(wb, fmt, result)
        _case_sheet(wb, fmt, result)
        _problem_sheet(wb, fmt, result)
        _due_sheet(wb, fmt, result)
        _reject_sheet(wb, fmt, result)
        _after_as_of_sheet(wb, fmt, result)
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _created(result: Run) -> datetime:
    """The run's as-of date (midnight), so the same run always gives the same bytes."""
    try:
        return datetime.fromisoformat(str(result.info.get("as_of")))
    except ValueError:
        return datetime(2000, 1, 1)


PACK_HEADER = ("规则包", "pack", "text")      # only in runs whose units were judged by several pack chains


# --- columns: (header, key, kind); kind is text, int, number, score, rate or bool ---------------

def _case_columns() -> list[tuple[str, str, str]]:
    return [("案件编号", "case_id", "text"), ("办案单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("执法类别", "case_type", "text"), ("得分", "score", "score"), ("等级", "grade", "text"),
            ("否决", "vetoed", "bool"), ("待核实", "needs_check", "bool"), ("扣分", "deductions", "score"),
            ("不合规规则", "failed_rules", "text"), ("无法判定规则", "unknown_rules", "text")]


def _problem_columns(with_handlers: bool) -> list[tuple[str, str, str]]:
    cols = [("案件编号", "case_id", "text"), ("办案单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("规则编号", "rule_id", "text"), ("规则名称", "title", "text"), ("制度", "system", "text"),
            ("结论", "outcome_label", "text"), ("严重程度", "severity", "text"), ("扣分", "deduction", "score"),
            ("理由", "reason", "text"), ("证据", "evidence", "text"), ("依据", "basis", "text")]
    if with_handlers:
        cols.append(("承办人", "handlers", "text"))
    return cols


def _reject_columns(frame: pd.DataFrame) -> list[tuple[str, str, str]]:
    labels = {"table": "表", "row": "行号", "record_id": "记录编号", "column": "列", "value": "值",
              "error": "问题", "case_id": "案件编号", "scope": "影响范围"}
    return [(labels.get(c, c), c, "text") for c in frame.columns] or \
        [(v, k, "text") for k, v in labels.items()]


# --- sheets --------------------------------------------------------------------------------------

def _summary_sheet(wb, fmt, result: Run) -> None:
    ws = wb.add_worksheet("汇总")
    warnings = [("输入警告", w) for w in fr.input_warnings(result)]
    rows = pd.DataFrame(warnings + fr.headline(result), columns=["item", "value"])
    kinds = ["int" if isinstance(v, int) else "number" if isinstance(v, float) else "text" for v in rows["value"]]
    write_header(ws, fmt, ["项目", "数值"])
    for i, (item, value, kind) in enumerate(zip(rows["item"], rows["value"], kinds), start=1):
        write_cell(ws, fmt, i, 0, item, "text")
        write_cell(ws, fmt, i, 1, value, kind)
    finish_sheet(ws, [["项目", *rows["item"]], ["数值", *map(fr.text, rows["value"])]], len(rows), 2)


def _unit_sheet(wb, fmt, result: Run) -> None:
    ws = wb.add_worksheet("单位")
    table = fr.unit_summary(result)
    grades, systems = fr.grade_order(result), fr.systems(result)
    cols = [("排名", "rank", "int"), ("单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("案件数", "cases", "int"), ("平均分", "avg_score", "score")]
    cols += [(g, f"grade:{g}", "int") for g in grades]
    cols += [("否决", "vetoed", "int"), ("待核实", "needs_check", "int")]
    cols += [(f"{s}合规率", f"rate:{s}", "rate") for s in systems]
    cols += [("总体合规率", "rate", "rate"), ("合规项", "pass", "int"), ("不合规项", "fail", "int"),
             ("无法判定项", "unknown", "int"), ("单位级问题", "unit_problems", "text")]
    write_frame(ws, fmt, table, cols)
    first_rate = next((i for i, c in enumerate(cols) if c[2] == "rate"), None)
    n = len(table)
    if n and first_rate is not None:
        ws.conditional_format(1, first_rate, n, first_rate + len(systems),
                              {"type": "cell", "criteria": "<", "value": RATE_ALERT, "format": fmt["bad"]})
    if n and systems:
        chart = wb.add_chart({"type": "bar"})
        for k, s in enumerate(systems):
            chart.add_series({"name": ["单位", 0, first_rate + k], "categories": ["单位", 1, 2, n, 2],
                              "values": ["单位", 1, first_rate + k, n, first_rate + k], "gap": 80})
        chart.set_title({"name": "各单位分制度合规率", "name_font": {"size": 12}})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"position": "top"})
        chart.set_size({"width": 760, "height": max(320, 60 + n * 22 * max(1, len(systems)) // 2)})
        ws.insert_chart(n + 3, 1, chart)


def _unit_score_sheet(wb, fmt, result: Run) -> None:
    """单位得分排名, only for packs with grading sections: the ranked unit scores, then the ranking rule."""
    table = fr.unit_score_table(result)
    if table is None:
        return
    ws = wb.add_worksheet("单位得分排名")
    cols = [("排名", "rank", "int"), ("单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("已评查案卷数", "cases", "int"), ("否决案卷数", "vetoed", "int"), ("单位得分", "score", "score")]
    write_frame(ws, fmt, table, cols)
    ws.write_string(len(table) + 2, 0, f"排名规则：{RANKING_RULE}")


def _case_sheet(wb, fmt, result: Run) -> None:
    ws = wb.add_worksheet("案卷")
    cases = result.cases.copy()
    cases["unit_name"] = cases["unit_id"].map(fr.unit_names(result))
    cols = _case_columns()
    at = [k for _, k, _ in cols].index("deductions") + 1
    cols[at:at] = [(f"{title}得分", col, "score") for title, col in fr.section_columns(result)]
    cols += [PACK_HEADER] if "pack" in cases else []     # judged by several pack chains
    write_frame(ws, fmt, cases, cols)
    n = len(cases)
    if n:
        g = [k for _, k, _ in cols].index("grade")
        for name, color in zip(fr.grade_order(result), grade_colors(len(fr.grade_order(result)))):
            ws.conditional_format(1, g, n, g, {"type": "cell", "criteria": "==", "value": f'"{name}"',
                                               "format": wb.add_format({"bg_color": color})})
        v = [k for _, k, _ in cols].index("vetoed")
        ws.conditional_format(1, v, n, v, {"type": "cell", "criteria": "==", "value": f'"{YES}"',
                                           "format": fmt["bad"]})


def _problem_sheet(wb, fmt, result: Run) -> None:
    ws = wb.add_worksheet("问题清单")
    p = fr.problems(result)
    p["outcome_label"] = p["outcome"].map(fr.OUTCOME_LABELS)
    cols = _problem_columns("handlers" in p.columns) + ([PACK_HEADER] if "pack" in p else [])
    write_frame(ws, fmt, p, cols)
    if len(p):
        o = [k for _, k, _ in cols].index("outcome_label")
        ws.conditional_format(1, o, len(p), o, {"type": "cell", "criteria": "==",
                                                "value": f'"{fr.OUTCOME_LABELS["fail"]}"', "format": fmt["bad"]})
        ws.conditional_format(1, o, len(p), o, {"type": "cell", "criteria": "==",
                                                "value": f'"{fr.OUTCOME_LABELS["unknown"]}"', "format": fmt["warn"]})


def _due_sheet(wb, fmt, result: Run) -> None:
    ws = wb.add_worksheet("预警")
    due = fr.due_list(result)
    cols = [(label, key, "int" if key in NUMBER_COLUMNS else "text") for key, label in LABELS.items()]
    write_frame(ws, fmt, pd.DataFrame(columns=list(LABELS)) if due is None else due, cols)
    if due is None:
        ws.write_string(1, 0, "本结果目录没有预警清单（due.csv，由较早版本生成时没有）；重新评查即可得到。")
        return
    if len(due):
        s = [k for _, k, _ in cols].index("status")
        for late in LATE:
            ws.conditional_format(1, s, len(due), s, {"type": "cell", "criteria": "==", "value": f'"{late}"',
                                                      "format": fmt["bad"]})
        ws.conditional_format(1, s, len(due), s, {"type": "cell", "criteria": "==", "value": f'"{UNKNOWN}"',
                                                  "format": fmt["warn"]})


def _reject_sheet(wb, fmt, result: Run) -> None:
    ws = wb.add_worksheet("数据问题")
    write_frame(ws, fmt, result.rejects, _reject_columns(result.rejects))


def _after_as_of_sheet(wb, fmt, result: Run) -> None:
    """Records set apart as after the as-of date (not data problems): after_as_of.csv."""
    ws = wb.add_worksheet("评查日后记录")
    labels = {"table": "表", "row": "行号", "record_id": "记录编号", "case_id": "案件编号", "column": "列",
              "value": "日期", "reason": "说明"}
    after = result.after_as_of
    frame = pd.DataFrame(columns=list(labels)) if after is None else after
    write_frame(ws, fmt, frame, [(labels.get(c, c), c, "text") for c in frame.columns])
    if after is None:
        ws.write_string(1, 0, "本结果没有评查日后记录清单（after_as_of.csv）；计数见汇总表。")


# --- writing -------------------------------------------------------------------------------------

def cell_formats(wb) -> dict:
    """The named cell formats every sheet uses: header, rate, score, bad, warn."""
    return {"header": wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "valign": "vcenter"}),
            "rate": wb.add_format({"num_format": "0.0%"}), "score": wb.add_format({"num_format": "0.##"}),
            "bad": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
            "warn": wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})}


def grade_colors(n: int, palette=GRADE_COLORS) -> list[str]:
    """Best grade green, the worst red, those between blue then yellow."""
    return [palette[-1] if i == n - 1 else palette[min(i, len(palette) - 2)] for i in range(n)]


def write_header(ws, fmt, headers: list[str]) -> None:
    """Row 0: the headers, neutralised, in the header format."""
    for j, h in enumerate(headers):
        ws.write_string(0, j, neutralise(h), fmt["header"])


def write_frame(ws, fmt, frame: pd.DataFrame, cols: list[tuple[str, str, str]]) -> None:
    """One table: header row, a typed cell per (header, key, kind) column and row, then `finish_sheet`."""
    write_header(ws, fmt, [h for h, _, _ in cols])
    widths = [[h] for h, _, _ in cols]
    for j, (_, key, kind) in enumerate(cols):
        values = frame[key].tolist() if key in frame.columns else [None] * len(frame)
        for i, v in enumerate(values, start=1):
            shown = write_cell(ws, fmt, i, j, v, kind)
            if i <= 2000:                      # width from the first rows is enough
                widths[j].append(shown)
    finish_sheet(ws, widths, len(frame), len(cols))


def write_cell(ws, fmt, row: int, col: int, value, kind: str) -> str:
    """Write one typed cell; returns the text shown, for the column width."""
    if kind == "bool":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        shown = YES if bool(value) else NO
        ws.write_string(row, col, shown)
        return shown
    if kind in ("int", "number", "score", "rate"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if math.isnan(number) or math.isinf(number):
            if fr.text(value):
                ws.write_string(row, col, neutralise(fr.text(value)))
            return fr.text(value)
        f = fmt["rate"] if kind == "rate" else fmt["score"] if kind == "score" else None
        ws.write_number(row, col, number, f)
        return f"{number:.1%}" if kind == "rate" else f"{number:g}"
    shown = neutralise(fr.text(value))[:32767]
    if shown:
        ws.write_string(row, col, shown)
    return shown


def finish_sheet(ws, widths: list[list[str]], nrows: int, ncols: int) -> None:
    """Frozen header row, an autofilter over the table, columns as wide as their (CJK-aware) text."""
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(nrows, 1), max(ncols - 1, 0))
    for j, texts in enumerate(widths):
        w = max((display_width(t) for t in texts), default=MIN_WIDTH)
        ws.set_column(j, j, min(MAX_WIDTH, max(MIN_WIDTH, w + 2)))


def display_width(text: str) -> int:
    """Columns a text needs: a wide (CJK) character counts 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in str(text))
