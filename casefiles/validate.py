"""Raw tables -> canonical typed frames plus rejects: required values, unique ids, references."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from casereview.casefiles.lookup import look_alikes, positions
from casereview.casefiles.readers import RawTable
from casereview.engine.model.schema import CASE_CHILDREN, DATETIME, TABLES, Table
from casereview.casefiles.tables import RECORD, REJECT_COLUMNS, VALUE, empty_rejects
from casereview.casefiles.values import Parsed, empty_column, parse_column, raw_text

_PROBLEM = ["pos", "column", "value", "error"]


@dataclass
class _Refs:
    """Ids seen so far: every id read, and the ids of records kept."""

    cases_all: set = field(default_factory=set)
    cases_kept: pd.Index = field(default_factory=lambda: pd.Index([], dtype=object))
    acts_present: bool = False
    acts_all: set = field(default_factory=set)
    acts_kept: pd.Series = field(default_factory=lambda: pd.Series([], dtype=object))  # act_id -> case_id


def _problems(pos: np.ndarray, column: str | None, values, errors) -> pd.DataFrame:
    n = len(pos)
    as_list = (lambda x: list(x) if not isinstance(x, (str, type(None))) else [x] * n)
    return pd.DataFrame({"pos": pos, "column": [column] * n, "value": as_list(values),
                         "error": as_list(errors)}, columns=_PROBLEM)


def _raw_texts(rt: RawTable, column: str, pos: np.ndarray) -> list[str | None]:
    if column not in rt.frame:
        return [None] * len(pos)
    return [raw_text(v) for v in rt.frame[column].iloc[pos].to_numpy()]


def _label(table: Table, column: str) -> str:
    return f"{table.column(column).label}（{column}）"


def _value_checks(rt: RawTable, table: Table, parsed: dict[str, Parsed]
                  ) -> tuple[list[pd.DataFrame], list[pd.DataFrame]]:
    """Record problems (broken, missing required) and value problems (bad optional values)."""
    n = len(rt.frame)
    records, values = [], []
    if rt.broken:
        pos = np.array(sorted(rt.broken))
        records.append(pd.DataFrame([(p, *rt.broken[p]) for p in pos], columns=_PROBLEM))
    for c in table.columns:
        if c.required and c.name not in parsed:
            records.append(_problems(np.arange(n), c.name, None,
                                     f"缺少必填列 {_label(table, c.name)}"))
    for name, p in parsed.items():
        c = table.column(name)
        bad = p.bad.to_numpy()
        pos = np.flatnonzero(bad)
        if len(pos):
            errors = [f"{_label(table, name)}{e}" for e in p.errors.to_numpy()[pos]]
            found = _problems(pos, name, _raw_texts(rt, name, pos), errors)
            (records if c.required else values).append(found)
        if c.required:
            pos = np.flatnonzero(p.values.isna().to_numpy() & ~bad)
            if len(pos):
                records.append(_problems(pos, name, None, f"{_label(table, name)}不能为空"))
    return records, values


def _time_order(name: str, parsed: dict[str, Parsed]) -> None:
    """An end before its start (or a zero-length recording) is a rejected end value."""
    if name not in ("acts", "recordings") or not {"start_time", "end_time"} <= parsed.keys():
        return
    start, end = parsed["start_time"], parsed["end_time"]
    s, e = start.values, end.values
    timed = (start.has_time & end.has_time).to_numpy(dtype=bool)
    both = (s.notna() & e.notna()).to_numpy(dtype=bool)
    early = both & np.where(timed, (e < s).to_numpy(), (e.dt.normalize() < s.dt.normalize()).to_numpy())
    zero = both & timed & (e == s).to_numpy() if name == "recordings" else np.zeros(len(s), bool)
    for mask, reason in ((early, "早于开始时间 {}"), (zero, "与开始时间 {} 相同，时长为零")):
        idx = e.index[mask]
        if len(idx):
            end.errors[idx] = [reason.format(t.strftime("%Y-%m-%d %H:%M")) for t in s[idx]]
            end.values[idx] = pd.NaT
            end.has_time[idx] = False


def _repeated_ids(name: str, parsed: dict[str, Parsed]) -> None:
    """The same officer twice in one list counts once (one person is not two), listed as a data problem."""
    column = {"acts": "officer_ids", "cases": "handler_ids"}.get(name)
    if column not in parsed:
        return
    p = parsed[column]
    rows = _rows_repeating(p.values)
    if len(rows):
        idx = p.values.index[rows]
        twice = p.values[idx].map(lambda ids: sorted({i for i in ids if ids.count(i) > 1}))
        p.errors[idx] = [f"中 {'、'.join(ids)} 重复列出，按一人计" for ids in twice[idx]]
        p.values[idx] = pd.Series([tuple(dict.fromkeys(p.values[i])) for i in idx], index=idx, dtype=object)


def _rows_repeating(lists: pd.Series) -> np.ndarray:
    """Positions of the lists (tuples) holding an item twice: (row, item) pairs as one integer each, sorted,
    equal neighbours found (no frame of pairs, no Python per pair)."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    items = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=lengths.sum())
    codes, distinct = pd.factorize(items, use_na_sentinel=False)
    width = len(distinct) + 1
    pairs = np.sort(np.repeat(np.arange(len(lengths), dtype=np.int64), lengths) * width + codes)
    return np.unique(pairs[1:][pairs[1:] == pairs[:-1]] // width)


def _duplicates(rt: RawTable, table: Table, parsed: dict[str, Parsed]) -> list[pd.DataFrame]:
    if table.id_column not in parsed:
        return []
    ids = parsed[table.id_column].values
    dup = ids.notna() & ids.duplicated(keep=False)
    if not dup.any():
        return []
    counts = ids[dup].map(ids[dup].value_counts())
    errors = [f"{_label(table, table.id_column)} {i} 重复出现 {k} 次，无法判断哪一条正确"
              for i, k in zip(ids[dup], counts)]
    pos = np.flatnonzero(dup.to_numpy())
    return [_problems(pos, table.id_column, _raw_texts(rt, table.id_column, pos), errors)]


def _references(rt: RawTable, parsed: dict[str, Parsed], refs: _Refs) -> list[pd.DataFrame]:
    """Children must point at a kept case; a recording's act must be a kept act of its case."""
    if rt.name not in CASE_CHILDREN or "case_id" not in parsed:
        return []
    out = []
    cases = parsed["case_id"].values
    dangling = cases.notna() & (positions(cases, refs.cases_kept) < 0)
    if dangling.any():
        strays = cases[dangling]
        alike = look_alikes([c for c in strays if c not in refs.cases_all], refs.cases_kept)
        errors = [f"所属案件 {c} 已被拒收" if c in refs.cases_all else f"案件编号 {c} 不存在" + _alike_note(alike.get(c))
                  for c in strays]
        pos = np.flatnonzero(dangling.to_numpy())
        out.append(_problems(pos, "case_id", _raw_texts(rt, "case_id", pos), errors))
    if rt.name == "recordings" and "act_id" in parsed:
        acts = parsed["act_id"].values
        owner = acts.map(refs.acts_kept)
        wrong = acts.notna() & (owner != cases).fillna(True).astype(bool)
        errors = []
        for a, c in zip(acts[wrong], cases[wrong]):
            if a in refs.acts_kept:
                errors.append(f"活动编号 {a} 属于案件 {refs.acts_kept[a]}，不属于本记录的案件 {c}")
            elif a in refs.acts_all:
                errors.append(f"所属执法活动 {a} 已被拒收")
            else:
                errors.append(f"活动编号 {a} 不存在" + ("" if refs.acts_present
                                                     else "（未提供执法活动表）"))
        pos = np.flatnonzero(wrong.to_numpy())
        if len(pos):
            out.append(_problems(pos, "act_id", _raw_texts(rt, "act_id", pos), errors))
    return out


def _alike_note(alike: list[str] | None) -> str:
    if not alike:
        return ""
    return (f"（与案件 {'、'.join(alike)} 只差大小写、全角半角或空格，可能属于该案：该案依赖本表的规则判为无法判定）")


def _frame(table: Table, parsed: dict[str, Parsed], n: int, rows: np.ndarray,
           invalid: pd.Series, keep: np.ndarray) -> pd.DataFrame:
    cols: dict[str, pd.Series] = {}
    for c in table.columns:
        p = parsed.get(c.name)
        cols[c.name] = p.values.reset_index(drop=True) if p else empty_column(c, n)
        if c.kind == DATETIME:
            has_time = p.has_time if p and p.has_time is not None else pd.Series(False, index=range(n))
            cols[f"{c.name}__has_time"] = has_time.reset_index(drop=True).astype(bool)
    cols["_row"] = pd.Series(rows, dtype="int64")
    cols["_invalid"] = invalid
    return pd.DataFrame(cols).loc[keep].reset_index(drop=True)


def validate_table(rt: RawTable, refs: _Refs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One table -> (kept canonical frame, its rejects)."""
    table = TABLES[rt.name]
    n = len(rt.frame)
    parsed = {c.name: parse_column(rt.frame[c.name], c) for c in table.columns
              if c.name in rt.frame}
    _time_order(rt.name, parsed)
    _repeated_ids(rt.name, parsed)
    records, values = _value_checks(rt, table, parsed)
    records += _duplicates(rt, table, parsed) + _references(rt, parsed, refs)
    if rt.broken:              # a record the reader could not take apart: its own reason only
        records = [records[0]] + [r[~r["pos"].isin(list(rt.broken))] for r in records[1:]]

    rec = pd.concat(records, ignore_index=True) if records else pd.DataFrame(columns=_PROBLEM)
    rec = rec.sort_values("pos", kind="stable")
    head = rec.drop_duplicates("pos").set_index("pos")
    head["error"] = _joined(rec)
    head["scope"] = RECORD
    keep = np.ones(n, dtype=bool)
    keep[head.index.to_numpy(dtype=np.int64)] = False

    val = pd.concat(values, ignore_index=True) if values else pd.DataFrame(columns=_PROBLEM)
    val = val[keep[val["pos"].to_numpy(dtype=np.int64)]].sort_values("pos", kind="stable")
    invalid = _invalid(val, n)
    val = val.set_index("pos").assign(scope=VALUE)

    rejects = pd.concat([head, val]).sort_index(kind="stable")
    pos = rejects.index.to_numpy(dtype=np.int64)
    ids = parsed[table.id_column].values if table.id_column in parsed else None
    has_case = rt.name == "cases" or table.parent == "cases"
    case_ids = parsed["case_id"].values if "case_id" in parsed else None
    rejects = pd.DataFrame({
        "table": rt.name, "row": [int(r) for r in rt.rows[pos]],
        "record_id": _pick(ids, rt, table.id_column, pos),
        "column": list(rejects["column"]), "value": list(rejects["value"]),
        "error": list(rejects["error"]),
        "case_id": _owner(case_ids, rt, pos) if has_case else [None] * len(pos),
        "scope": list(rejects["scope"])}, columns=REJECT_COLUMNS, dtype=object)

    kept = _frame(table, parsed, n, rt.rows, invalid, keep)
    if rt.name == "cases":
        refs.cases_all = set(ids.dropna()) if ids is not None else set()
        refs.cases_kept = pd.Index(kept["case_id"].dropna().unique())
    elif rt.name == "acts":
        refs.acts_present = True
        refs.acts_all = set(ids.dropna()) if ids is not None else set()
        owners = pd.Series(kept["case_id"].to_numpy(), index=kept["act_id"].to_numpy())
        refs.acts_kept = owners[owners.index.notna() & ~owners.index.duplicated(keep="last")]
    return kept, rejects


def _joined(rec: pd.DataFrame) -> pd.Series:
    """All reasons of one record in one text (rec sorted by pos)."""
    out: dict[int, list[str]] = {}
    for p, e in zip(rec["pos"], rec["error"]):
        out.setdefault(int(p), []).append(e)
    return pd.Series({p: "；".join(es) for p, es in out.items()}, dtype=object)


def _invalid(val: pd.DataFrame, n: int) -> pd.Series:
    """Per row, the tuple of columns whose value was rejected (val sorted by pos)."""
    cols: dict[int, list[str]] = {}
    for p, c in zip(val["pos"], val["column"]):
        cols.setdefault(int(p), []).append(c)
    out = [()] * n
    for p, cs in cols.items():
        out[p] = tuple(cs)
    return pd.Series(out, dtype=object)


def _owner(case_ids: pd.Series | None, rt: RawTable, pos: np.ndarray) -> list:
    """The case of each reject; a child record's unreadable or empty case id is None (no known case)."""
    if rt.name == "cases":
        return _pick(case_ids, rt, "case_id", pos)
    if case_ids is None:
        return [None] * len(pos)
    return [c if isinstance(c, str) else None for c in case_ids.to_numpy()[pos]]


def _pick(parsed_ids: pd.Series | None, rt: RawTable, column: str, pos: np.ndarray) -> list:
    """An id per reject: the parsed text, else the raw text as read."""
    raw = _raw_texts(rt, column, pos)
    if parsed_ids is None:
        return raw
    got = parsed_ids.to_numpy()[pos]
    return [g if isinstance(g, str) else r for g, r in zip(got, raw)]


def validate(raw: dict[str, RawTable]
             ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict[str, int]]:
    """All tables, parents first: (kept frames, rejects, records read per table)."""
    refs = _Refs()
    tables, rejects, counts = {}, [empty_rejects()], {}
    for name in TABLES:            # schema order: cases, then acts before recordings
        if name not in raw:
            continue
        counts[name] = len(raw[name].frame)
        tables[name], r = validate_table(raw[name], refs)
        rejects.append(r)
    out = pd.concat([r for r in rejects if len(r)] or [empty_rejects()], ignore_index=True)
    return tables, out.astype(object), counts
