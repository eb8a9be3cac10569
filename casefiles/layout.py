"""A sheet's layout: title rows, one or more header rows with group headers, footers, repeats."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from casereview.casefiles.values import WHITESPACE

HEADER_SCAN = 10           # the header starts within the first ten non-blank rows
MAX_HEADER_ROWS = 3        # a group header over a sub-group over the leaf names
GROUP_JOIN = "/"           # 公示情况/公示日期
TOTAL_RE = re.compile(r"^(合计|小计|总计|共计|累计)")
SIGNATURE_RE = re.compile(r"^(制表人|制表日期|制表|审核人|复核人|填报人|填表人|负责人|单位负责人|统计人|经办人|"
                          r"填报日期|填表日期|填报单位|填表说明|说明|注|备注)([:：]|$)")
_SPACES = re.compile(f"[{re.escape(WHITESPACE)}]+")

# Why a row is not a record (Layout.skipped reasons).
ABOVE = "表头上方的标题或说明行"
BLANK = "空行"
TOTAL = "合计/小计行"
SIGNATURE = "表尾（制表人、审核人、填报日期、说明等）"
TAIL = "表尾之后的行"
REPEATED = "重复的表头行"
UNMAPPED = "只在未识别的列中有内容的行"


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based inclusive sheet coordinates."""
    top: int
    left: int
    bottom: int
    right: int

    def ref(self) -> str:
        return f"{cell_ref(self.top, self.left)}:{cell_ref(self.bottom, self.right)}"


