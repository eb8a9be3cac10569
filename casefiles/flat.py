"""Flat exports: one sheet of cases × acts (or reviews, documents, recordings) split into two tables.

A mapping's `flat:` key names the source (sheet, CSV file stem, database table) and what it holds:

    flat:
      执法活动台账: [cases, acts]

The reader reads that source as the cases table, child columns named "acts.act_id" and so on
(readers.Names.column). `split_flat` then makes of it one case per case_id (its row = its first
row) and one child record per row that has any child value (its row = its own row). The case
fields repeated on a case's rows must agree: a blank cell agrees with anything (exports often
fill them in on the first row only), two different values reject the case naming both rows.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from casereview.casefiles.readers import Layout, Names, RawInput, RawTable, norm_name
from casereview.engine.model.schema import CASES, TABLES
from casereview.casefiles.values import WHITESPACE, Unreadable, parse_column, raw_text
from casereview.errors import InputError


def split_flat(raw: RawInput, names: Names) -> RawInput:
    """`raw` with its flat cases table (if the mapping declares one) split into cases + child."""
    cases = raw.tables.get("cases")
    if not names.flat or cases is None:
        return raw
    child = flat_child_of(cases, names)
    if child is None:             # the mapping's flat source is not in this input: a plain cases table
        cases.frame = cases.frame.drop(columns=[c for c in cases.frame.columns if "." in c])
        if cases.layout is not None:          # those child columns are ignored here, as without flat
            cases.layout.columns = [(h, None if c and "." in c else c) for h, c in cases.layout.columns]
        raw.notes.append(f"{cases.where}不是映射文件 flat 中声明的宽表，按普通案件表读取")
        return raw
    if child in raw.tables:
        raise_clash(raw, cases, child)
    tables = dict(raw.tables)
    tables["cases"], tables[child] = split_table(cases, child, raw.notes)
    return replace(raw, tables={t: tables[t] for t in TABLES if t in tables})


def source_name(where: str) -> str | None:
    """The sheet / file stem / database table named in a reader's `where` (工作表“台账”, 文件“台账.csv”);
    None for anything else (nested JSON Lines data, a split child)."""
    found = re.fullmatch(r"(工作表|文件|数据库表)“(.+)”", where)
    if not found:
        return None
    return Path(found[2]).stem if found[1] == "文件" else found[2]


def flat_child_of(rt: RawTable | None, names: Names) -> str | None:
    """The child table `rt` holds when it was read from a source the mapping declares flat."""
    name = source_name(rt.where) if rt is not None else None
    return names.flat.get(norm_name(name)) if name is not None else None


def raise_clash(raw: RawInput, cases: RawTable, child: str) -> None:
    label = TABLES[child].label
    raise InputError(f"{cases.where}已声明为案件×{label}的一行一项宽表（映射文件 flat），"
                     f"{raw.tables[child].where}又提供了{label}，无法确定使用哪一个")


def _blank(values: pd.Series) -> np.ndarray:
    """Empty, white space only, or an empty list."""
    arr = values.to_numpy(dtype=object)
    out = np.asarray(pd.isna(arr), dtype=bool)
    for i in np.flatnonzero(~out):
        v = arr[i]
        if isinstance(v, str):
            out[i] = not v.strip(WHITESPACE)
        elif isinstance(v, tuple):
            out[i] = not v
    return out


def _comparable(raw: pd.Series, column: str) -> list:
    """Per cell, what two rows must agree on: None when blank, the parsed value, or the text
    as written when it does not parse."""
    parsed = parse_column(raw, CASES.column(column))
    blank, bad = _blank(raw), parsed.bad.to_numpy()
    return [None if e or type(r) is Unreadable else ("原文", raw_text(r)) if b else v
            for v, r, b, e in zip(parsed.values.to_numpy(dtype=object), raw.to_numpy(dtype=object), bad, blank)]


def _case_keys(frame: pd.DataFrame) -> np.ndarray:
    """Group number per row: rows of one case_id share it; a row without a usable id is alone."""
    if "case_id" not in frame:
        return np.arange(len(frame))
    ids = parse_column(frame["case_id"], CASES.column("case_id")).values.to_numpy()
    keys = [("id", i) if isinstance(i, str) else ("row", n) for n, i in enumerate(ids)]
    return pd.factorize(pd.Series(keys, dtype=object))[0]


def _conflicts(frame: pd.DataFrame, group: np.ndarray, rows: np.ndarray, case_ids: list
               ) -> dict[int, tuple[str, object, str]]:
    """Case -> (column, values, reason) when its rows disagree on a case field (one per column)."""
    reasons: dict[int, list[str]] = {}
    first_col: dict[int, tuple[str, str]] = {}
    for col in (c for c in frame.columns if c != "case_id"):
        seen: dict[int, tuple[int, object]] = {}
        told: set[int] = set()
        for pos, v in enumerate(_comparable(frame[col], col)):
            g = int(group[pos])
            if v is None or g in told:
                continue
            if g not in seen:
                seen[g] = (pos, v)
                continue
            p0, v0 = seen[g]
            if v0 == v:
                continue
            told.add(g)
            a, b = raw_text(frame[col].iat[p0]), raw_text(frame[col].iat[pos])
            reasons.setdefault(g, []).append(
                f"案件 {case_ids[g]} 的第{rows[p0]}行与第{rows[pos]}行{CASES.column(col).label}不一致"
                f"（{a} / {b}），无法判断哪一行正确")
            first_col.setdefault(g, (col, f"{a} / {b}"))
    return {g: (*first_col[g], "；".join(r)) for g, r in reasons.items()}


def _case_values(raw: pd.Series, group: np.ndarray, n_cases: int) -> list:
    """Per case, its first filled cell; a cell that cannot be read (formula without a saved
    result) wins, so that the case's value is rejected naming that cell, as in any sheet."""
    out: list = [None] * n_cases
    rank = [0] * n_cases                     # 0 nothing yet, 1 a filled cell, 2 an unreadable one
    for v, g, blank in zip(raw.to_numpy(dtype=object), group, _blank(raw)):
        r = 2 if type(v) is Unreadable else 0 if blank else 1
        if r > rank[g]:
            out[g], rank[g] = v, r
    return out


