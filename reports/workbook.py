"""The review workbook 评查结果.xlsx: 汇总, 单位 (with a chart), 单位得分排名 (packs with grading sections), 案卷, 问题清单, 预警, 数据问题, 评查日后记录 — formula-safe.

Byte-identical for the same run: the document's creation time is the run's as-of date. Every sheet prints on
landscape A4, one page wide (reports.xlsx_print); what a person reads is in Chinese (reports.labels)."""
from __future__ import annotations

import math
import os
import unicodedata
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter

from casereview.engine.run.aggregate import RANKING_RULE
from casereview.engine.run.due import LATE, UNKNOWN
from casereview.engine.run.result import Run
from casereview.reports import from_run as fr
from casereview.reports.due_output import LABELS, NUMBER_COLUMNS
from casereview.reports.labels import column_label, engine_label, plain, plain_column, table_label
from casereview.reports.background import Background
from casereview.reports.csv_file import write_csv
from casereview.reports.safe import neutralise, neutralise_text
from casereview.reports.xlsx_print import only_types, page_setup, row_heights, text_units, text_units_each
from casereview.reports.xlsx_deflate import deflate_fast
from casereview.reports.xlsx_rows import BLANK, NUMBER, STRING, Column, can_put, put_rows
from casereview.reports.xlsx_sst import write_sst_fast

deflate_fast()      # this and every other workbook written here: zlib level 1 (reports.xlsx_deflate)
write_sst_fast()    # ... and its shared strings written a block at a time (reports.xlsx_sst)

WORKBOOK_NAME = "评查结果.xlsx"
RATE_ALERT = 0.8            # rates below this are highlighted red
MAX_WIDTH, MIN_WIDTH = 60, 6
CELL_BORDER = "#BFBFBF"
TEXT_WIDTH, LONG_WIDTH = 30, 44     # print widths: a text column (kind text) or a long one (kind long) wraps beyond
DOCUMENT_TITLE = "案卷评查结果"
GRADE_COLORS = ("#C6EFCE", "#DDEBF7", "#FFEB9C", "#FFC7CE")   # best grade first; the rest reuse the last
YES, NO = "是", "否"
REPORT_ROWS = 100_000       # above this many cases, the 案卷, 问题清单 and 预警 sheets show their first LISTED_ROWS rows
LISTED_ROWS = 10_000        # ... and the whole problem list goes to PROBLEMS_CSV beside the workbook
PROBLEMS_CSV = "问题清单.csv"
SHEET_ROWS = 1_048_575      # Excel's 1,048,576 rows less the header: longer lists go on in further sheets


def workbook_writer(result: Run, folder: Path) -> Path:
    """Extra writer for reports.run_folder.write_run: 评查结果.xlsx in the run folder, and in a run of more than
    REPORT_ROWS cases the whole problem list as 问题清单.csv (it opens in Excel and WPS), written in a thread beside
    the workbook."""
    problems = _problem_rows(result)
    listing = Background(write_csv, problem_table(problems), Path(folder) / PROBLEMS_CSV) if big_run(result) else None
    try:
        return write_workbook(result, Path(folder) / WORKBOOK_NAME, problems)
    finally:
        if listing is not None:
            listing.wait()


def big_run(result: Run) -> bool:
    """More cases than a person reads row by row: the sheets show the first rows, the CSV files the rest."""
    return len(result.cases) > REPORT_ROWS


