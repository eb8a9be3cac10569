"""How much room text takes on the page, estimated without a renderer: width in em, lines in a column, and table
column widths fitted to their text."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from casereview.reports.paper.style import PT_MM

CELL_PAD_MM = 1.0                     # left and right padding of every table cell (tables.table writes it)
FIT_SIZES_PT = (10.5, 9.0, 8.0, 7.5)  # a fitted table takes the largest size at which its text fits
HEADER_LINES = 3                      # a fitted header may wrap to this many lines; body cells never break
AUTOSPACE_EM = 0.25                   # the space a renderer puts between Chinese and Latin text or digits
_WIDE_QUOTES = "“”‘’"                 # ambiguous width, full width in a Chinese font


def _wide(ch: str) -> bool:
    return ch in _WIDE_QUOTES or unicodedata.east_asian_width(ch) in ("W", "F")


def char_em(ch: str) -> float:
    """Width of one character in em: a CJK or full-width character 1, a digit or Latin letter about half."""
    if _wide(ch):
        return 1.0
    return 0.36 if ch in ",.:;'!|iIl1()[] " else 0.62 if ch in "%—mwMW@" else 0.56


def text_em(text: str) -> float:
    """Width of `text` in em, with the autospace between Chinese and Latin runs."""
    wide = [_wide(ch) for ch in text]
    changes = sum(a != b for a, b in zip(wide, wide[1:]))
    return sum(char_em(ch) for ch in text) + AUTOSPACE_EM * changes


def lines_needed(text, width_mm: float, size: float, pad_mm: float = 2 * CELL_PAD_MM) -> int:
    """Lines a text needs in a column `width_mm` wide (`pad_mm` of padding taken off; 0 for a paragraph) at
    `size` points; each line of a text with line breaks counted apart."""
    per_line = max(1.0, (width_mm - pad_mm) / (size * PT_MM))
    total = 0
    for part in str(text).split("\n"):
        total += max(1, int(-(-text_em(part) // per_line)))       # ceil
    return total


def _wrapped_em(text: str, lines: int) -> float:
    """The narrowest width (em) at which a header of CJK text fits in `lines` lines (it may break anywhere)."""
    total = text_em(text)
    if lines <= 1 or not text:
        return total
    two = text_em(text[:2])                        # never one character alone on a line
    return min(total, max(two, total / lines + 1.0))   # + 1 em: lines never break evenly


@dataclass(frozen=True)
class TableFit:
    size_pt: float
    widths_mm: tuple[float, ...]


def fit_columns(headers, rows, available_mm: float, sizes=FIT_SIZES_PT) -> TableFit:
    """Column widths fitted to the text: every body cell on one line (no word, name or number broken),
    headers on at most HEADER_LINES lines; the largest font size at which that fits, the spare width shared
    out in proportion to what each column asks; at the smallest size, the widths it needs (the table may
    then be wider than `available_mm`)."""
    for size in sizes:
        em_mm = size * PT_MM
        body = [max((text_em(str(r[j])) for r in rows), default=0.0) for j in range(len(headers))]
        need = [max(b, _wrapped_em(str(h), HEADER_LINES)) * em_mm + 2 * CELL_PAD_MM + 0.6
                for b, h in zip(body, headers)]
        if sum(need) <= available_mm or size == sizes[-1]:
            spare = max(available_mm - sum(need), 0.0)
            wish = [max(text_em(str(h)) * em_mm + 2 * CELL_PAD_MM - n, 0.0) for h, n in zip(headers, need)]
            share = wish if sum(wish) <= spare else [spare * w / sum(wish) for w in wish]
            left = spare - sum(share)
            widths = [n + s + left / len(need) for n, s in zip(need, share)]
            return TableFit(size, tuple(round(w, 2) for w in widths))
    raise AssertionError("unreachable")


def scale_widths(widths_mm, total_mm: float) -> list[float]:
    """Column widths in the same proportions, `total_mm` wide together."""
    factor = total_mm / sum(widths_mm)
    return [round(w * factor, 2) for w in widths_mm]
