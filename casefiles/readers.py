"""Reading each input form (workbook, CSV/Parquet folder, JSON Lines, database) into raw tables."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from casereview.casefiles.hanzi import simplified
from casereview.casefiles.layout import (ABOVE, BLANK, Header, Merge, classify, fill_down, find_header,
                              rows_text, squeeze)
from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.casefiles.sheets import choose_sheets, read_grids
from casereview.casefiles.sniff import check_workbook, decode
from casereview.casefiles.values import WHITESPACE, raw_text
from casereview.errors import InputError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
FOLDER_SUFFIXES = {".csv": "CSV", ".parquet": "Parquet", ".jsonl": "JSON Lines"}


@dataclass
class Layout:
    """How one source (sheet, file, database table) was read: what `inspect` and warnings show.

    Readers fill what they know; everything is in the user's terms (1-based sheet rows)."""

    source: str                                   # 工作表“案件” / 文件 cases.csv / 数据库表 cases
    header_rows: list[int] = field(default_factory=list)         # header row numbers (1-based)
    columns: list[tuple[str, str | None]] = field(default_factory=list)
    # (header as read — group headers joined with "/" —, canonical column or None when ignored)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason) not read as records


@dataclass
class RawTable:
    """One input table before validation: raw cells under canonical column names."""

    name: str                    # canonical table name
    frame: pd.DataFrame          # raw values, known columns only, RangeIndex
    rows: np.ndarray             # row number a user sees, per record
    where: str                   # where it came from, for messages
    broken: dict[int, tuple[str | None, object, str]] = field(default_factory=dict)
    # position -> (column, raw value, reason) for records the reader could not take apart
    layout: Layout | None = None  # how the source was read (header rows, column fates, skipped rows)


@dataclass
class RawInput:
    tables: dict[str, RawTable]
    digest: str
    notes: list[str] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)   # (工作表/数据库表, name) not understood
    ignored: list[tuple[str, str]] = field(default_factory=list)   # (source, reason) not read at all


def norm_name(name: object) -> str:
    """Names compare without any white space (incl. full-width, Alt+Enter line breaks) or '*'
    marks, caseless, traditional characters read as simplified (案件編號 = 案件编号)."""
    return simplified(squeeze(name).strip("*＊")).casefold()


class Names:
    """Resolves sheet/file/table names and column headers to canonical ones."""

    declared_absent: dict[str, list[str]] = {}    # table -> columns the source system does not have

    def __init__(self, tables: dict[str, str] | None = None,
                 columns: dict[str, dict[str, str]] | None = None,
                 sheets: dict[str, str] | None = None,
                 flat: dict[str, str] | None = None):
        self.sheets = dict(sheets or {})       # table -> the sheet chosen for it (--sheet)
        self._tables = {norm_name(a): t.name for t in TABLES.values()
                        for a in (t.name, t.label, *t.aliases)}
        # flat source (sheet/file/table) -> the child table its rows also hold (see casefiles.flat)
        self.flat = {norm_name(k): v for k, v in (flat or {}).items()}
        self._columns = {t.name: {norm_name(a): c.name for c in t.columns for a in (c.name, c.label)}
                         for t in TABLES.values()}
        self._tables.update({norm_name(k): v for k, v in (tables or {}).items()})
        self._tables.update({k: "cases" for k in self.flat})
        columns = columns or {}
        for key in sorted(columns, key=lambda k: k != "*"):        # "*" first, specific wins
            for t in (TABLES if key == "*" else [key]):
                known = TABLES[t].names
                self._columns[t].update({norm_name(h): c for h, c in columns[key].items()
                                         if c in known})

    def table(self, name: object) -> str | None:
        return self._tables.get(norm_name(name))

    def column(self, table: str, header: object) -> str | None:
        """Canonical column; in a flat source's cases table a child column comes as "acts.act_id"."""
        key = norm_name(header)
        found = self._columns[table].get(key)
        if found is None and table == "cases":
            for child in dict.fromkeys(self.flat.values()):
                col = self._columns[child].get(key)
                if col is not None and col != "case_id":
                    return f"{child}.{col}"
        return found