def write_workbook(result: Run, path: Path, problems: pd.DataFrame | None = None) -> Path:
    """Write the workbook to a temporary name beside `path`, then move it into place (`problems`: the 问题清单
    rows, when the caller has them already)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False, "nan_inf_to_errors": False})
    try:
        wb.set_properties({"created": _created(result)})
        fmt = cell_formats(wb)
        fmt["run_label"] = run_label(result)
        _summary_sheet(wb, fmt, result)
        _unit_sheet(wb, fmt, result)
        _unit_score_sheet(wb, fmt, result)
        _case_sheet(wb, fmt, result)
        _problem_sheet(wb, fmt, result, _problem_rows(result) if problems is None else problems)
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


def run_label(info_or_run) -> str:
    """The run as a printed page names it: pack and version, as-of date, input digest."""
    info = info_or_run.info if isinstance(info_or_run, Run) else info_or_run
    pack = info.get("pack", {})
    digest = fr.text(info.get("input", {}).get("digest"))[:12]
    parts = [f"{fr.text(pack.get('title'))} {fr.text(pack.get('version'))}".strip(),
             f"评查日 {fr.text(info.get('as_of'))}", f"输入摘要 {digest}" if digest else ""]
    return "；".join(p for p in parts if p)


def new_sheet(wb, fmt, name: str, header_rows: int = 1):
    """A worksheet set up for printing (landscape A4, one page wide, header and footer naming the run)."""
    ws = wb.add_worksheet(name)
    page_setup(ws, title=fmt.get("title", DOCUMENT_TITLE), run_label=fmt.get("run_label", ""),
               header_rows=header_rows)
    return ws


PACK_HEADER = ("规则包", "pack", "text")      # only in runs whose units were judged by several pack chains


# --- columns: (header, key, kind); kind is text, int, number, score, rate or bool ---------------

def _case_columns() -> list[tuple[str, str, str]]:
    return [("案件编号", "case_id", "text"), ("办案单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("执法类别", "case_type", "text"), ("得分", "score", "score"), ("等级", "grade", "text"),
            ("否决", "vetoed", "bool"), ("待核实", "needs_check", "bool"), ("扣分", "deductions", "score"),
            ("不合规规则", "failed_rules", "long"), ("无法判定规则", "unknown_rules", "long")]


def _problem_columns(with_handlers: bool) -> list[tuple[str, str, str]]:
    cols = [("案件编号", "case_id", "text"), ("办案单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("规则编号", "rule_id", "text"), ("规则名称", "title", "text"), ("制度", "system", "text"),
            ("结论", "outcome_label", "text"), ("严重程度", "severity", "text"), ("扣分", "deduction", "score"),
            ("理由", "reason", "long"), ("证据", "evidence", "long"), ("依据", "basis", "long")]
    if with_handlers:
        cols.append(("承办人", "handlers", "text"))
    return cols


REJECT_LABELS = {"table": "表", "row": "行号", "record_id": "记录编号", "column": "列", "value": "值",
                 "error": "问题", "case_id": "案件编号", "scope": "影响范围"}
SCOPE_LABELS = {"record": "整条记录", "value": "该取值"}
AFTER_AS_OF_LABELS = {"table": "表", "row": "行号", "record_id": "记录编号", "case_id": "案件编号", "column": "列",
                      "value": "日期", "reason": "说明"}
_LONG = ("error", "reason", "value")


def _reject_columns(frame: pd.DataFrame, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    keys = [c for c in frame.columns if c in labels] or list(labels)
    return [(labels[c], c, "long" if c in _LONG else "text") for c in keys]


def own_headers(result) -> dict:
    """table → column → the header the input used for it, where not the standard one (run.json)."""
    return (result.info.get("input") or {}).get("own_headers") or {}


def for_people(frame: pd.DataFrame, own_headers: dict | None = None) -> pd.DataFrame:
    """A rejects or after-as-of list as people read it: tables and columns by their Chinese names (the input's
    own header where it had one: run.json input.own_headers), messages without field ids, the scope of a reject
    in words (the CSV keeps the stable codes)."""
    out = frame.copy()
    own = own_headers or {}
    if "column" in out and "table" in out:
        out["column"] = [own.get(t, {}).get(c) or column_label(t, c) for t, c in zip(out["table"], out["column"])]
    if "table" in out:
        out["table"] = out["table"].map(table_label)
    for key in ("error", "reason"):
        if key in out:
            out[key] = plain_column(out[key])
    if "scope" in out:
        out["scope"] = out["scope"].map(lambda s: SCOPE_LABELS.get(s, s))
    return out


# --- sheets --------------------------------------------------------------------------------------

def _summary_sheet(wb, fmt, result: Run) -> None:
    ws = new_sheet(wb, fmt, "汇总")
    warnings = [("输入警告", plain(w)) for w in fr.input_warnings(result)]
    warnings += [("说明", note) for note in [size_note(result)] if note]
    rows = pd.DataFrame(warnings + people_headline(result), columns=["item", "value"])
    kinds = ["int" if isinstance(v, int) else "number" if isinstance(v, float) else "text" for v in rows["value"]]
    write_header(ws, fmt, ["项目", "数值"])
    for i, (item, value, kind) in enumerate(zip(rows["item"], rows["value"], kinds), start=1):
        write_cell(ws, fmt, i, 0, item, "text")
        write_cell(ws, fmt, i, 1, value, kind)
    finish_sheet(ws, [["项目", *rows["item"]], ["数值", *map(fr.text, rows["value"])]], len(rows), 2,
                 kinds=["text", "long"], fmt=fmt)


def people_headline(result: Run) -> list[tuple[str, object]]:
    """fr.headline with the engine named as people know it."""
    return [(k, engine_label(v) if k == "引擎" else v) for k, v in fr.headline(result)]


def _unit_sheet(wb, fmt, result: Run) -> None:
    ws = new_sheet(wb, fmt, "单位")
    table = fr.unit_summary(result)
    grades, systems = fr.grade_order(result), fr.systems(result)
    cols = [("排名", "rank", "int"), ("单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("案件数", "cases", "int"), ("平均分", "avg_score", "score")]
    cols += [(g, f"grade:{g}", "int") for g in grades]
    cols += [("否决", "vetoed", "int"), ("待核实", "needs_check", "int")]
    cols += [(f"{s}合规率", f"rate:{s}", "rate") for s in systems]
    cols += [("总体合规率", "rate", "rate"), ("合规项", "pass", "int"), ("不合规项", "fail", "int"),
             ("无法判定项", "unknown", "int"), ("单位级问题", "unit_problems", "long")]
    write_frame(ws, fmt, table, cols)
    ws.write_string(len(table) + 2, 0, f"排名规则：{fr.RATE_RANKING_RULE}")
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
        ws.insert_chart(n + 4, 1, chart)


def _unit_score_sheet(wb, fmt, result: Run) -> None:
    """单位得分排名, only for packs with grading sections: the ranked unit scores, then the ranking rule."""
    table = fr.unit_score_table(result)
    if table is None:
        return
    ws = new_sheet(wb, fmt, "单位得分排名")
    cols = [("排名", "rank", "int"), ("单位编码", "unit_id", "text"), ("单位名称", "unit_name", "text"),
            ("已评查案卷数", "cases", "int"), ("否决案卷数", "vetoed", "int"), ("单位得分", "score", "score")]
    write_frame(ws, fmt, table, cols)
    ws.write_string(len(table) + 2, 0, f"排名规则：{RANKING_RULE}")


def _case_sheet(wb, fmt, result: Run) -> None:
    cases = listed_cases(result).copy()
    cases["unit_name"] = cases["unit_id"].map(fr.unit_names(result))
    cols = _case_columns()
    at = [k for _, k, _ in cols].index("deductions") + 1
    cols[at:at] = [(f"{title}得分", col, "score") for title, col in fr.section_columns(result)]
    cols += [PACK_HEADER] if "pack" in cases else []     # judged by several pack chains
    for ws, n in frame_sheets(wb, fmt, "案卷", cases, cols):
        _case_formats(wb, fmt, result, ws, n, cols)


def listed_cases(result: Run) -> pd.DataFrame:
    """The cases the 案卷 sheet lists: all of them, or in a big run the first LISTED_ROWS of those with a failed
    or unknown rule (all cases are in cases.csv)."""
    cases = result.cases
    if not big_run(result):
        return cases
    return _with_problem(cases).head(LISTED_ROWS)


def _with_problem(cases: pd.DataFrame) -> pd.DataFrame:
    return cases[(cases["failed_rules"].fillna("") != "") | (cases["unknown_rules"].fillna("") != "")]


def size_note(result: Run) -> str | None:
    """What a big run's workbook leaves out, and where to find it; None when it lists every row."""
    if not big_run(result):
        return None
    n, flagged = len(result.cases), len(_with_problem(result.cases))
    shown = min(LISTED_ROWS, fr.problem_count(result))
    return (f"本次评查案卷 {n:,} 件，超过 {REPORT_ROWS:,} 件，逐行清单不放进工作簿：「案卷」表只列出有不合规或无法判定"
            f"评查项的 {flagged:,} 件中的前 {min(LISTED_ROWS, flagged):,} 件，全部案卷见 cases.csv；「问题清单」表只列出前 "
            f"{shown:,} 条，全部 {fr.problem_count(result):,} 条不合规和无法判定的评查项见同一目录的 {PROBLEMS_CSV}"
            f"（列与本表相同，可用 Excel、WPS 打开）；全部评查结论（含合规、不适用）见 findings.csv。{_due_note(result)}")


