"""Writing canonical case-file tables as xlsx, CSV/Parquet folders, JSON Lines or a database."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from casereview.engine.model.schema import BOOL, CASE_CHILDREN, DATE, DATETIME, INT, LIST, NUMBER, TABLES, Table
from casereview.casefiles.readers import driver_url
from casereview.casefiles.values import number_text

FORMATS = ("xlsx", "csv", "parquet", "jsonl", "sqlite", "sql")
LIST_JOIN = "；"


def _present(name: str, frame: pd.DataFrame) -> tuple[Table, list[str]]:
    if name not in TABLES:
        raise ValueError(f"未知的表“{name}”（可用：{'、'.join(TABLES)}）")
    table = TABLES[name]
    return table, [c for c in table.names if c in frame.columns]


def _has_time(frame: pd.DataFrame, column: str) -> pd.Series:
    flag = f"{column}__has_time"
    if flag in frame.columns:
        return frame[flag].fillna(False).astype(bool)
    stamps = pd.to_datetime(frame[column])
    return stamps.notna() & (stamps != stamps.dt.normalize())


def _stamp_texts(frame: pd.DataFrame, column: str, kind: str) -> pd.Series:
    stamps = pd.to_datetime(frame[column])
    out = stamps.dt.strftime("%Y-%m-%d")
    if kind == DATETIME:
        timed = _has_time(frame, column)
        out = out.where(~timed, stamps.dt.strftime("%Y-%m-%d %H:%M:%S"))
    return pd.Series([v if isinstance(v, str) else None for v in out.astype(object)],
                     index=out.index, dtype=object)


def _missing(v) -> bool:
    return v is None or (not isinstance(v, (tuple, list)) and pd.isna(v))


def _texts(frame: pd.DataFrame, table: Table, column: str) -> pd.Series:
    """One column as the text a CSV cell (or a database text column) holds; None = empty."""
    kind, s = table.column(column).kind, frame[column]
    if kind in (DATE, DATETIME):
        return _stamp_texts(frame, column, kind)
    if kind == BOOL:
        out = [None if _missing(v) else ("是" if v else "否") for v in s.astype(object)]
    elif kind in (NUMBER, INT):
        out = [None if _missing(v) else number_text(v) for v in s.astype(object)]
    elif kind == LIST:
        out = [LIST_JOIN.join(v) if isinstance(v, (tuple, list)) and len(v) else None for v in s]
    else:
        out = [None if _missing(v) else str(v) for v in s.astype(object)]
    return pd.Series(out, index=s.index, dtype=object)


def _json_value(v, kind: str):
    if _missing(v):
        return None
    if kind == BOOL:
        return bool(v)
    if kind == INT:
        return int(v)
    if kind == NUMBER:
        return float(v)
    if kind == LIST:
        return list(v)
    return v


def _heading(table: Table, column: str, headers: str) -> str:
    return table.column(column).label if headers == "zh" else column


def _table_name(table: Table, headers: str) -> str:
    return table.label if headers == "zh" else table.name


# --- xlsx -------------------------------------------------------------------------------------

def _write_xlsx(tables: dict[str, pd.DataFrame], dest: Path, headers: str) -> Path:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(dest), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    bold = wb.add_format({"bold": True})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    moment = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for name, frame in tables.items():
        table, cols = _present(name, frame)
        ws = wb.add_worksheet(_table_name(table, headers))
        ws.write_row(0, 0, [_heading(table, c, headers) for c in cols], bold)
        ws.freeze_panes(1, 0)
        for j, c in enumerate(cols):
            kind = table.column(c).kind
            ws.set_column(j, j, {DATE: 12, DATETIME: 20}.get(kind, 14))
            s = frame[c]
            if kind == DATETIME:
                timed = _has_time(frame, c).to_numpy()
                for i, (v, t) in enumerate(zip(pd.to_datetime(s), timed), 1):
                    if pd.isna(v):
                        continue
                    if t and v == v.normalize():      # a real midnight: keep "00:00:00" visible
                        ws.write_string(i, j, v.strftime("%Y-%m-%d %H:%M:%S"))
                    else:
                        ws.write_datetime(i, j, v.to_pydatetime(), moment if t else day)
            elif kind == DATE:
                ws.write_column(1, j, [None if pd.isna(v) else v.to_pydatetime()
                                       for v in pd.to_datetime(s)], day)
            elif kind in (NUMBER, INT):
                ws.write_column(1, j, [None if pd.isna(v) else (int(v) if kind == INT else float(v))
                                       for v in s.astype(object)])
            else:
                ws.write_column(1, j, list(_texts(frame, table, c)))
    wb.close()
    return dest


# --- folders ----------------------------------------------------------------------------------

def _write_csv(tables: dict[str, pd.DataFrame], dest: Path, headers: str, encoding: str) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        table, cols = _present(name, frame)
        out = pd.DataFrame({_heading(table, c, headers): _texts(frame, table, c) for c in cols},
                           dtype=object)
        out.to_csv(dest / f"{_table_name(table, headers)}.csv", index=False, encoding=encoding)
    return dest


def _arrow_column(frame: pd.DataFrame, table: Table, column: str):
    import pyarrow as pa
    kind, s = table.column(column).kind, frame[column]
    if kind == DATE:
        return pa.array([None if pd.isna(v) else v.date() for v in pd.to_datetime(s)], pa.date32())
    if kind == BOOL:
        return pa.array([None if pd.isna(v) else bool(v) for v in s.astype(object)], pa.bool_())
    if kind in (NUMBER, INT):
        typ = pa.int64() if kind == INT else pa.float64()
        return pa.array([None if pd.isna(v) else v for v in s.astype(object)], typ)
    if kind == LIST:
        return pa.array([list(v) if isinstance(v, (tuple, list)) and len(v) else None for v in s],
                        pa.list_(pa.string()))
    # DATETIME as text keeps "date only" apart from a real midnight
    return pa.array(list(_texts(frame, table, column)), pa.string())


def _write_parquet(tables: dict[str, pd.DataFrame], dest: Path, headers: str) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq
    dest.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        table, cols = _present(name, frame)
        arrays = {_heading(table, c, headers): _arrow_column(frame, table, c) for c in cols}
        pq.write_table(pa.table(arrays), dest / f"{_table_name(table, headers)}.parquet")
    return dest


def _records(frame: pd.DataFrame, table: Table, cols: list[str]) -> list[dict]:
    values = {}
    for c in cols:
        kind = table.column(c).kind
        if kind in (DATE, DATETIME):
            values[c] = list(_stamp_texts(frame, c, kind))
        else:
            values[c] = [_json_value(v, kind) for v in frame[c].astype(object)]
    return [dict(zip(cols, row)) for row in zip(*(values[c] for c in cols))] if cols else \
        [{} for _ in range(len(frame))]


def _write_jsonl(tables: dict[str, pd.DataFrame], dest: Path) -> Path:
    """dest: the cases file (….jsonl) or a folder to hold cases.jsonl; others go beside it."""
    if "cases" not in tables:
        raise ValueError("JSON Lines 需要案件表（cases）")
    cases_file = dest if dest.suffix.lower() == ".jsonl" else dest / "cases.jsonl"
    folder = cases_file.parent
    folder.mkdir(parents=True, exist_ok=True)
    cases_table, case_cols = _present("cases", tables["cases"])
    cases = _records(tables["cases"], cases_table, case_cols)
    ids = [rec.get("case_id") for rec in cases]
    nested: dict[str, dict[str, list[dict]]] = {}
    for child in CASE_CHILDREN:
        if child not in tables:
            continue
        table, cols = _present(child, tables[child])
        if "case_id" not in cols:
            raise ValueError(f"表 {child} 缺少 case_id，无法嵌入案件")
        by_case: dict[str, list[dict]] = {}
        for rec in _records(tables[child], table, cols):
            by_case.setdefault(rec.pop("case_id"), []).append(rec)
        orphans = set(by_case) - set(ids)
        if orphans:
            raise ValueError(f"表 {child} 中的案件编号 {'、'.join(map(str, sorted(orphans, key=str)))}"
                             f" 不在案件表中，无法写入 JSON Lines")
        nested[child] = by_case
    with open(cases_file, "w", encoding="utf-8") as f:
        for rec, case_id in zip(cases, ids):
            rec.update({child: by_case.get(case_id, []) for child, by_case in nested.items()})
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    for name in ("officers", "units"):
        if name in tables:
            table, cols = _present(name, tables[name])
            with open(folder / f"{name}.jsonl", "w", encoding="utf-8") as f:
                for rec in _records(tables[name], table, cols):
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return cases_file


# --- database ---------------------------------------------------------------------------------

def _write_sql(tables: dict[str, pd.DataFrame], url: str) -> None:
    import sqlalchemy as sa
    types = {BOOL: sa.Boolean, NUMBER: sa.Float, INT: sa.BigInteger}
    engine = sa.create_engine(driver_url(url))
    try:
        with engine.begin() as conn:
            for name, frame in tables.items():
                table, cols = _present(name, frame)
                out = {}
                for c in cols:
                    kind = table.column(c).kind
                    if kind == BOOL:
                        out[c] = pd.Series([None if pd.isna(v) else bool(v)
                                            for v in frame[c].astype(object)], dtype=object)
                    elif kind in (NUMBER, INT):
                        out[c] = frame[c].reset_index(drop=True)
                    else:
                        out[c] = _texts(frame, table, c).reset_index(drop=True)
                dtype = {c: types.get(table.column(c).kind, sa.Text)() for c in cols}
                pd.DataFrame(out, columns=cols).to_sql(name, conn, if_exists="replace",
                                                       index=False, dtype=dtype)
    finally:
        engine.dispose()


def write_tables(tables: dict[str, pd.DataFrame], dest: str | Path, fmt: str, *,
                 headers: str = "zh", encoding: str = "utf-8") -> Path | str:
    """Write canonical frames (as in CaseFileSet.tables) to `dest`; returns what to load back.

    fmt: xlsx (a workbook file), csv / parquet (a folder, one file per table), jsonl (dest is the
    cases file `….jsonl`, or a folder to hold cases.jsonl; children nested, officers.jsonl and
    units.jsonl beside it; keys canonical), sqlite (a database file, canonical table names) or
    sql (dest is a SQLAlchemy URL).
    headers: "zh" Chinese sheet/file names and headers, "en" canonical (xlsx, csv, parquet).
    encoding: CSV only, e.g. "utf-8", "utf-8-sig", "gb18030".
    Helper columns (_row, _invalid, *__has_time) and unknown columns are not written."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的格式“{fmt}”（可用：{'、'.join(FORMATS)}）")
    if headers not in ("zh", "en"):
        raise ValueError("headers 只能是 zh 或 en")
    if fmt == "sql":
        _write_sql(tables, str(dest))
        return str(dest)
    dest = Path(dest)
    if fmt in ("xlsx", "sqlite"):
        dest.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        return _write_xlsx(tables, dest, headers)
    if fmt == "csv":
        return _write_csv(tables, dest, headers, encoding)
    if fmt == "parquet":
        return _write_parquet(tables, dest, headers)
    if fmt == "jsonl":
        return _write_jsonl(tables, dest)
    _write_sql(tables, f"sqlite:///{dest.resolve()}")
    return dest