def column_label(table: str, column: str) -> str:
    """“公示日期（published_date）”; a flat child column “执法活动.活动编号（acts.act_id）”."""
    child, _, col = column.rpartition(".")
    t = TABLES[child or table]
    label = t.column(col).label
    return f"{t.label}.{label}（{column}）" if child else f"{label}（{column}）"


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (
        isinstance(v, str) and not v.strip(WHITESPACE))


def _blank_rows(grid: pd.DataFrame) -> np.ndarray:
    """Rows whose every cell is empty or white space; cheap for the usual all-filled rows."""
    arr = grid.to_numpy(dtype=object)
    empty = pd.isna(arr) | (arr == "")
    blank = empty.all(axis=1)
    unsure = np.flatnonzero(~blank)          # rows with some non-empty cell: is it only spaces?
    for j in range(arr.shape[1]):
        if not len(unsure):
            break
        cells = arr[unsure, j]
        solid = np.array([not e and not (isinstance(v, str) and not v.strip(WHITESPACE))
                          for v, e in zip(cells, empty[unsure, j])], dtype=bool)
        unsure = unsure[~solid]
    blank[unsure] = True
    return blank


def map_header(header: list, table: str, names: Names, where: str, file: str,
               sheet: str | None, notes: list[str]) -> dict[str, int]:
    """Canonical column -> position in `header`; unknown headers noted, clashes an InputError."""
    columns: dict[str, int] = {}
    ignored = []
    for j, h in enumerate(header):
        if _blank(h):
            continue
        col = names.column(table, h)
        if col is None:
            ignored.append(str(h).strip(WHITESPACE))
        elif col in columns:
            raise InputError(f"表头“{header[columns[col]]}”和“{h}”都对应 {column_label(table, col)}，"
                             f"无法确定使用哪一列", file=file, sheet=sheet)
        else:
            columns[col] = j
    if ignored:
        notes.append(f"{where}：忽略无法识别的列 {'、'.join(ignored)}")
    return columns


def _header_columns(header: Header, table: str, where: str, file: str, sheet: str | None,
                    notes: list[str]) -> dict[str, int]:
    """Canonical column -> column label; two headers for one column are an InputError."""
    for col, label in header.columns.items():
        twins = [header.names[c] for c, other in header.column_of.items() if c != label and other == col]
        if twins:
            raise InputError(f"表头“{header.names[label]}”和“{twins[0]}”都对应 "
                             f"{column_label(table, col)}，无法确定使用哪一列",
                             file=file, sheet=sheet)
    ignored = [h for c, h in header.names.items() if c not in header.column_of]
    if ignored:
        notes.append(f"{where}：忽略无法识别的列 {'、'.join(ignored)}")
    return dict(header.columns)


def _layout_notes(layout: Layout, where: str, notes: list[str]) -> None:
    """Header rows and skipped rows (by reason; blank rows only in the Layout) as run notes."""
    rows = layout.header_rows
    if len(rows) > 1:
        notes.append(f"{where}：第{rows[0]}–{rows[-1]}行作为表头（多行表头，分组名与列名以“/”连接）")
    elif any(reason == ABOVE for _, reason in layout.skipped):
        notes.append(f"{where}：第{rows[0]}行作为表头，其上方的行已忽略")
    by_reason: dict[str, list[int]] = {}
    for row, reason in layout.skipped:
        if reason not in (ABOVE, BLANK):
            by_reason.setdefault(reason, []).append(row)
    for reason, skipped in by_reason.items():
        notes.append(f"{where}：{rows_text(skipped)}是{reason}，已跳过，不计为记录")