def column_letters(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def cell_ref(row: int, col: int) -> str:
    """0-based (row, col) -> 'J14'."""
    return f"{column_letters(col)}{row + 1}"


def squeeze(text: object) -> str:
    """A cell's text with every run of white space (Alt+Enter, full-width spaces) removed."""
    return _SPACES.sub("", str(text))


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return squeeze(v)


@dataclass
class Header:
    """The header block found in a grid."""
    rows: list[int]                      # positions in the grid
    names: dict[int, str]                # column label -> header as read (group parts joined)
    column_of: dict[int, str]            # column label -> canonical column it names
    texts: dict[int, set[str]]           # column label -> every header text in that column

    @property
    def columns(self) -> dict[str, int]:
        """Canonical column -> the first column label naming it."""
        out: dict[str, int] = {}
        for c, col in self.column_of.items():
            out.setdefault(col, c)
        return out


def _header_parts(grid: pd.DataFrame, rows: list[int], merges: list[Merge]) -> dict[int, list[str]]:
    """Column label -> its non-blank header texts top to bottom, merged cells filled in: group
    names across the columns they span, a name in the last header row only in its own column."""
    labels = list(grid.columns)
    block = {int(grid.index[p]): [_text(v) for v in grid.iloc[p]] for p in rows}
    first, last = min(block), max(block)
    for m in merges:
        if m.top > last or m.bottom < first:
            continue
        anchor = (_text(grid.at[m.top, m.left])
                  if m.top in grid.index and m.left in grid.columns else "")
        for r, texts in block.items():
            if m.top <= r <= m.bottom:
                for j, c in enumerate(labels):
                    if m.left <= c <= m.right and (r < last or c == m.left):
                        texts[j] = anchor       # a leaf name merged across names one column
    parts: dict[int, list[str]] = {}
    for j, c in enumerate(labels):
        seq: list[str] = []
        for texts in block.values():
            if texts[j] and (not seq or seq[-1] != texts[j]):
                seq.append(texts[j])
        parts[c] = seq
    return parts


def _match(parts: dict[int, list[str]], column) -> tuple[dict[int, str], dict[int, str]]:
    """Header name and canonical column per column label: the joined name, else the leaf name
    when no other column has the same leaf. `column(name)` resolves a header text."""
    leaves = [p[-1] for p in parts.values() if p]
    names, column_of = {}, {}
    for c, p in parts.items():
        if not p:
            continue
        joined = GROUP_JOIN.join(p)
        names[c] = joined
        col = column(joined)
        if col is None and len(p) > 1 and leaves.count(p[-1]) == 1:
            col = column(p[-1])
        if col is not None:
            column_of[c] = col
    return names, column_of


def _group_like(grid: pd.DataFrame, pos: int, merges: list[Merge]) -> bool:
    """A row above the leaf header that reads as group headers, not a title or a note line:
    no colon, and two or more names, or one name merged across some (not all) columns."""
    texts = [(c, _text(v)) for c, v in zip(grid.columns, grid.iloc[pos])]
    texts = [(c, t) for c, t in texts if t]
    if not texts or any(":" in t or "：" in t for _, t in texts):
        return False
    if len({t for _, t in texts}) >= 2:
        return True
    row, col = int(grid.index[pos]), texts[0][0]
    return any(m.top == row and m.left == col and m.right > m.left and m.left > grid.columns[0]
               for m in merges)


def find_header(grid: pd.DataFrame, filled: np.ndarray, merges: list[Merge], column) -> Header:
    """The header block among the first non-blank rows: the most columns recognised, the
    earliest leaf row, extended upwards over group-header rows."""
    scan = [int(p) for p in filled[:HEADER_SCAN]]
    sheet = grid.index
    best: tuple | None = None
    for i, start in enumerate(scan):
        for k in range(1, MAX_HEADER_ROWS + 1):
            rows = scan[i:i + k]
            if len(rows) < k or sheet[rows[-1]] - sheet[rows[0]] != k - 1:
                break
            if k > 1 and not all(_group_like(grid, p, merges) for p in rows[:-1]):
                continue
            parts = _header_parts(grid, rows, merges)
            names, column_of = _match(parts, column)
            key = (len(set(column_of.values())), -rows[-1], k)
            if best is None or key > best[0]:
                best = (key, rows, parts, names, column_of)
    if best[0][0] == 0:
        rows = scan[:1]
        parts = _header_parts(grid, rows, merges)
        names, column_of = _match(parts, column)
    else:
        _, rows, parts, names, column_of = best
    while column_of and len(rows) < MAX_HEADER_ROWS and _continues(grid, rows, column_of):
        more = rows + [rows[-1] + 1]
        more_parts = _header_parts(grid, more, merges)
        more_names, more_of = _match(more_parts, column)
        if len(set(more_of.values())) < len(set(column_of.values())):
            break
        rows, parts, names, column_of = more, more_parts, more_names, more_of
    return Header(rows, names, column_of, {c: set(p) for c, p in parts.items()})


def _continues(grid: pd.DataFrame, rows: list[int], column_of: dict[int, str]) -> bool:
    """The row after the header names sub-columns only under unrecognised (group) headers, as
    the second header row under 公示情况 does; a record has values in recognised columns."""
    nxt = rows[-1] + 1
    if nxt >= len(grid) or grid.index[nxt] != grid.index[rows[-1]] + 1:
        return False
    cells = [c for c, v in zip(grid.columns, grid.iloc[nxt]) if _text(v)]
    return bool(cells) and not any(c in column_of for c in cells)


def fill_down(grid: pd.DataFrame, merges: list[Merge], below: int, blank: np.ndarray) -> list[Merge]:
    """Vertical merges under the header (sheet row > `below`): the top cell's value copied to
    every non-blank row they cover, in the merge's left column. Returns the merges filled."""
    done = []
    rows = grid.index.to_numpy()
    for m in merges:
        if m.bottom == m.top or m.top <= below or m.top not in grid.index or m.left not in grid.columns:
            continue
        value = grid.at[m.top, m.left]
        lo, hi = np.searchsorted(rows, [m.top, m.bottom], side="right")   # rows ascend
        covered = [p for p in range(lo, hi) if not blank[p]]
        j = grid.columns.get_loc(m.left)
        for p in covered:
            grid.iat[p, j] = value
        done.append(m)
    return done


def _first_cells(arr: np.ndarray, empty: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the position of its first non-empty cell and that cell (None for a blank row)."""
    at = np.argmax(~empty, axis=1)
    cells = arr[np.arange(len(arr)), at]
    cells[empty.all(axis=1)] = None
    return at, cells


def classify(grid: pd.DataFrame, positions: np.ndarray, header: Header) -> dict[int, str]:
    """Rows below the header (non-blank `positions`) that are not records: position -> reason.

    Vectorised: only rows whose first cell is a footer word, or that hold a header text, or that
    follow a footer, or that have nothing in a recognised column, are looked at one by one."""
    if not len(positions):
        return {}
    arr = grid.to_numpy(dtype=object)[positions]
    empty = pd.isna(arr) | (arr == "")
    at, first = _first_cells(arr, empty)
    texts = pd.Series([squeeze(v) if isinstance(v, str) else "" for v in first], dtype=object)
    total = texts.str.match(TOTAL_RE).to_numpy(dtype=bool)
    signature = texts.str.match(SIGNATURE_RE).to_numpy(dtype=bool)
    labels = list(grid.columns)
    mapped = [j for j, c in enumerate(labels) if c in header.column_of]
    heads = np.array([bool(t) and t in header.texts.get(labels[j], ()) for t, j in zip(texts, at)],
                     dtype=bool)
    unmapped = empty[:, mapped].all(axis=1) if mapped else np.zeros(len(arr), dtype=bool)
    signed = np.flatnonzero(signature)
    after = np.arange(len(arr)) > signed[0] if len(signed) else np.zeros(len(arr), dtype=bool)
    skipped: dict[int, str] = {}
    for i in np.flatnonzero(total | signature | heads | unmapped | after):
        cells = [(labels[j], squeeze(arr[i, j])) for j in np.flatnonzero(~empty[i])]
        if heads[i] and all(t in header.texts.get(c, ()) for c, t in cells):
            reason = REPEATED
        elif total[i]:
            reason = TOTAL
        elif signature[i]:
            reason = SIGNATURE
        elif after[i] and sum(c in header.column_of for c, _ in cells) <= 1:
            reason = TAIL
        elif unmapped[i]:
            reason = UNMAPPED
        else:
            continue
        skipped[int(positions[i])] = reason
    return skipped


def rows_text(rows: list[int], limit: int = 10) -> str:
    """'第3、5、9行' (1-based numbers), the first `limit` then a count."""
    shown = "、".join(str(r) for r in rows[:limit])
    more = f"等 {len(rows)} 行" if len(rows) > limit else "行"
    return f"第{shown}{more}"
