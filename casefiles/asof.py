"""The as-of cut: records that had not happened by the review date are set apart before any fact is derived.

A review as of a date sees what had happened by the end of that day:
  * a case filed after it (or, without a filed date, whose first dated act starts after it, unless a
    date of its own, such as 决定日期, lies on or before it) is not reviewed; its acts, recordings,
    reviews and documents are set apart with it;
  * an act or recording that starts after it, a review concluded after it (审核日期, or without one
    送审日期), a document dated after it does not exist for the review; but a recording of an act that
    had started by then (tagged with it, or untagged and starting while it went on) stays with that act,
    which is reviewed whole (an act running past midnight keeps its recording);
  * a case with no filed date and no dated act is reviewed (nothing shows it had not begun);
    a child record without its date stays (nothing shows it had not happened). A date whose value was
    rejected cannot tell either: its case or record is reviewed.
Set-apart records are not rejects (nothing is wrong with them): they are listed with a Chinese reason
(`after_as_of` of the CaseFileSet, after_as_of.csv of a run) and counted apart, so that per table
in = evaluated + rejected + after_as_of.
"""
from __future__ import annotations

import dataclasses

from datetime import date

import numpy as np
import pandas as pd

from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.casefiles.tables import AFTER_AS_OF_COLUMNS, CaseFileSet

# child table -> the date columns telling when its record happened, first present one wins
CHILD_DATES = {"acts": ("start_time",), "recordings": ("start_time",),
               "reviews": ("review_date", "submitted_date"), "documents": ("doc_date",)}
OUT_OF_SCOPE = "不在本次评查范围"
NOT_YET = "评查时尚未发生"
CASE_DATES = tuple(c.name for c in TABLES["cases"].columns if c.kind == "date" and c.name != "filed_date")


def cut_at(cfs: CaseFileSet, as_of: date) -> CaseFileSet:
    """`cfs` as seen on `as_of`: later cases (with their records) and later child records set apart."""
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)        # the first instant after the as-of day
    day = as_of.isoformat()
    parts = [cfs.after_as_of]
    cases = cfs.tables["cases"]
    late_cases, case_reasons = _late_cases(cases, cfs.tables.get("acts"), end, day)
    parts.append(late_cases)
    gone = set(late_cases["record_id"])
    tables = dict(cfs.tables)
    if gone:
        tables["cases"] = cases[~cases["case_id"].isin(gone)].reset_index(drop=True)
    for name in CASE_CHILDREN:
        frame = tables.get(name)
        if frame is None:
            continue
        with_case = frame["case_id"].isin(gone).to_numpy()
        when, column = _when(frame, CHILD_DATES[name])
        late = ~with_case & (when >= end).to_numpy(dtype=bool, na_value=False)
        if name == "recordings" and tables.get("acts") is not None and late.any():
            late &= ~_continues_act(frame, tables["acts"])
        if with_case.any():
            parts.append(_rows(name, frame[with_case], "case_id", frame.loc[with_case, "case_id"],
                               [f"所属案件 {c} {case_reasons[c]}" for c in frame.loc[with_case, "case_id"]]))
        if late.any():
            label = {c: _label(name, c) for c in CHILD_DATES[name]}
            texts = _texts(frame[late], when[late], column[late])
            reasons = [_child_reason(name, label[c], t, day, first=c == CHILD_DATES[name][0])
                       for c, t in zip(column[late], texts)]
            parts.append(_rows(name, frame[late], column[late], texts, reasons))
        if with_case.any() or late.any():
            tables[name] = frame[~(with_case | late)].reset_index(drop=True)
    listed = pd.concat([p for p in parts if len(p)] or [cfs.after_as_of], ignore_index=True)
    return dataclasses.replace(cfs, tables=tables, notes=list(cfs.notes), after_as_of=order_listing(listed))


