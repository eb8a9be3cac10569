"""Gherkin data tables → case-file rows: Chinese or English headers, cell text → typed values."""
from __future__ import annotations

import re
from datetime import date, datetime

from casereview.casefiles.readers import Names
from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TABLES
from casereview.casefiles.values import BOOL_WORDS, LIST_SPLIT

_NAMES = Names()
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")
BLANKS = ("", "空", "（空）")


class SpecError(ValueError):
    """A scenario written in a way the step library cannot understand (not a rule failure)."""


def column_of(table: str, header: str) -> str:
    """Canonical column name for a header given as the Chinese label or the English name."""
    name = _NAMES.column(table, header.strip())
    if name is None:
        t = TABLES[table]
        known = "、".join(c.label for c in t.columns)
        raise SpecError(f"{t.label}表没有“{header}”列（可用：{known}）")
    return name


def cell_value(table: str, column: str, text: str):
    """One cell as the case-file loader would read it; blank → None (not recorded)."""
    text = text.strip()
    if text in BLANKS:
        return [] if TABLES[table].column(column).kind == LIST else None
    col = TABLES[table].column(column)
    where = f"{TABLES[table].label}表“{col.label}”"
    if col.kind == DATE:
        if not _DATE.match(text):
            raise SpecError(f"{where}的日期须写作 YYYY-MM-DD：{text}")
        date.fromisoformat(text)
        return text
    if col.kind == DATETIME:
        if _DATE.match(text):
            return text
        if not _DATETIME.match(text):
            raise SpecError(f"{where}的时间须写作 YYYY-MM-DD HH:MM[:SS] 或 YYYY-MM-DD：{text}")
        datetime.fromisoformat(text.replace(" ", "T"))
        return text
    if col.kind == BOOL:
        key = text.casefold()
        if key not in BOOL_WORDS:
            raise SpecError(f"{where}须为 是/否：{text}")
        return BOOL_WORDS[key]
    if col.kind in (NUMBER, INT):
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise SpecError(f"{where}须为数字：{text}") from None
        return int(value) if col.kind == INT else value
    if col.kind == LIST:
        return [x.strip() for x in LIST_SPLIT.split(text) if x.strip()]
    if col.kind == ENUM and text not in col.choices:
        raise SpecError(f"{where}的取值“{text}”不在可选值（{'、'.join(col.choices)}）中")
    return text


def rows_from_table(table: str, datatable: list[list[str]]) -> list[dict]:
    """A table with a header row: one dict per following row, only the columns given."""
    if not datatable or len(datatable) < 2:
        raise SpecError(f"{TABLES[table].label}表至少要有表头行和一行数据")
    header = [column_of(table, h) for h in datatable[0]]
    return [{c: cell_value(table, c, v) for c, v in zip(header, row)} for row in datatable[1:]]


def row_from_pairs(table: str, datatable: list[list[str]]) -> dict:
    """A two-column table of 字段 | 值 pairs (an optional first row “字段 | 值” is skipped)."""
    pairs = [r for r in datatable if [x.strip() for x in r] != ["字段", "值"]]
    if any(len(r) != 2 for r in pairs):
        raise SpecError("竖排表每行须是“字段 | 值”两列")
    out = {}
    for field, value in pairs:
        c = column_of(table, field)
        out[c] = cell_value(table, c, value)
    return out


def text_list(text: str) -> list[str]:
    """“立案审批表、询问笔录” → ['立案审批表', '询问笔录'] (separators as in the case-file loader)."""
    return [x.strip() for x in LIST_SPLIT.split(text.strip().strip("“”\"")) if x.strip()]


def table_of(label: str) -> str:
    """Table name for a Chinese table label (执法活动, 人员, ...) or an English one."""
    name = _NAMES.table(label.strip().removesuffix("表")) or _NAMES.table(label.strip())
    if name is None:
        known = "、".join(t.label for t in TABLES.values())
        raise SpecError(f"没有“{label}”表（可用：{known}）")
    return name
