"""Small workbooks written like 评查结果.xlsx: atomic file, typed formula-safe cells, frozen headers, filters,
every sheet set up for landscape A4 one page wide (header: the document's title, footer: `run_label`, page x/y)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd
import xlsxwriter

from casereview.reports import workbook as review_book

# (header, key, kind) with kind text, int, number, score, rate or bool — as in reports.workbook
Columns = list[tuple[str, str, str]]
_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "nan_inf_to_errors": False}


@contextmanager
def atomic_workbook(path: Path, *, title: str = "", run_label: str = "") -> Iterator[tuple[xlsxwriter.Workbook, dict]]:
    """Yield (workbook, formats); written to a hidden name beside `path` and moved into place on success.
    `title` and `run_label` head and foot every printed page (title defaults to the file name)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    wb = xlsxwriter.Workbook(str(tmp), _OPTIONS)
    try:
        fmt = review_book.cell_formats(wb)
        fmt["title"], fmt["run_label"] = title or path.stem, run_label
        yield wb, fmt
        wb.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def table_sheet(wb, fmt: dict, name: str, frame: pd.DataFrame, cols: Columns):
    """A sheet holding one table: header row, typed neutralised cells, frozen header, filter, widths."""
    ws = review_book.new_sheet(wb, fmt, name)
    review_book.write_frame(ws, fmt, frame, cols)
    return ws


def pairs_sheet(wb, fmt: dict, name: str, rows: list[tuple[str, object]], headers=("项目", "数值")):
    """A two-column (item, value) sheet; ints and floats stay numbers, everything else text."""
    frame = pd.DataFrame(rows, columns=["item", "value"])
    ws = review_book.new_sheet(wb, fmt, name)
    review_book.write_header(ws, fmt, list(headers))
    for i, (item, value) in enumerate(rows, start=1):
        kind = "int" if isinstance(value, int) and not isinstance(value, bool) else \
            "number" if isinstance(value, float) else "text"
        review_book.write_cell(ws, fmt, i, 0, item, "text")
        review_book.write_cell(ws, fmt, i, 1, value, kind)
    texts = [[headers[0], *frame["item"].map(str)], [headers[1], *frame["value"].map(_shown)]]
    review_book.finish_sheet(ws, texts, len(rows), 2, kinds=["text", "long"], fmt=fmt)
    return ws


def highlight(ws, fmt: dict, frame: pd.DataFrame, cols: Columns, key: str, value: str, style: str) -> None:
    """Colour the cells of column `key` equal to `value` with format `style` (bad or warn)."""
    keys = [k for _, k, _ in cols]
    if len(frame) and key in keys:
        j = keys.index(key)
        ws.conditional_format(1, j, len(frame), j, {"type": "cell", "criteria": "==", "value": f'"{value}"',
                                                    "format": fmt[style]})


def _shown(value) -> str:
    return "" if value is None else str(value)