def _due_note(result: Run) -> str:
    """What a big run's 预警 sheet leaves out: '' when it lists every item."""
    n = 0 if result.due is None else len(result.due)
    if n <= LISTED_ROWS:
        return ""
    return f"「预警」表只列出最紧迫的前 {LISTED_ROWS:,} 项，全部 {n:,} 项见 due.csv。"


def _case_formats(wb, fmt, result: Run, ws, n: int, cols) -> None:
    """Grades in their colours, vetoed cases red."""
    if n:
        g = [k for _, k, _ in cols].index("grade")
        for name, color in zip(fr.grade_order(result), grade_colors(len(fr.grade_order(result)))):
            ws.conditional_format(1, g, n, g, {"type": "cell", "criteria": "==", "value": f'"{name}"',
                                               "format": wb.add_format({"bg_color": color})})
        v = [k for _, k, _ in cols].index("vetoed")
        ws.conditional_format(1, v, n, v, {"type": "cell", "criteria": "==", "value": f'"{YES}"',
                                           "format": fmt["bad"]})


def _problem_sheet(wb, fmt, result: Run, p: pd.DataFrame) -> None:
    if big_run(result):
        p = p.head(LISTED_ROWS)
    cols = problem_sheet_columns(p)
    o = [k for _, k, _ in cols].index("outcome_label")
    for ws, n in frame_sheets(wb, fmt, "问题清单", p, cols):
        if n:
            ws.conditional_format(1, o, n, o, {"type": "cell", "criteria": "==",
                                               "value": f'"{fr.OUTCOME_LABELS["fail"]}"', "format": fmt["bad"]})
            ws.conditional_format(1, o, n, o, {"type": "cell", "criteria": "==",
                                               "value": f'"{fr.OUTCOME_LABELS["unknown"]}"', "format": fmt["warn"]})


