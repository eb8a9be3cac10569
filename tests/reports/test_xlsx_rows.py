"""Tables put into a sheet a block at a time (reports.xlsx_rows) give the bytes of cell-by-cell writes, and the
column-at-once helpers behind the reports agree with hand-worked values."""
from __future__ import annotations

import math
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import xlsxwriter

from casereview.engine.run.result import Run
from casereview.reports import from_run as fr
from casereview.reports.workbook import (cell_formats, finish_sheet, new_sheet, write_cell, write_frame,
                                         write_header)
from casereview.reports.xlsx_print import lines_each
from casereview.reports.xlsx_rows import checked_release

COLS = [("编号", "id", "text"), ("说明", "note", "long"), ("得分", "score", "score"), ("合规率", "rate", "rate"),
        ("件数", "n", "int"), ("否决", "veto", "bool")]
FRAME = pd.DataFrame({
    "id": ["A1", "=1+1", "", None, "案件三"],
    "note": ["短", "第一行\n第二行", "很长的说明" * 12, np.nan, "-x"],
    "score": [85.0, -0.0, np.nan, 100.0, 72.5],
    "rate": [0.5, 1.0, np.nan, 0.25, 0.0],
    "n": [3, 0, 12, 7, 1],
    "veto": [True, False, None, True, False],
})


def _book(path, put: bool) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "nan_inf_to_errors": False})
    wb.set_properties({"created": pd.Timestamp("2026-11-20").to_pydatetime()})
    fmt = cell_formats(wb)
    ws = new_sheet(wb, fmt, "表")
    if put:
        write_frame(ws, fmt, FRAME, COLS)
    else:       # what write_frame did before: every cell on its own
        write_header(ws, fmt, [h for h, _, _ in COLS])
        texts = [[h] for h, _, _ in COLS]
        for j, (_, key, kind) in enumerate(COLS):
            texts[j] += [write_cell(ws, fmt, i, j, v, kind) for i, v in enumerate(FRAME[key].tolist(), start=1)]
        finish_sheet(ws, texts, len(FRAME), len(COLS), kinds=[k for _, _, k in COLS], fmt=fmt)
    ws.write_string(len(FRAME) + 2, 0, "表下的说明")
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"categories": ["表", 1, 0, len(FRAME), 0], "values": ["表", 1, 2, len(FRAME), 2]})
    ws.insert_chart(len(FRAME) + 4, 1, chart)
    wb.close()


def test_put_rows_writes_the_bytes_of_cell_by_cell_writes(tmp_path):
    assert checked_release(), (f"xlsxwriter {xlsxwriter.__version__}: put_rows is not used with it; check these "
                               "bytes with it, then widen reports.xlsx_rows.CHECKED_RELEASES")
    _book(tmp_path / "put.xlsx", put=True)
    _book(tmp_path / "cells.xlsx", put=False)
    with zipfile.ZipFile(tmp_path / "put.xlsx") as a, zipfile.ZipFile(tmp_path / "cells.xlsx") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert (tmp_path / "put.xlsx").read_bytes() == (tmp_path / "cells.xlsx").read_bytes()


