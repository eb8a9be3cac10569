"""A re-review shown on the terminal: rich tables on a TTY, plain tab-separated text otherwise."""
from __future__ import annotations

import sys
from typing import TextIO

import pandas as pd

from casereview.reports import diff as d
from casereview.reports.diff_book import case_columns, detail_columns, labelled_details, summary_rows, unit_columns
from casereview.reports.xlsx_style import Columns

MAX_ROWS = 200      # longer tables are cut on screen; the files hold everything


def render(diff: d.RunDiff, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    changed_cases = diff.cases[diff.cases[list(d.CATEGORIES[:4])].sum(axis=1).gt(0)
                               | diff.cases["status"].ne("复查")]
    sections = [("汇总", pd.DataFrame(summary_rows(diff), columns=["item", "value"]),
                 [("项目", "item", "text"), ("数值", "value", "text")]),
                ("明细（有变化的案件/单位 × 规则）", labelled_details(diff), _short_details()),
                ("案件变化（有变化的案件）", changed_cases, _short(case_columns(), 9)),
                ("单位合规率变化", diff.units, _short(unit_columns(), 6))]
    if stream.isatty():
        _rich(sections, stream)
    else:
        _plain(sections, stream)


def _short_details() -> Columns:
    keep = ("scope", "case_id", "unit_id", "rule_id", "system", "category", "before_label", "after_label")
    return [c for c in detail_columns() if c[1] in keep]


def _short(cols: Columns, n: int) -> Columns:
    return [c for c in cols if c[1] != "unit_name"][:n]


def _cells(frame: pd.DataFrame, cols: Columns) -> list[list[str]]:
    rows = []
    for rec in frame.head(MAX_ROWS).to_dict("records"):
        rows.append([_fmt(rec.get(key), kind) for _, key, kind in cols])
    return rows


def _fmt(value, kind: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if kind == "rate":
        return f"{float(value):.1%}"
    if kind == "score" and isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _more(frame: pd.DataFrame) -> str | None:
    return f"（另有 {len(frame) - MAX_ROWS} 行未显示，见输出文件）" if len(frame) > MAX_ROWS else None


def _rich(sections, stream: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream)
    for title, frame, cols in sections:
        table = Table(title=title, title_justify="left")
        for header, _, kind in cols:
            table.add_column(header, justify="right" if kind in ("int", "score", "rate", "number") else "left")
        for row in _cells(frame, cols):
            table.add_row(*(Text(c) for c in row))     # Text: no markup read from data
        console.print(table)
        if _more(frame):
            console.print(Text(_more(frame)))


def _plain(sections, stream: TextIO) -> None:
    for title, frame, cols in sections:
        print(f"== {title} ==", file=stream)
        print("\t".join(h for h, _, _ in cols), file=stream)
        for row in _cells(frame, cols):
            print("\t".join(row), file=stream)
        if _more(frame):
            print(_more(frame), file=stream)