def _late_cases(cases: pd.DataFrame, acts: pd.DataFrame | None, end: pd.Timestamp,
                day: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Cases filed after the as-of day; without a filed date, cases whose first dated act starts after it
    while no date of the case itself lies on or before it."""
    filed = _dates(cases, "filed_date")
    by_filed = (filed >= end).to_numpy(dtype=bool, na_value=False)
    by_act = np.zeros(len(cases), dtype=bool)
    first_act = pd.DataFrame(columns=["act_id", "_start", "start_time__has_time"])
    undated = filed.isna().to_numpy() & ~rejected_in(cases, "filed_date")   # unreadable: cannot tell, reviewed
    if undated.any() and acts is not None and len(acts):
        some = cases[undated]
        theirs = acts[acts["case_id"].isin(set(some["case_id"])).to_numpy()]
        start = _dates(theirs, "start_time")
        dated = theirs[start.notna().to_numpy()].assign(_start=start[start.notna()])
        first_act = dated.sort_values("_start", kind="stable").drop_duplicates("case_id").set_index("case_id")
        first = some["case_id"].map(first_act["_start"].astype(object)) if len(first_act) else pd.Series(
            None, index=some.index, dtype=object)
        later = (pd.to_datetime(first) >= end).to_numpy(dtype=bool, na_value=False)
        for col in CASE_DATES:       # a date of the case itself on or before the as-of date: it had begun
            later = later & ~(_dates(some, col) < end).to_numpy(dtype=bool, na_value=False)
        by_act[undated] = later
    late = by_filed | by_act
    rows = cases[late]
    reasons, columns, values = [], [], []
    for cid, f in zip(rows["case_id"], filed[late]):
        if not pd.isna(f):
            columns.append("filed_date")
            values.append(f.strftime("%Y-%m-%d"))
            reasons.append(f"立案日期 {values[-1]} 晚于评查日 {day}，{OUT_OF_SCOPE}")
        else:
            a = first_act.loc[cid]
            columns.append("start_time")
            values.append(a["_start"].strftime("%Y-%m-%d %H:%M" if a["start_time__has_time"] else "%Y-%m-%d"))
            reasons.append(f"无立案日期，最早的执法活动 {a['act_id']} 开始于 {values[-1]}，晚于评查日 {day}，"
                           f"{OUT_OF_SCOPE}")
    return _rows("cases", rows, columns, values, reasons), dict(zip(rows["case_id"], reasons))


def _continues_act(recordings: pd.DataFrame, acts: pd.DataFrame) -> np.ndarray:
    """Recordings of an act that had started by the as-of date: tagged with it, or (untagged) starting
    while an act of their case was going on. They belong to that act, which is reviewed whole."""
    tagged = recordings["act_id"].isin(set(acts["act_id"])).to_numpy()
    start = _dates(recordings, "start_time")
    loose = recordings["act_id"].isna().to_numpy() & start.notna().to_numpy()
    if not loose.any() or not len(acts):
        return tagged
    spans = pd.DataFrame({"case_id": acts["case_id"].to_numpy(), "a_start": _dates(acts, "start_time").to_numpy(),
                          "a_end": _dates(acts, "end_time").to_numpy()}).dropna()
    recs = pd.DataFrame({"case_id": recordings["case_id"].to_numpy()[loose], "r_start": start.to_numpy()[loose],
                         "pos": np.flatnonzero(loose)})
    m = recs.merge(spans, on="case_id")
    during = m.loc[(m["a_start"] <= m["r_start"]) & (m["r_start"] < m["a_end"]), "pos"].to_numpy()
    out = tagged.copy()
    out[during] = True
    return out


def _label(table: str, column: str) -> str:
    """The column's Chinese name, with the table's when it says only 日期 (文书日期)."""
    label = TABLES[table].column(column).label
    return TABLES[table].label + label if label == "日期" else label


def _child_reason(table: str, label: str, text: str, day: str, *, first: bool) -> str:
    lead = "" if first else f"无{_label(table, CHILD_DATES[table][0])}，"
    return f"{lead}{label} {text} 晚于评查日 {day}，{NOT_YET}，{OUT_OF_SCOPE}"


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    """The column as datetimes; a value rejected on reading counts as no date."""
    s = pd.to_datetime(frame[column]) if column in frame else pd.Series(pd.NaT, index=frame.index)
    bad = rejected_in(frame, column)
    return (s.where(~bad) if bad.any() else s).astype("datetime64[ns]")


def rejected_in(frame: pd.DataFrame, column: str, cells: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Per record, whether its value in `column` was rejected on reading (see CaseFileSet `_invalid`).

    cells: rejected_cells(frame), when asked for several columns."""
    rows, columns = rejected_cells(frame) if cells is None else cells
    bad = np.zeros(len(frame), dtype=bool)
    bad[rows[columns == column]] = True
    return bad


def rejected_cells(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(record position, column name) of every value rejected on reading."""
    if "_invalid" not in frame or not len(frame):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object)
    invalid = frame["_invalid"].to_numpy(dtype=object)
    rows = np.flatnonzero(invalid.astype(bool))       # a non-empty tuple (or list) of rejected columns
    flagged = invalid[rows]                            # the few flagged records only
    columns = np.array([c for cols in flagged for c in cols], dtype=object)
    return np.repeat(rows, [len(cols) for cols in flagged]), columns


def _when(frame: pd.DataFrame, columns: tuple[str, ...]) -> tuple[pd.Series, np.ndarray]:
    """Per record, the first of `columns` it has, and which column that was."""
    when = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    column = np.array([columns[0]] * len(frame), dtype=object)
    for c in reversed(columns):
        s = _dates(frame, c)
        column = np.where(s.notna().to_numpy(), c, column)
        when = s.where(s.notna(), when)
    return when, column


def _texts(frame: pd.DataFrame, when: pd.Series, column: np.ndarray) -> np.ndarray:
    """Dates as people read them: with hh:mm when the source gave a time."""
    has_time = np.zeros(len(frame), dtype=bool)
    for c in set(column):
        flag = f"{c}__has_time"
        if flag in frame:
            has_time |= (column == c) & frame[flag].to_numpy(dtype=bool, na_value=False)
    day, minute = when.dt.strftime("%Y-%m-%d"), when.dt.strftime("%Y-%m-%d %H:%M")
    return np.where(has_time, minute.fillna(""), day.fillna("")).astype(object)


def _rows(table: str, records: pd.DataFrame, column, value, reasons) -> pd.DataFrame:
    id_column = TABLES[table].id_column
    n = len(records)
    return pd.DataFrame({
        "table": [table] * n, "row": records["_row"].astype("int64").tolist() if "_row" in records else [None] * n,
        "record_id": records[id_column].tolist(), "case_id": records["case_id"].tolist(),
        "column": list(column) if not isinstance(column, str) else [column] * n,
        "value": list(value), "reason": list(reasons)}, columns=AFTER_AS_OF_COLUMNS, dtype=object)


def order_listing(listed: pd.DataFrame) -> pd.DataFrame:
    """Set-apart records table by table in schema order, each in source row order."""
    order = {t: i for i, t in enumerate(TABLES)}
    key = listed["table"].map(order).astype("int64") * (1 << 40) + pd.to_numeric(listed["row"]).fillna(0).astype("int64")
    return listed.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True).astype(object)


def happened(cases: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The cases table with every case date after `as_of` emptied: what the case files said on that day."""
    end = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    out = cases.copy()
    for c in TABLES["cases"].columns:
        if c.kind == "date" and c.name in out:
            s = pd.to_datetime(out[c.name])
            out[c.name] = s.where(~(s >= end).to_numpy(dtype=bool, na_value=False))
    return out