def table_from_grid(grid: pd.DataFrame, table: str, names: Names, where: str, file: str,
                    sheet: str | None, notes: list[str], merges: list[Merge] = ()) -> RawTable | None:
    """A sheet-like grid (no header parsed; index = 0-based sheet row, columns = 0-based sheet
    column) -> RawTable with its Layout; None if empty."""
    blank = _blank_rows(grid)
    filled = np.flatnonzero(~blank)
    if not len(filled):
        return None
    header = find_header(grid, filled, list(merges), lambda h: names.column(table, h))
    columns = _header_columns(header, table, where, file, sheet, notes)
    last = header.rows[-1]
    sheet_row = grid.index.to_numpy()
    filled_merges = fill_down(grid, list(merges), int(sheet_row[last]), blank)
    below = filled[filled > last]
    skipped = classify(grid, below, header)
    body = below[~np.isin(below, list(skipped))]
    gaps = np.flatnonzero(blank[last + 1:filled[-1]]) + last + 1
    layout = Layout(where, [int(sheet_row[p]) + 1 for p in header.rows],
                    [(h, header.column_of.get(c)) for c, h in header.names.items()],
                    sorted([(int(sheet_row[p]) + 1, ABOVE) for p in filled if p < header.rows[0]]
                           + [(int(sheet_row[p]) + 1, r) for p, r in skipped.items()]
                           + [(int(sheet_row[p]) + 1, BLANK) for p in gaps]))
    _layout_notes(layout, where, notes)
    if filled_merges:
        refs = "、".join(m.ref() for m in filled_merges[:5]) + ("等" if len(filled_merges) > 5 else "")
        notes.append(f"{where}：纵向合并单元格 {refs} 的值已填入其覆盖的每一行")
    for col in _note_headless(grid, header, body, where, notes):
        layout.columns.append((f"第{col}列（表头为空）", None))
    frame = pd.DataFrame({c: grid.iloc[body, grid.columns.get_loc(j)].reset_index(drop=True)
                          for c, j in columns.items()}, index=pd.RangeIndex(len(body)))
    return RawTable(table, frame, sheet_row[body] + 1, where, layout=layout)


def _note_headless(grid: pd.DataFrame, header: Header, body: np.ndarray, where: str,
                   notes: list[str]) -> list[int]:
    """Columns with data under an empty header cell are ignored: say so; their numbers (1-based)."""
    lost = [int(c) + 1 for j, c in enumerate(grid.columns) if c not in header.names
            and not _blank_rows(grid.iloc[body, [j]]).all()]
    if lost:
        notes.append(f"{where}：第{'、'.join(map(str, lost))}列表头为空，其中的数据已忽略")
    return lost