def _problem_rows(result: Run) -> pd.DataFrame:
    p = fr.problems(result)
    p["outcome_label"] = p["outcome"].map(fr.OUTCOME_LABELS)
    p["reason"] = plain_column(p["reason"])
    return p


def problem_sheet_columns(p: pd.DataFrame) -> list[tuple[str, str, str]]:
    return _problem_columns("handlers" in p.columns) + ([PACK_HEADER] if "pack" in p else [])


def problem_table(p: pd.DataFrame) -> pd.DataFrame:
    """The 问题清单 sheet's rows (`_problem_rows`) and columns (Chinese headers) as one table, for PROBLEMS_CSV."""
    cols = problem_sheet_columns(p)
    return pd.DataFrame({h: p[k].reset_index(drop=True) if k in p else None for h, k, _ in cols})


def _due_sheet(wb, fmt, result: Run) -> None:
    ws = new_sheet(wb, fmt, "预警")
    due = fr.due_list(result)
    if due is not None and big_run(result):
        due = due.head(LISTED_ROWS)         # the most urgent first; all of them are in due.csv
    cols = [(label, key, "int" if key in NUMBER_COLUMNS else "long" if key in ("note", "rule_title") else "text")
            for key, label in LABELS.items()]
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
    ws = new_sheet(wb, fmt, "数据问题")
    write_frame(ws, fmt, for_people(result.rejects, own_headers(result)), _reject_columns(result.rejects, REJECT_LABELS))


def _after_as_of_sheet(wb, fmt, result: Run) -> None:
    """Records set apart as after the as-of date (not data problems): after_as_of.csv."""
    ws = new_sheet(wb, fmt, "评查日后记录")
    after = result.after_as_of
    frame = pd.DataFrame(columns=list(AFTER_AS_OF_LABELS)) if after is None else after
    write_frame(ws, fmt, for_people(frame, own_headers(result)), _reject_columns(frame, AFTER_AS_OF_LABELS))
    if after is None:
        ws.write_string(1, 0, "本结果没有评查日后记录清单（after_as_of.csv）；计数见汇总表。")


# --- writing -------------------------------------------------------------------------------------

def cell_formats(wb) -> dict:
    """The named cell formats every sheet uses: header, rate, score, bad, warn."""
    cell = {"border": 1, "border_color": CELL_BORDER, "valign": "top"}     # printed: no gridlines needed
    return {"header": wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "valign": "vcenter",
                                     "text_wrap": True}),
            "text": wb.add_format({**cell, "text_wrap": True}), "number": wb.add_format(cell),
            "rate": wb.add_format({**cell, "num_format": "0.0%"}),
            "score": wb.add_format({**cell, "num_format": "0.##"}),
            "bad": wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
            "warn": wb.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700"})}


