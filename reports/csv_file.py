"""Result tables as CSV files people open: UTF-8 with BOM, formula starts neutralised, written column by column.

The bytes are those of pandas' `to_csv(index=False, lineterminator="\\n", float_format="%.10g")` after
reports.safe's neutralising, but every column is formatted once as an Arrow text column and the lines are
joined by pyarrow.compute: no Python per cell.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.reports.safe import contains_any, neutralise_frame, neutralise_text

CSV_ENCODING = "utf-8-sig"   # UTF-8 with BOM: opens cleanly in Excel and WPS
BOM = "\ufeff".encode("utf-8")
TEXT = pa.large_string()
ROWS_PER_BLOCK = 1 << 16     # lines joined and written per step (bounded memory for big tables)


def _quoting_characters() -> tuple[str, ...]:
    """The characters that make Python's csv writer (under pandas' to_csv) quote a field: the delimiter, the
    quote, "\\n", and "\\r" only on Pythons that quote it when the line end is "\\n"."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["a\rb"])
    return (",", '"', "\n") + (("\r",) if buf.getvalue().startswith('"') else ())


_NEEDS_QUOTES = _quoting_characters()


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A result table as people open it: UTF-8 with BOM, formula starts neutralised."""
    with open(path, "wb") as out:
        out.write(BOM)
        append_csv(frame, out, header=True)


def append_csv(frame: pd.DataFrame, out: IO[bytes], header: bool) -> None:
    """The rows of `frame` (after its header line when `header`) appended to a binary file, without BOM."""
    if header:
        _write_lines([_quoted(pa.array([str(c)], TEXT)) for c in frame.columns], out)
    if len(frame):
        fields = [_fields(s) for s in _columns(frame)]
        if all(isinstance(f, pa.Scalar) for f in fields):
            fields[0] = pa.repeat(fields[0], len(frame))
        _write_lines(fields, out)


def _fields(s: pd.Series) -> pa.Array | pa.ChunkedArray | pa.Scalar:
    """One column's CSV fields; a text column holding one value throughout (a rule's title or basis in its
    run of findings) as that one field, formatted and quoted once."""
    if _one_text(s):
        s = s.iloc[:1]
    cells, text = _cells(s)
    fields = _quoted(cells) if text else cells
    return fields[0] if len(s) == 1 else fields


MIN_ONE_VALUE_ROWS = 64     # shorter columns are formatted row by row anyway


def _one_text(s: pd.Series) -> bool:
    """An Arrow-backed text column of no missing values, all equal to the first."""
    if len(s) < MIN_ONE_VALUE_ROWS or not isinstance(s.dtype, pd.StringDtype) or s.dtype.storage != "pyarrow":
        return False
    values = pa.array(s.array)
    if values.null_count or values[len(values) - 1] != values[0]:      # the last differs: not one value
        return False
    return pc.all(pc.equal(values, values[0])).as_py()


def cell_table(frame: pd.DataFrame) -> pa.Table:
    """The table as the CSV holds it, one text column per column: the cells before quoting."""
    return pa.table([_cells(s)[0] for s in _columns(frame)], names=[str(c) for c in frame.columns])


def _columns(frame: pd.DataFrame) -> list[pd.Series]:
    return [frame.iloc[:, j] for j in range(frame.shape[1])]


def _write_lines(columns: list[pa.Array | pa.Scalar], out: IO[bytes]) -> None:
    """Cells joined by commas, each line ended by "\\n", written block by block (a scalar: the same field on
    every line; at least one column is an array)."""
    if len(columns) == 1:       # a line of one empty field is written as "" (else it would be a blank line)
        columns = [pc.if_else(pc.equal(pc.binary_length(columns[0]), 0), _text('""'), columns[0])]
    rows = next(len(c) for c in columns if not isinstance(c, pa.Scalar))
    for lo in range(0, rows, ROWS_PER_BLOCK):
        block = [c if isinstance(c, pa.Scalar) else c.slice(lo, ROWS_PER_BLOCK) for c in columns]
        block[-1] = pc.binary_join_element_wise(block[-1], _text(""), _text("\n"))     # the line end
        lines = pc.binary_join_element_wise(*block, _text(",")) if len(block) > 1 else block[0]
        for chunk in lines.chunks if isinstance(lines, pa.ChunkedArray) else [lines]:
            out.write(text_data(chunk))


def text_data(text: pa.Array) -> pa.Buffer:
    """The bytes of an Arrow text column's values (string or large_string), back to back."""
    if not len(text):
        return pa.py_buffer(b"")
    wide = pa.types.is_large_string(text.type)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64 if wide else np.int32, count=len(text) + 1,
                            offset=(8 if wide else 4) * text.offset)
    if offsets[-1] == offsets[0]:
        return pa.py_buffer(b"")
    return text.buffers()[2][int(offsets[0]):int(offsets[-1])]


def _cells(s: pd.Series) -> tuple[pa.Array, bool]:
    """One column as CSV cells before quoting (text neutralised, numbers as to_csv formats them, missing values
    as ''), and whether it is text (numbers and booleans never need quotes)."""
    dtype = s.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return pc.fill_null(pc.if_else(pa.array(s, pa.bool_()), _text("True"), _text("False")), _text("")), False
    if pd.api.types.is_float_dtype(dtype):
        return format_floats(s), False
    if pd.api.types.is_integer_dtype(dtype):
        return pc.fill_null(pc.cast(pa.array(s), TEXT), _text("")), False
    if dtype == object and pd.api.types.infer_dtype(s, skipna=True) not in ("string", "empty"):
        text = _object_text(s)
    elif dtype == object or pd.api.types.is_string_dtype(dtype):
        text = neutralise_text(pa.array(s, TEXT, from_pandas=True))
    else:
        raise TypeError(f"no CSV format for column {s.name!r} of dtype {dtype}")
    return pc.fill_null(text, _text("")), True


def _object_text(s: pd.Series) -> pa.Array:
    """A column of mixed Python values (rejects' row numbers beside text): text neutralised, each value as
    str() writes it, missing values null."""
    safe = neutralise_frame(s.to_frame())
    missing = safe.iloc[:, 0].isna().to_numpy()
    return pa.array(safe.iloc[:, 0].to_numpy(dtype=object).astype(str), TEXT, mask=missing)


def format_floats(s: pd.Series) -> pa.Array:
    """'%.10g' % v for each value, '' for NaN: formatted once per distinct value (deductions, scores and rates
    take few), instead of once per cell."""
    values = s.to_numpy(dtype=np.float64, na_value=np.nan)
    codes, bits = pd.factorize(values.view(np.int64))      # by bit pattern: -0.0 stays "-0"
    distinct = bits.astype(np.int64).view(np.float64)
    text = pa.array(["" if np.isnan(v) else "%.10g" % v for v in distinct], TEXT)
    return text.take(pa.array(codes))


def _quoted(cells: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Fields holding a comma, quote or line break in quotes, their quotes doubled (csv.QUOTE_MINIMAL)."""
    if isinstance(cells, pa.ChunkedArray):      # pandas' Arrow-backed text may come in chunks
        return pa.chunked_array([_quoted(c) for c in cells.chunks], TEXT)
    needs = contains_any(cells, _NEEDS_QUOTES)
    if not needs.any():
        return cells
    doubled = pc.replace_substring(cells, '"', '""')
    return pc.if_else(pa.array(needs), pc.binary_join_element_wise(_text('"'), doubled, _text('"'), _text("")), cells)


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, TEXT)