def test_put_rows_cells_read_back(tmp_path):
    _book(tmp_path / "put.xlsx", put=True)
    ws = openpyxl.load_workbook(tmp_path / "put.xlsx")["表"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("编号", "说明", "得分", "合规率", "件数", "否决")
    assert rows[1] == ("A1", "短", 85, 0.5, 3, "是")
    assert rows[2][:3] == ("'=1+1", "第一行\n第二行", 0)          # a formula start kept as text
    assert rows[3][0] is None and rows[3][2] is None and rows[3][5] is None     # "", NaN, None: blank cells
    assert rows[4][:2] == (None, None)
    assert rows[5][1] == "'-x"
    assert ws.cell(row=8, column=1).value == "表下的说明"
    # 60 CJK characters at 2.1 units in a long column (44 wide, 42.5 usable): 126 / 42.5 → 3 lines of 16 pt
    assert ws.row_dimensions[4].height == 48


def test_lines_each_as_worked_by_hand():
    # "abc": 3 units → 1 line; 20 CJK characters: 42 units in 8.5 usable → 5 lines; "a\nb": its own 2 lines;
    # "": 1 line
    assert lines_each(["abc", "汉" * 20, "a\nb", ""], 10).tolist() == [1, 5, 2, 1]


def test_numbers_read_back_as_pandas_types_them():
    whole = fr._numbers(pd.Series(["5", "10"], dtype="str"))
    assert whole.dtype == np.int64 and whole.tolist() == [5, 10]
    gaps = fr._numbers(pd.Series(["5", "", "-3"], dtype="str"))
    assert gaps.dtype == np.float64 and gaps.tolist()[0] == 5.0 and math.isnan(gaps[1]) and gaps[2] == -3.0
    halves = fr._numbers(pd.Series(["1.5", ""], dtype="str"))
    assert halves[0] == 1.5 and math.isnan(halves[1])


def test_handler_column_names_the_handlers_of_each_case():
    facts = pd.DataFrame({"case_id": ["C1", "C2", "C3"], "unit_id": ["U1"] * 3,
                          "handler_ids": ["P1、P2", "", "P2"]}, dtype="str")
    empty = pd.DataFrame()
    run = Run(empty, empty, empty, empty, empty, facts, empty, officer_names={"P1": "张三"})
    shown = fr.handler_column(run, pd.Series(["C3", "C1", "C9", "C2", "C1"], dtype="str"))
    assert shown.tolist() == ["P2", "张三（P1）、P2", "", "", "张三（P1）、P2"]


def test_handler_column_last_copy_of_a_case_wins_and_missing_handlers_show_empty():
    facts = pd.DataFrame({"case_id": ["C1", "C2", "C1"], "unit_id": ["U1"] * 3,
                          "handler_ids": ["P1", None, "P2、P3"]}, dtype="str")
    empty = pd.DataFrame()
    run = Run(empty, empty, empty, empty, empty, facts, empty, officer_names={"P3": "李四"})
    shown = fr.handler_column(run, pd.Series(["C2", "C1", "C7"], index=[5, 6, 7], dtype="str"))
    assert shown.tolist() == ["", "P2、李四（P3）", ""]
    assert shown.index.tolist() == [5, 6, 7]
    assert fr.handler_column(run, pd.Series([], dtype="str")).tolist() == []


def test_only_checked_xlsxwriter_releases_are_written_a_block_at_a_time():
    assert checked_release("3.3.1") and checked_release("3.9")
    assert not checked_release("3.2.0") and not checked_release("4.0.0") and not checked_release("dev")


def test_workbook_parts_are_deflated_at_level_one(tmp_path):
    """Each XML part holds exactly zlib level 1's raw deflate of its bytes (level 6, xlsxwriter's default,
    gives other sizes for these parts)."""
    import zlib
    from casereview.reports.xlsx_deflate import LEVEL
    from casereview.reports.xlsx_style import atomic_workbook
    path = tmp_path / "book.xlsx"
    with atomic_workbook(path, title="试") as (wb, fmt):
        ws = wb.add_worksheet("表")
        for r in range(300):
            ws.write_row(r, 0, [f"案件{r:05d}", "行政处罚决定书送达回证", r * 1.5])
    assert LEVEL == 1
    deflated = 0
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                continue
            data = z.read(info)
            level_1 = zlib.compressobj(1, zlib.DEFLATED, -15)
            assert info.compress_size == len(level_1.compress(data) + level_1.flush()), info.filename
            deflated += 1
    assert deflated >= 5


def test_joined_text_of_either_offset_width():
    from casereview.reports.xlsx_rows import joined_text
    for kind in (pa.string(), pa.large_string()):
        texts = pa.array(["ab", "", "案c", "d"], kind)
        assert joined_text(texts) == "ab案cd" and joined_text(texts.slice(1, 2)) == "案c"
        assert joined_text(texts.slice(1, 1)) == "" and joined_text(pa.array(["", ""], kind)) == ""
        assert joined_text(pa.array([], kind)) == ""