def grade_colors(n: int, palette=GRADE_COLORS) -> list[str]:
    """Best grade green, the worst red, those between blue then yellow."""
    return [palette[-1] if i == n - 1 else palette[min(i, len(palette) - 2)] for i in range(n)]


def write_header(ws, fmt, headers: list[str]) -> None:
    """Row 0: the headers, neutralised, in the header format."""
    for j, h in enumerate(headers):
        ws.write_string(0, j, neutralise(h), fmt["header"])


def frame_sheets(wb, fmt, name: str, frame: pd.DataFrame, cols: list[tuple[str, str, str]]):
    """`frame` written in sheets of at most SHEET_ROWS rows (name, then name（续2）, name（续3）…): each sheet and
    its row count in turn."""
    for k, lo in enumerate(range(0, max(len(frame), 1), SHEET_ROWS)):
        ws = new_sheet(wb, fmt, name if k == 0 else f"{name}（续{k + 1}）")
        part = frame.iloc[lo:lo + SHEET_ROWS]
        write_frame(ws, fmt, part, cols)
        yield ws, len(part)


def write_frame(ws, fmt, frame: pd.DataFrame, cols: list[tuple[str, str, str]]) -> None:
    """One table: header row, a typed cell per (header, key, kind) column and row, then `finish_sheet`."""
    write_header(ws, fmt, [h for h, _, _ in cols])
    texts, columns = [], []
    for _, key, kind in cols:
        values = frame[key].tolist() if key in frame.columns else [None] * len(frame)
        column, shown = frame_column(values, kind, fmt)
        columns.append(column)
        texts.append(shown)
    if can_put(columns):
        put_rows(ws, 1, columns)
    else:
        for j, (_, key, kind) in enumerate(cols):
            values = frame[key].tolist() if key in frame.columns else [None] * len(frame)
            for i, v in enumerate(values, start=1):
                write_cell(ws, fmt, i, j, v, kind)
    texts = [[h, *shown] for (h, _, _), shown in zip(cols, texts)]
    finish_sheet(ws, texts, len(frame), len(cols), kinds=[k for _, _, k in cols], fmt=fmt)


def frame_column(values: list, kind: str, fmt: dict) -> tuple[Column, list[str]]:
    """A column's cells as write_cell writes them (for reports.xlsx_rows.put_rows), and the text each shows."""
    formats = [fmt.get("text"), _number_format(fmt, kind)]
    cells = _numeric_cells(values, kind) if kind in NUMERIC_KINDS else _bool_cells(values) if kind == "bool" \
        else _text_cells(values)
    if cells is None:
        one_by_one = [cell_of(v, kind) for v in values]
        types = np.fromiter((t for t, _, _, _ in one_by_one), dtype=np.int8, count=len(one_by_one))
        numeric = np.fromiter((n for _, _, n, _ in one_by_one), dtype=bool, count=len(one_by_one))
        cells = (types, numeric.astype(np.int8), [v for t, v, _, _ in one_by_one if t == STRING],
                 [v for t, v, _, _ in one_by_one if t == NUMBER], [s for _, _, _, s in one_by_one])
    types, codes, strings, numbers, shown = cells
    return Column(types, codes, formats, strings, numbers), shown


NUMERIC_KINDS = ("int", "number", "score", "rate")


