"""A look at an .xlsx's XML before it is read: sheet visibility, the real extent of the cells,
merges, formulas without a saved result and error cells; and a sparse reader for a sheet whose
extent is far larger than its data (one stray cell at XFD1048576 must not cost gigabytes)."""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

import pandas as pd
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from casereview.casefiles.layout import Merge, cell_ref
from casereview.casefiles.values import Unreadable

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})')
_ROW = re.compile(rb'<row [^>]*?\br="([0-9]{1,7})"')
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
_FORMULA = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)'
                      rb"\s*(?:<v>([^<]*)</v>|<v\s*/>)?")
_ERROR = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?\bt="e"[^>]*>'
                    rb"(?:\s*<f\b[^>]*?(?:/>|>[^<]*</f>))?\s*<v>([^<]*)</v>")
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
_ENTITIES = {b"&lt;": b"<", b"&gt;": b">", b"&amp;": b"&", b"&quot;": b'"', b"&apos;": b"'"}


def column_index(letters: bytes | str) -> int:
    """b'A' -> 0, b'AA' -> 26."""
    n = 0
    for ch in letters if isinstance(letters, str) else letters.decode():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _unescape(text: bytes) -> str:
    for k, v in _ENTITIES.items():
        text = text.replace(k, v)
    return text.decode("utf-8", "replace")


@dataclass
class SheetInfo:
    """One worksheet as the XML shows it (0-based rows and columns)."""

    name: str
    member: str | None                  # zip member of its XML
    hidden: bool
    cells: int = 0                      # cells holding something (an upper bound)
    rows: int = 0                       # extent: last such row + 1
    columns: int = 0                    # extent: last such column + 1
    uncached: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> formula
    errors: dict[tuple[int, int], str] = field(default_factory=dict)    # cell -> #DIV/0! ...
    merges: list[Merge] = field(default_factory=list)

    @property
    def area(self) -> int:
        return self.rows * self.columns


def _xml(z: zipfile.ZipFile, member: str) -> ET.Element | None:
    try:
        return ET.fromstring(z.read(member))
    except (KeyError, ET.ParseError):
        return None