def split_table(rt: RawTable, child: str, notes: list[str]) -> tuple[RawTable, RawTable]:
    """The flat cases table -> (cases, child); every row is in exactly one case."""
    frame = rt.frame.reset_index(drop=True)
    prefix = f"{child}."
    child_cols = [c for c in frame.columns if c.startswith(prefix)]
    case_cols = [c for c in frame.columns if c not in child_cols]
    group = _case_keys(frame)
    n_cases = int(group.max()) + 1 if len(group) else 0
    first = pd.Series(np.arange(len(frame))).groupby(group, sort=True).first().to_numpy()
    ids = frame["case_id"].to_numpy(dtype=object) if "case_id" in frame else [None] * len(frame)
    case_ids = [raw_text(ids[p]) for p in first]

    cases_frame = pd.DataFrame({c: _case_values(frame[c], group, n_cases) for c in case_cols},
                               index=pd.RangeIndex(n_cases))
    broken = _conflicts(frame[case_cols], group, rt.rows, case_ids)
    for pos, problem in rt.broken.items():                 # a row the reader could not read: its case too
        column, value, reason = problem
        g = int(group[pos])
        if g not in broken:
            broken[g] = (column, value, f"第{rt.rows[pos]}行：{reason}")

    has_child = np.zeros(len(frame), dtype=bool)
    for c in child_cols:
        has_child |= ~_blank(frame[c])
    at = np.flatnonzero(has_child)
    child_frame = pd.DataFrame({c[len(prefix):]: frame[c].iloc[at].reset_index(drop=True)
                                for c in child_cols}, index=pd.RangeIndex(len(at)))
    if "case_id" in frame:
        child_frame.insert(0, "case_id", frame["case_id"].iloc[at].reset_index(drop=True))
    child_frame = child_frame[[c for c in TABLES[child].names if c in child_frame]]

    label = TABLES[child].label
    without = n_cases - len(set(group[at].tolist()))
    notes.append(f"{rt.where}：一行一项的宽表，{len(frame)} 行拆分为 {n_cases} 件案件、{len(at)} 项{label}"
                 f"（{without} 件案件没有{label}）")
    cases_layout = rt.layout
    child_layout = None if rt.layout is None else Layout(
        rt.layout.source, rt.layout.header_rows,
        [(h, c[len(prefix):]) for h, c in rt.layout.columns if c and c.startswith(prefix)])
    return (RawTable("cases", cases_frame, rt.rows[first], rt.where, broken, cases_layout),
            RawTable(child, child_frame, rt.rows[at], f"{rt.where}（{label}）", {}, child_layout))
