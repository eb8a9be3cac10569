"""Builders of broken inputs: CSV folders in any encoding, workbooks, JSON Lines, packs."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import xlsxwriter

ROOT = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parent / "files"
CASES_HEAD = "案件编号,办案单位编码,执法类别"
OK_CASE = "C1,U1,行政处罚"


def cases_csv(*rows: str, head: str = CASES_HEAD) -> str:
    return "\n".join([head, *rows]) + "\n"


def csv_folder(tables: dict[str, str | bytes], encoding: str = "utf-8") -> Callable[[Path], list[str]]:
    """Files by name; text is encoded with `encoding`, bytes written as they are."""
    def build(tmp: Path) -> list[str]:
        src = tmp / "in"
        src.mkdir()
        for name, body in tables.items():
            data = body if isinstance(body, bytes) else body.encode(encoding)
            (src / name).write_bytes(data)
        return [str(src)]
    return build


def one_column(column: str, value: str, table: str = "cases.csv") -> Callable[[Path], list[str]]:
    """The cases table with one extra column holding `value` for case C1 (row 2)."""
    return csv_folder({table: cases_csv(f"{OK_CASE},{value}", head=f"{CASES_HEAD},{column}")})


def with_acts(acts: str, *, recordings: str | None = None, cases: str | None = None,
              officers: str | None = None) -> Callable[[Path], list[str]]:
    tables = {"cases.csv": cases or cases_csv(OK_CASE), "acts.csv": acts}
    if recordings is not None:
        tables["recordings.csv"] = recordings
    if officers is not None:
        tables["officers.csv"] = officers
    return csv_folder(tables)


def workbook(sheets: dict[str, list[list]], name: str = "in.xlsx",
             decorate: Callable | None = None) -> Callable[[Path], list[str]]:
    """An .xlsx via XlsxWriter; `decorate(workbook, worksheets)` adds merges, formulas, dates."""
    def build(tmp: Path) -> list[str]:
        path = tmp / name
        wb = xlsxwriter.Workbook(str(path))
        sheets_out = {}
        for title, rows in sheets.items():
            ws = wb.add_worksheet(title)
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    if v is not None:
                        ws.write(i, j, v)
            sheets_out[title] = ws
        if decorate is not None:
            decorate(wb, sheets_out)
        wb.close()
        return [str(path)]
    return build


def raw_file(name: str, data: bytes | Callable[[Path], bytes]) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        path = tmp / name
        path.write_bytes(data(tmp) if callable(data) else data)
        return [str(path)]
    return build


def jsonl(text: str) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        path = tmp / "cases.jsonl"
        path.write_text(text, encoding="utf-8")
        return [str(path)]
    return build


def with_pack(edit: Callable[[str, Path], str]) -> Callable[[Path], list[str]]:
    """A valid CSV input reviewed with a copy of the standard pack changed by `edit(text, tmp)`."""
    def build(tmp: Path) -> list[str]:
        args = csv_folder({"cases.csv": cases_csv(OK_CASE)})(tmp)
        text = (ROOT / "rules" / "三项制度.yaml").read_text(encoding="utf-8")
        pack = tmp / "坏规则包.yaml"
        pack.write_text(edit(text, tmp), encoding="utf-8")
        return [*args, "--pack", str(pack)]
    return build


def with_extra(build: Callable[[Path], list[str]], *extra: str) -> Callable[[Path], list[str]]:
    def wrapped(tmp: Path) -> list[str]:
        return [*build(tmp), *extra]
    return wrapped