def _sha256(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.hexdigest()


def _claim(found: dict[str, str], table: str, name: str, file: str) -> None:
    if table in found:
        raise InputError(f"“{found[table]}”和“{name}”都对应表 {TABLES[table].label}（{table}）",
                         file=file)
    found[table] = name


# --- workbook ---------------------------------------------------------------------------------

def read_workbook(path: Path, names: Names) -> RawInput:
    """One table per sheet; the sheet for each table chosen by `choose_sheets`, read within the
    memory budget by `read_grids` (python-calamine; sparsely for a sheet with stray far cells)."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum
    data = path.read_bytes()
    if not data:
        raise InputError("文件为空", file=path.name)
    check_workbook(data, path.name, path.suffix.lower())
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(m.name, m.visible != SheetVisibleEnum.Visible) for m in wb.sheets_metadata
                  if m.typ == SheetTypeEnum.WorkSheet]
    except Exception as e:  # noqa: BLE001 - calamine raises many kinds; the file is unreadable
        raise InputError(f"无法读取 Excel 工作簿，文件可能已损坏（{type(e).__name__}: {e}）",
                         file=path.name) from e
    choice = choose_sheets(sheets, names.table, names.sheets, path.name)
    try:
        grids = read_grids(wb, data, list(choice.tables.values()), path.name)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - calamine raises many kinds; the file is unreadable
        raise InputError(f"无法读取 Excel 工作簿，文件可能已损坏（{type(e).__name__}: {e}）",
                         file=path.name) from e
    tables, notes = {}, list(choice.notes)
    for table, sheet in choice.tables.items():
        grid, merges = grids[sheet]
        rt = table_from_grid(grid, table, names, f"工作表“{sheet}”", path.name, str(sheet), notes,
                             merges)
        if rt is None:
            notes.append(f"工作表“{sheet}”为空，视为未提供")
        else:
            tables[table] = rt
    return RawInput(tables, _sha256(data), notes, choice.unknown, choice.ignored)


# --- folders ----------------------------------------------------------------------------------

def folder_files(folder: Path, names: Names) -> dict[str, dict[str, Path]]:
    """Per folder form (suffix): canonical table -> file."""
    found: dict[str, dict[str, Path]] = {s: {} for s in FOLDER_SUFFIXES}
    for p in sorted(folder.iterdir()):
        suffix = p.suffix.lower()
        if not p.is_file() or suffix not in FOLDER_SUFFIXES:
            continue
        table = names.table(p.stem)
        if table is not None:
            if table in found[suffix]:
                raise InputError(f"“{found[suffix][table].name}”和“{p.name}”都对应表 "
                                 f"{TABLES[table].label}（{table}）", file=str(folder))
            found[suffix][table] = p
    return found


def _folder_digest(files: list[Path]) -> str:
    return _sha256(*(part for p in sorted(files, key=lambda p: p.name)
                     for part in (p.name.encode(), b"\0", p.read_bytes(), b"\0")))


def _unused(folder: Path, suffix: str, used: dict[str, Path]) -> list[Path]:
    names = {p.name for p in used.values()}
    return [p for p in sorted(folder.iterdir()) if p.suffix.lower() == suffix and p.name not in names]


def ignored_files(folder: Path, suffix: str, used: dict[str, Path]) -> list[str]:
    """A note for each file of the folder's format that is not one of the seven tables."""
    return [f"忽略文件“{p.name}”：不是七张表之一" for p in _unused(folder, suffix, used)]


def _csv_grid(text: str, file: str) -> pd.DataFrame:
    """All cells as text. Rows of different lengths (a one-cell title line above the header,
    a short 合计 line) are read as they are: the grid is as wide as the widest row."""
    options = dict(header=None, dtype=str, keep_default_na=False, na_values=[""],
                   skip_blank_lines=False)
    try:
        return pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError:
        pass                                  # ragged rows: measure the widest, read again
    except ValueError as e:
        raise InputError(f"无法解析 CSV（{e}）", file=file) from e
    try:
        width = max((len(row) for row in csv.reader(io.StringIO(text))), default=1)
        return pd.read_csv(io.StringIO(text), names=range(width), **options)
    except (csv.Error, pd.errors.ParserError, ValueError) as e:
        raise InputError(f"无法解析 CSV（{e}）", file=file) from e


def read_csv_folder(folder: Path, files: dict[str, Path], names: Names) -> RawInput:
    tables, notes = {}, ignored_files(folder, ".csv", files)
    for table, p in files.items():
        data = p.read_bytes()
        if not data.strip():
            raise InputError("文件为空", file=p.name)
        grid = _csv_grid(decode(data, p.name), p.name)
        rt = table_from_grid(grid, table, names, f"文件“{p.name}”", p.name, None, notes)
        if rt is None:
            raise InputError("文件为空", file=p.name)
        tables[table] = rt
    return RawInput(tables, _folder_digest(list(files.values())), notes,
                    ignored=[(f"文件“{p.name}”", "不是七张表之一") for p in _unused(folder, ".csv", files)])


def named_frame(df: pd.DataFrame, table: str, names: Names, where: str, file: str,
                 notes: list[str]) -> RawTable:
    """A frame whose columns carry the headers (Parquet, database); row = record number."""
    columns = map_header(list(df.columns), table, names, where, file, None, notes)
    frame = pd.DataFrame({c: df.iloc[:, j].reset_index(drop=True) for c, j in columns.items()},
                         index=pd.RangeIndex(len(df)))
    fate = {j: c for c, j in columns.items()}
    layout = Layout(where, [], [(str(h), fate.get(j)) for j, h in enumerate(df.columns)])
    return RawTable(table, frame, np.arange(1, len(df) + 1), where, layout=layout)


def read_parquet_folder(folder: Path, files: dict[str, Path], names: Names) -> RawInput:
    tables, notes = {}, ignored_files(folder, ".parquet", files)
    for table, p in files.items():
        try:
            df = to_frame(pq.read_table(p))
        except Exception as e:  # noqa: BLE001 - pyarrow raises many kinds
            raise InputError(f"无法读取 Parquet 文件（{type(e).__name__}: {e}）", file=p.name) from e
        tables[table] = named_frame(df, table, names, f"文件“{p.name}”", p.name, notes)
    return RawInput(tables, _folder_digest(list(files.values())), notes)


def _arrow_backed(t: pa.DataType):
    """Lists stay Arrow-backed (no array object per cell), booleans with gaps become pandas booleans."""
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return pd.ArrowDtype(t)
    return pd.BooleanDtype() if pa.types.is_boolean(t) else None


def to_frame(arr: pa.Table) -> pd.DataFrame:
    """An Arrow table (a Parquet file, a chunk of one) as the raw frame validation reads: text Arrow-backed, dates
    as datetime64, no Python object per cell (pandas' read_parquet makes one per list and per date)."""
    return arr.to_pandas(date_as_object=False, types_mapper=_arrow_backed)


# --- JSON Lines -------------------------------------------------------------------------------

def _json_lines(p: Path) -> list[tuple[int, object, str | None]]:
    """(line number, parsed object, reason it is unusable) per non-blank line."""
    data = p.read_bytes()
    if not data.strip():
        raise InputError("文件为空", file=p.name)
    out = []
    for n, line in enumerate(decode(data, p.name).splitlines(), 1):
        if not line.strip(WHITESPACE):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            out.append((n, line, f"第{n}行不是有效的 JSON（{e.msg}）"))
            continue
        if isinstance(obj, dict):
            out.append((n, obj, None))
        else:                                   # shown as written, not as a re-encoded list
            out.append((n, line.strip(WHITESPACE), f"第{n}行不是 JSON 对象"))
    return out


class _Collect:
    """Records of one table gathered from JSON objects."""

    def __init__(self, table: str, where: str):
        self.table, self.where = table, where
        self.records: list[dict] = []
        self.rows: list[int] = []
        self.broken: dict[int, tuple[str | None, object, str]] = {}
        self.ignored: set[str] = set()

    def add(self, obj: object, row: int, names: Names, reason: str | None = None) -> dict:
        rec: dict = {}
        if reason is None and not isinstance(obj, dict):
            reason = "不是 JSON 对象"
        if reason is not None:
            self.broken[len(self.records)] = (None, raw_text(obj), reason)
        elif isinstance(obj, dict):
            for k, v in obj.items():
                col = names.column(self.table, k)
                if col is not None:
                    rec[col] = v
                elif names.table(k) not in CASE_CHILDREN:
                    self.ignored.add(str(k))
        self.records.append(rec)
        self.rows.append(row)
        return rec

    def raw(self, notes: list[str]) -> RawTable:
        if self.ignored:
            notes.append(f"{self.where}：忽略无法识别的字段 {'、'.join(sorted(self.ignored))}")
        cols = [c for c in TABLES[self.table].names if any(c in r for r in self.records)]
        frame = pd.DataFrame({c: pd.Series([r.get(c) for r in self.records], dtype=object)
                              for c in cols}, index=pd.RangeIndex(len(self.records)))
        fates = [(c, c) for c in cols] + [(k, None) for k in sorted(self.ignored)]
        return RawTable(self.table, frame, np.array(self.rows, dtype=np.int64), self.where,
                        self.broken, Layout(self.where, columns=fates))


def read_jsonl(cases_path: Path, names: Names) -> RawInput:
    """Cases (children nested) from `cases_path`; officers/units from .jsonl files beside it."""
    notes: list[str] = []
    cases = _Collect("cases", f"文件“{cases_path.name}”")
    children: dict[str, _Collect] = {}
    for n, obj, reason in _json_lines(cases_path):
        case = cases.add(obj, n, names, reason)
        if reason is not None:
            continue
        case_id = case.get("case_id")
        for key, items in obj.items():
            child = names.table(key)
            if child not in CASE_CHILDREN:
                continue
            col = children.setdefault(child, _Collect(child, f"文件“{cases_path.name}”中的 {key}"))
            if items is None:
                continue
            if not isinstance(items, list):
                cases.broken[len(cases.records) - 1] = (None, raw_text(obj.get(key)),
                                                       f"{key} 应为列表")
                continue
            for item in items:
                rec = col.add(item, n, names)
                if not isinstance(item, dict):
                    continue
                given = rec.get("case_id")
                if _blank(given):
                    rec["case_id"] = case_id
                elif not _blank(case_id) and (raw_text(given).strip(WHITESPACE)
                                              != raw_text(case_id).strip(WHITESPACE)):
                    col.broken[len(col.records) - 1] = (
                        "case_id", raw_text(given), f"案件编号 {raw_text(given)} 与所在案件 "
                                                    f"{raw_text(case_id)} 不一致")
    tables = {"cases": cases.raw(notes)}
    tables.update({t: c.raw(notes) for t, c in children.items()})
    used = [cases_path]
    for p in sorted(cases_path.parent.glob("*.jsonl")):
        table = names.table(p.stem)
        if p == cases_path or table not in ("officers", "units"):
            continue
        if table in tables:
            raise InputError(f"有多个文件对应表 {TABLES[table].label}（{table}）", file=p.name)
        col = _Collect(table, f"文件“{p.name}”")
        for n, obj, reason in _json_lines(p):
            col.add(obj, n, names, reason)
        tables[table] = col.raw(notes)
        used.append(p)
    return RawInput(tables, _folder_digest(used), notes)


# --- database ---------------------------------------------------------------------------------

def mask_url(url: str) -> str:
    """The URL as shown to users: any password replaced by ***."""
    import sqlalchemy as sa
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported by the reader
        return url.split("@")[-1]


def _password(url: str) -> str | None:
    import sqlalchemy as sa
    try:
        return sa.make_url(url).password
    except Exception:  # noqa: BLE001
        return None


def driver_url(url: str) -> str:
    """postgresql:// uses psycopg2 when psycopg (3) is not installed."""
    if url.startswith("postgresql://"):
        import importlib.util
        if importlib.util.find_spec("psycopg") is None and importlib.util.find_spec("psycopg2"):
            return "postgresql+psycopg2://" + url[len("postgresql://"):]
    return url


def read_database(url: str, shown: str, names: Names) -> RawInput:
    import sqlalchemy as sa
    engine = None
    try:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            found: dict[str, str] = {}
            ignored, unknown = [], []
            for name in sa.inspect(conn).get_table_names():
                table = names.table(name)
                if table is None:
                    ignored.append(name)
                    unknown.append(("数据库表", name))
                else:
                    _claim(found, table, name, shown)
            frames = {t: pd.read_sql_table(n, conn) for t, n in found.items()}
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - drivers raise many kinds; the input is unreadable
        text = (str(e).strip().splitlines() or [""])[0]
        secret = _password(url)
        if secret:
            text = text.replace(secret, "***")
        raise InputError(f"无法读取数据库（{type(e).__name__}: {text}）", file=shown) from e
    finally:
        if engine is not None:
            engine.dispose()
    notes = [f"忽略数据库表：{'、'.join(ignored)}"] if ignored else []
    tables = {t: named_frame(df, t, names, f"数据库表“{found[t]}”", shown, notes)
              for t, df in frames.items()}
    digest = _sha256(*(part for t in sorted(tables) for part in (
        t.encode(), b"\0", tables[t].frame.to_csv(index=False).encode(), b"\0")))
    return RawInput(tables, digest, notes, unknown)
