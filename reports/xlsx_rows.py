"""A block of table rows put into an xlsxwriter worksheet at once: the bytes xlsxwriter writes cell by cell.

xlsxwriter keeps each cell as a Python object and renders it through several calls when the workbook closes;
for a sheet of 100,000 rows that is most of a review's report time. `put_rows` instead takes whole columns
(each cell a shared string, a number or a blank, with its format), enters the strings in the workbook's shared
string table in the order single writes would (header first, then column by column), and renders the block's
`<row>` elements when the sheet is written: the same XML, the same shared-string and style indices, in the same
order. The worksheet's other cells (the header row, a note below the table) are written as xlsxwriter writes
them.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from types import MethodType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import CellBlankTuple, CellNumberTuple, CellStringTuple

from casereview.reports.csv_file import text_data

BLANK, STRING, NUMBER = 0, 1, 2
# The worksheet internals put_rows fills in are xlsxwriter's own; they were checked byte for byte on 3.3.1
# (tests/reports/test_xlsx_rows.py checks the installed version). Other releases go cell by cell.
CHECKED_RELEASES = ((3, 3), (4, 0))     # from, before
LONGEST_PLAIN = 32767 // 2      # longer strings may need xlsxwriter's UTF-16 cut: those sheets go cell by cell


@dataclass
class Column:
    """One column of a block: per cell its type (BLANK, STRING, NUMBER) and format code (an index into
    `formats`), and the strings (of STRING cells, in row order) and numbers (of NUMBER cells)."""
    types: np.ndarray
    format_codes: np.ndarray
    formats: list
    strings: list[str]
    numbers: list[float]


def checked_release(version: str = xlsxwriter.__version__) -> bool:
    """Whether this xlsxwriter release is one put_rows was checked on."""
    try:
        release = tuple(int(p) for p in version.split(".")[:2])
    except ValueError:
        return False
    return CHECKED_RELEASES[0] <= release < CHECKED_RELEASES[1]


def can_put(columns: list[Column]) -> bool:
    """Whether put_rows writes these bytes exactly: a checked xlsxwriter release, no string xlsxwriter would
    cut, no blank cell without a format (xlsxwriter leaves those out)."""
    if not checked_release():
        return False
    return all(max(map(len, c.strings), default=0) <= LONGEST_PLAIN for c in columns) and not any(
        c.formats[k] is None and (c.types[c.format_codes == k] == BLANK).any() for c in columns
        for k in range(len(c.formats)))


def put_rows(ws, first_row: int, columns: list[Column]) -> None:
    """Cells of rows first_row… in columns 0…len(columns)-1, as write_string / write_number / write_blank of each
    cell in column order would leave them."""
    n = len(columns[0].types) if columns else 0
    if not n:
        return
    sst = ws.str_table
    indices = []
    for col in columns:
        indices.append(_string_ids(sst, col.strings))
    ws._check_dimensions(first_row, 0)
    ws._check_dimensions(first_row + n - 1, len(columns) - 1)
    blocks = ws.__dict__.setdefault("_put_blocks", [])
    blocks.append((first_row, n, columns, indices))
    if len(blocks) == 1:
        ws._write_rows = MethodType(_write_rows, ws)
        ws._get_range_data = MethodType(_get_range_data, ws)


def _string_ids(sst, strings: list[str]) -> list[int]:
    """Each string's index in the shared string table, new ones added in the order of their first use (as
    write_string one by one adds them): each distinct string looked up once."""
    if not strings:
        return []
    codes, distinct = pd.factorize(np.array(strings, dtype=object))
    table, ids = sst.string_table, np.empty(len(distinct), dtype=np.int64)
    for k, s in enumerate(distinct.tolist()):
        i = table.get(s)
        if i is None:
            i = table[s] = sst.unique_count
            sst.unique_count += 1
        ids[k] = i
    sst.count += len(strings)
    return ids[codes].tolist()


def _get_range_data(ws, row_start, col_start, row_end, col_end):
    """Worksheet._get_range_data (a chart's cached values) with the put blocks' cells among the sheet's."""
    added = []
    for first, n, columns, indices in ws._put_blocks:
        for j, (col, ids) in enumerate(zip(columns, indices)):
            if not col_start <= j <= col_end:
                continue
            lo, hi = max(row_start, first), min(row_end, first + n - 1)
            if lo > hi:
                continue
            strings, numbers = _positions(col.types, STRING), _positions(col.types, NUMBER)
            for row in range(lo, hi + 1):
                i, f = row - first, col.formats[col.format_codes[row - first]]
                t = col.types[i]
                ws.table[row][j] = (CellStringTuple(ids[strings[i]], f) if t == STRING else
                                    CellNumberTuple(col.numbers[numbers[i]], f) if t == NUMBER else
                                    CellBlankTuple(f))
                added.append(row)
    try:
        return type(ws)._get_range_data(ws, row_start, col_start, row_end, col_end)
    finally:
        for row in added:
            ws.table.pop(row, None)


def _positions(types: np.ndarray, kind: int) -> np.ndarray:
    """For each cell, its position among the cells of `kind` (meaningful where types == kind)."""
    return np.cumsum(types == kind) - 1


def _write_rows(ws) -> None:
    """Worksheet._write_rows with the put blocks: every other row as xlsxwriter writes it."""
    ws._calculate_spans()
    blocks = {}
    for first, n, columns, indices in ws._put_blocks:
        _merge_spans(ws.row_spans, first, n, len(columns))
        blocks[first] = (n, columns, indices)
    row_num = ws.dim_rowmin
    while row_num <= ws.dim_rowmax:
        if row_num in blocks:
            n, columns, indices = blocks[row_num]
            _write_block(ws, row_num, n, columns, indices)
            row_num += n
            continue
        _write_one_row(ws, row_num)
        row_num += 1


def _merge_spans(spans: dict, first: int, n: int, ncols: int) -> None:
    for block in range(first // 16, (first + n - 1) // 16 + 1):
        lo, hi = 1, ncols
        if block in spans:
            a, b = spans[block].split(":")
            lo, hi = min(lo, int(a)), max(hi, int(b))
        spans[block] = f"{lo}:{hi}"


def _write_one_row(ws, row_num: int) -> None:
    """One row as Worksheet._write_rows writes it."""
    if not (row_num in ws.row_info or row_num in ws.comments or ws.table[row_num]):
        return
    span = ws.row_spans.get(int(row_num / 16))
    if ws.table[row_num]:
        ws._write_row(row_num, span, ws.row_info.get(row_num))
        for col_num in range(ws.dim_colmin, ws.dim_colmax + 1):
            if col_num in ws.table[row_num]:
                ws._write_cell(row_num, col_num, ws.table[row_num][col_num])
        ws._xml_end_tag("row")
    else:
        ws._write_empty_row(row_num, span, ws.row_info.get(row_num))


def _write_block(ws, first: int, n: int, columns: list[Column], indices: list[list[int]]) -> None:
    """The block's `<row>` elements, written ROWS_AT_ONCE at a time: each row's start tag as Worksheet._write_row
    writes it (rendered once per kind of row), then its cells."""
    _assign_style_indices(columns, n)
    rows = pc.cast(pa.array(np.arange(first + 1, first + n + 1, dtype=np.int64)), pa.string())
    cells = [_column_xml(j, rows, col, ids) for j, (col, ids) in enumerate(zip(columns, indices))]
    starts = _row_starts(ws, first, rows)
    for lo in range(0, n, ROWS_AT_ONCE):
        part = [c.slice(lo, ROWS_AT_ONCE) for c in (starts, *cells)]
        ws.fh.write(joined_text(pc.binary_join_element_wise(*part, pa.scalar("</row>", pa.string()), "")))


ROWS_AT_ONCE = 1 << 16


def _row_starts(ws, first: int, numbers: pa.Array) -> pa.Array:
    """Each row's `<row …>` start tag (`numbers`: the rows' r as text): r, then the attributes _write_row gives
    its span and row_info (height, format …), captured from _write_row itself once per distinct kind."""
    spans, info, fh = ws.row_spans, ws.row_info, ws.fh
    kinds: dict[tuple, int] = {}
    rests: list[str] = []
    codes = np.empty(len(numbers), dtype=np.int32)
    try:
        for i in range(len(numbers)):
            row = first + i
            span, ri = spans.get(int(row / 16)), info.get(row)
            key = (span,) if ri is None else (span, ri.height, id(ri.row_format), ri.hidden, ri.level, ri.collapsed)
            code = kinds.get(key)
            if code is None:
                code = kinds[key] = len(rests)
                ws.fh = io.StringIO()
                ws._write_row(row, span, ri)
                rests.append(ws.fh.getvalue()[len(f'<row r="{row + 1}"'):])
            codes[i] = code
    finally:
        ws.fh = fh
    return pc.binary_join_element_wise('<row r="', numbers, '"', pa.array(rests, pa.string()).take(pa.array(codes)), "")


def joined_text(text: pa.Array) -> str:
    """An Arrow text column's values back to back, as one string."""
    return text_data(text).to_pybytes().decode("utf-8")


def _assign_style_indices(columns: list[Column], n: int) -> None:
    """Style indices are given when a format is first written: ask each format in the order the cells (row by
    row, left to right) first use it."""
    used = {id(f): f for c in columns for f in (c.formats[k] for k in np.unique(c.format_codes))}
    asked: set[int] = set()
    for i in range(n):
        for c in columns:
            f = c.formats[c.format_codes[i]]
            if id(f) not in asked:
                asked.add(id(f))
                f._get_xf_index()
        if len(asked) == len(used):
            return


def _column_xml(j: int, rows: pa.Array, col: Column, ids: list[int]) -> pa.Array:
    """The `<c>` element of each cell of a column, in row order: as Worksheet._write_cell writes it."""
    styles = pa.array([f' s="{f._get_xf_index()}"' if f else "" for f in col.formats]).take(
        pa.array(col.format_codes.astype(np.int32)))
    tails = np.full(len(col.types), "/>", dtype=object)
    if ids:
        tails[col.types == STRING] = pc.binary_join_element_wise(
            ' t="s"><v>', pc.cast(pa.array(ids, pa.int64()), pa.string()), "</v></c>", "").to_numpy(
            zero_copy_only=False)
    if col.numbers:
        codes, distinct = pd.factorize(np.array(col.numbers, dtype=np.float64).view(np.int64))
        shown = np.array([f"><v>{v:.16G}</v></c>" for v in distinct.astype(np.int64).view(np.float64).tolist()],
                         dtype=object)
        tails[col.types == NUMBER] = shown[codes]
    return pc.binary_join_element_wise(f'<c r="{xl_col_to_name(j)}', rows, '"', styles, pa.array(tails, pa.string()),
                                       "")
