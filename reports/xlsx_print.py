"""Worksheets set up for paper: landscape A4, one page wide, header rows repeated, wrapped text with row
heights estimated from it, a header and footer naming the document, the run and page x of y."""
from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

LINE_PT = 16.0            # one line of 11 pt text whose CJK glyphs come from a CJK font (taller than Calibri)
MAX_ROW_PT = 409.0        # the tallest row a spreadsheet allows
CJK_WIDTH = 2.1           # column-width units one CJK character takes at 11 pt (a digit takes 1)
A4 = 9                    # paper code for A4 in the page setup


def page_setup(ws, *, title: str, run_label: str, header_rows: int = 1) -> None:
    """Landscape A4 fitted to one page wide, the first `header_rows` rows on every page (cells carry borders);
    header: document title and sheet name, footer: the run and 第 x 页，共 y 页."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.75)
    ws.center_horizontally()
    ws.set_header(_clip(f"&L{_escape(title)}&R&A"), {"margin": 0.3})
    ws.set_footer(_clip(f"&L{_escape(run_label)}&R第 &P 页，共 &N 页"), {"margin": 0.3})


def _escape(text: str) -> str:
    """A literal & in header/footer text is written &&."""
    return str(text).replace("&", "&&")


def _clip(text: str, limit: int = 255) -> str:
    """Header and footer texts are at most 255 characters."""
    return text if len(text) <= limit else text[:limit]


def text_units(text: str) -> float:
    """Column-width units a line of text takes: a CJK character CJK_WIDTH, others 1 (quick: by UTF-8 length)."""
    n = len(text)
    wide = (len(text.encode("utf-8")) - n) / 2          # a CJK character is 3 bytes: 2 more than one
    return (n - wide) + wide * CJK_WIDTH


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` units needs for `text` (its own line breaks kept)."""
    if not text:
        return 1
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in str(text).split("\n"))


def row_heights(ws, texts: list[list[str]], widths: list[float], wrapped: list[bool], first_row: int = 1) -> None:
    """Set the height of every row (after the header) whose wrapped cells need more than one line."""
    cols = [(col, w) for col, w, wrap in zip(texts, widths, wrapped) if wrap]
    if not cols:
        return
    nrows = max(len(col) for col, _ in cols)
    lines = np.ones(max(nrows - first_row, 0), dtype=np.int64)
    for col, w in cols:
        part = col[first_row:]
        np.maximum(lines[:len(part)], lines_each(part, w), out=lines[:len(part)])
    for i in np.flatnonzero(lines > 1).tolist():
        ws.set_row(first_row + i, min(MAX_ROW_PT, LINE_PT * int(lines[i])))


def text_units_each(texts: list[str]) -> np.ndarray:
    """text_units of each text at once (from the UTF-8 and character lengths Arrow counts)."""
    arr = pa.array(texts, pa.string())
    n = pc.utf8_length(arr).to_numpy(zero_copy_only=False).astype(np.int64)
    wide = (pc.binary_length(arr).to_numpy(zero_copy_only=False).astype(np.int64) - n) / 2
    return (n - wide) + wide * CJK_WIDTH


def only_types(values, types: set[type]) -> bool:
    """Whether every value's type is one of `types` exactly (a subclass is not), at C speed."""
    return set(map(type, values)) <= types


def lines_each(texts: list[str], width: float) -> np.ndarray:
    """lines_needed of each text at once (texts with line breaks one by one)."""
    if not only_types(texts, {str}):
        return np.array([lines_needed(t, width) for t in texts], dtype=np.int64)
    usable = max(width - 1.5, 1.0)
    lines = np.maximum(1, np.ceil(text_units_each(texts) / usable)).astype(np.int64)
    broken = pc.match_substring(pa.array(texts, pa.string()), "\n").to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(broken).tolist():
        lines[i] = lines_needed(texts[i], width)
    return lines