def _text_cells(values: list):
    """cell_of a text column at once when its values are text or missing (None, NaN); None otherwise."""
    try:
        text = pa.array(values, pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    text = neutralise_text(text)
    if len(text) and (pc.max(pc.utf8_length(text)).as_py() or 0) > 32767:
        text = pc.utf8_slice_codeunits(text, 0, 32767)
    shown = pc.fill_null(text, "").to_pylist()
    filled = pc.greater(pc.fill_null(pc.binary_length(text), 0), 0).to_numpy(zero_copy_only=False)
    types = np.where(filled, STRING, BLANK).astype(np.int8)
    return types, np.zeros(len(shown), np.int8), [v for v in shown if v], [], shown


def _bool_cells(values: list):
    """cell_of a yes/no column at once when its values are True, False or None; None otherwise."""
    if not only_types(values, {bool, type(None)}):
        return None
    flags = pd.array(values, dtype="boolean")
    filled = ~flags.isna()
    shown = np.where(filled, np.where(flags.fillna(False).to_numpy(bool), YES, NO), "").astype(object).tolist()
    types = np.where(filled, STRING, BLANK).astype(np.int8)
    return types, np.zeros(len(shown), np.int8), [v for v in shown if v], [], shown


def _numeric_cells(values: list, kind: str):
    """cell_of a number column at once when its values are finite numbers or missing (None, NaN), each
    distinct number formatted once; None otherwise."""
    if not only_types(values, {float, int, type(None)}):
        return None
    numbers = np.array(values, dtype=np.float64).reshape(len(values))
    if np.isinf(numbers).any():
        return None
    finite = ~np.isnan(numbers)
    codes, bits = pd.factorize(numbers[finite].view(np.int64))      # by bit pattern: -0.0 stays "-0"
    distinct = bits.astype(np.int64).view(np.float64).tolist()
    formatted = [f"{v:.1%}" if kind == "rate" else f"{v:g}" for v in distinct]
    shown = np.full(len(values), "", dtype=object)
    shown[finite] = np.array(formatted, dtype=object)[codes] if len(distinct) else []
    types = np.where(finite, NUMBER, BLANK).astype(np.int8)
    return types, finite.astype(np.int8), [], numbers[finite].tolist(), shown.tolist()


def _number_format(fmt: dict, kind: str):
    return fmt["rate"] if kind == "rate" else fmt["score"] if kind == "score" else fmt.get("number")


def write_cell(ws, fmt, row: int, col: int, value, kind: str) -> str:
    """Write one typed cell (bordered, top-aligned, text wrapping in its column); returns the text shown."""
    cell_type, payload, numeric, shown = cell_of(value, kind)
    if cell_type == NUMBER:
        ws.write_number(row, col, payload, _number_format(fmt, kind))
    elif cell_type == STRING:
        ws.write_string(row, col, payload, fmt.get("text"))
    else:
        ws.write_blank(row, col, None, fmt.get("text"))
    return shown


def cell_of(value, kind: str) -> tuple[int, object, bool, str]:
    """How write_cell writes `value` as a cell of `kind`: (BLANK, STRING or NUMBER; the string or number; whether
    in the number format; the text shown)."""
    if kind == "bool":
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return BLANK, None, False, ""
        shown = YES if bool(value) else NO
        return STRING, shown, False, shown
    if kind in ("int", "number", "score", "rate"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if math.isnan(number) or math.isinf(number):
            text = fr.text(value)
            return (STRING, neutralise(text), False, text) if text else (BLANK, None, False, text)
        return NUMBER, number, True, f"{number:.1%}" if kind == "rate" else f"{number:g}"
    shown = neutralise(fr.text(value))[:32767]
    return (STRING, shown, False, shown) if shown else (BLANK, None, False, shown)


def finish_sheet(ws, texts: list[list[str]], nrows: int, ncols: int, kinds: list[str] | None = None,
                 fmt: dict | None = None) -> None:
    """Frozen header row, an autofilter over the table, columns as wide as their (CJK-aware) text up to the
    print width of their kind (text, long); with `fmt`, each row is as tall as the text wrapping in its cells
    needs. `texts`: per column, the header then the text shown in each row."""
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(nrows, 1), max(ncols - 1, 0))
    kinds = kinds or ["text"] * len(texts)
    widths, wrapped = [], []
    for j, (col, kind) in enumerate(zip(texts, kinds)):
        w = max((display_width(t) for t in set(col[:2001])), default=MIN_WIDTH)     # the first rows are enough
        cap = LONG_WIDTH if kind == "long" else TEXT_WIDTH if kind in ("text", "bool") else MAX_WIDTH
        width = min(cap, MAX_WIDTH, max(MIN_WIDTH, w + 2))
        wrap = fmt is not None and (kind == "long" or _any_wider(col[1:], width))
        ws.set_column(j, j, width)
        widths.append(width)
        wrapped.append(wrap)
    if fmt is not None:
        row_heights(ws, texts, widths, wrapped, first_row=0)


def _any_wider(texts: list[str], width: int) -> bool:
    """Whether a text of the column needs more than `width` (with its margin of 2)."""
    if not only_types(texts, {str}):
        return any(text_units(t) + 2 > width for t in texts)
    return bool((text_units_each(texts) + 2 > width).any())


def display_width(text: str) -> int:
    """Columns a text needs: a wide (CJK) character counts 2, others 1."""
    text = str(text)
    return len(text) if text.isascii() else sum(map(_CHAR_WIDTHS.__getitem__, text))


class _CharWidths(dict):
    """Columns each character takes (2 if East Asian wide or fullwidth), looked up once per character met."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        return width


_CHAR_WIDTHS = _CharWidths()