def sheet_list(z: zipfile.ZipFile) -> list[SheetInfo]:
    """Every worksheet in workbook order with its XML member and whether it is hidden."""
    book = _xml(z, "xl/workbook.xml")
    rels = _xml(z, "xl/_rels/workbook.xml.rels")
    if book is None:
        return []
    targets = {r.get("Id"): r.get("Target", "") for r in (rels if rels is not None else [])}
    out = []
    for s in book.iter(f"{MAIN}sheet"):
        target = targets.get(s.get(f"{REL}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target)) if target else None
        out.append(SheetInfo(s.get("name", ""), member, s.get("state", "visible") != "visible"))
    return out


def _extent(data: bytes, info: SheetInfo) -> bool:
    """Cheap extent: every cell element counts, styled empty ones too (an upper bound).
    False when cells lack their r="A1" reference (then the worst is assumed)."""
    total = data.count(b"<c ") + data.count(b"<c>")
    info.cells = total
    if data.count(b'<c r="') != total or not total:
        info.rows, info.columns = (MAX_ROWS, MAX_COLUMNS) if total else (0, 0)
        return not total
    info.columns = max(column_index(c) for c in set(_COLUMN.findall(data))) + 1
    last = _ROW.search(data, data.rfind(b"<row "))
    info.rows = int(last.group(1)) if last else MAX_ROWS
    return last is not None


def _exact_extent(data: bytes, info: SheetInfo) -> None:
    """Extent of the cells that hold something (self-closing styled cells left out)."""
    filled = [(c, r) for c, r, empty in _CELL.findall(data) if not empty]
    info.cells = len(filled)
    info.rows = max((int(r) for _, r in filled), default=0)
    info.columns = max((column_index(c) for c in {c for c, _ in filled}), default=-1) + 1


def scan_sheet(z: zipfile.ZipFile, info: SheetInfo) -> None:
    """Fill in the extent, merges, uncached formulas and error cells of `info` from its XML.

    A regular sheet costs a few byte counts and one pass of a small regex; only a mostly empty
    extent (a styled cell far away) is measured exactly, cell by cell."""
    if info.member is None or info.member not in z.namelist():
        return
    data = z.read(info.member)
    if _extent(data, info) and info.area > 4 * info.cells:
        _exact_extent(data, info)
    if b"<f" in data:
        for c, r, formula, value in _FORMULA.findall(data):
            if not value:
                info.uncached[(int(r) - 1, column_index(c))] = _unescape(formula) or "（共享公式）"
    if b't="e"' in data:
        for c, r, text in _ERROR.findall(data):
            info.errors[(int(r) - 1, column_index(c))] = _unescape(text)
    for c1, r1, c2, r2 in _MERGE.findall(data):
        info.merges.append(Merge(int(r1) - 1, column_index(c1), int(r2) - 1, column_index(c2)))


# --- sparse reading ---------------------------------------------------------------------------

def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    out = []
    with z.open("xl/sharedStrings.xml") as f:
        for _, el in ET.iterparse(f):
            if el.tag == f"{MAIN}si":
                out.append(_si_text(el))
                el.clear()
    return out


def _si_text(si: ET.Element) -> str:
    """A shared string: its text, or its rich-text runs joined (phonetic guides left out)."""
    t = si.find(f"{MAIN}t")
    if t is not None:
        return t.text or ""
    return "".join(r.findtext(f"{MAIN}t") or "" for r in si.findall(f"{MAIN}r"))


def _date_styles(z: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format is a date."""
    styles = _xml(z, "xl/styles.xml")
    if styles is None:
        return set()
    custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "")
              for f in styles.iter(f"{MAIN}numFmt")}
    xfs = styles.find(f"{MAIN}cellXfs")
    out = set()
    for i, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", 0))
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
        if 14 <= fmt_id <= 22 or (code and is_date_format(code)):
            out.add(i)
    return out


def _epoch(z: zipfile.ZipFile) -> dt.datetime:
    book = _xml(z, "xl/workbook.xml")
    pr = book.find(f"{MAIN}workbookPr") if book is not None else None
    flag = pr.get("date1904", "0") if pr is not None else "0"
    return CALENDAR_MAC_1904 if flag in ("1", "true") else CALENDAR_WINDOWS_1900


def _value(el: ET.Element, strings: list[str], dates: set[int], epoch) -> object:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in el.iter(f"{MAIN}t"))
    v = el.find(f"{MAIN}v")
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    if kind == "d":
        return pd.Timestamp(text).to_pydatetime()
    number = float(text)
    if int(el.get("s", 0)) in dates:
        stamp = from_excel(number, epoch)
        return stamp.date() if isinstance(stamp, dt.datetime) and stamp.time() == dt.time() else stamp
    return number


def read_sparse(z: zipfile.ZipFile, info: SheetInfo) -> pd.DataFrame:
    """Only the cells that hold a value, as a grid whose index and columns are the 0-based sheet
    rows and columns present: memory follows the data, not the extent."""
    strings, dates, epoch = _shared_strings(z), _date_styles(z), _epoch(z)
    cells: dict[int, dict[int, object]] = {}
    row, col = -1, -1
    with z.open(info.member) as f:
        for event, el in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                if el.tag == f"{MAIN}row":
                    row = int(el.get("r", row + 2)) - 1
                    col = -1
                continue
            if el.tag == f"{MAIN}c":
                ref = el.get("r")
                col = column_index(ref.rstrip("0123456789")) if ref else col + 1
                try:
                    value = _value(el, strings, dates, epoch)
                except (ValueError, IndexError, OverflowError) as e:
                    text = el.findtext(f"{MAIN}v") or ""
                    value = Unreadable(text, f"：单元格 {info.name}!{cell_ref(row, col)} 无法读取（{e}）")
                if value is not None and value != "":
                    cells.setdefault(row, {})[col] = value
                el.clear()
            elif el.tag == f"{MAIN}row":
                el.clear()
    columns = sorted({c for r in cells.values() for c in r})
    grid = pd.DataFrame.from_dict(cells, orient="index", columns=columns, dtype=object)
    return grid.sort_index()
