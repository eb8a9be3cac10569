"""Data-quality facts, per case and per unit: missing tables, rejected records and values, absent columns."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.model.catalogue import absent_name, input_parts, invalid_name
from casereview.engine.model.schema import CASE_CHILDREN, CASES, TABLES
from casereview.casefiles.asof import rejected_cells, rejected_in
from casereview.casefiles.lookup import look_alikes
from casereview.casefiles.tables import RECORD, VALUE, CaseFileSet


def case_guards(cfs: CaseFileSet, cases: pd.DataFrame, idx: pd.Index, catalogue) -> pd.DataFrame:
    """One row per case (idx): every guard fact of the case catalogue."""
    g: dict[str, object] = {}
    for t in (*CASE_CHILDREN, "officers", "units"):
        g[f"missing__{t}"] = np.full(len(idx), t not in cfs.tables)
    rej = cfs.rejects
    rec = _with_look_alikes(rej[(rej["scope"] == RECORD) & rej["case_id"].notna()], rej, idx)
    for t in CASE_CHILDREN:
        counts = rec[rec["table"] == t].drop_duplicates(["row", "case_id"]).groupby("case_id").size()
        g[f"rejected__{t}"] = counts.reindex(idx).fillna(0).astype(float).to_numpy()
        # a record whose case id is empty or unreadable may belong to any case
        lost = rej[(rej["table"] == t) & (rej["scope"] == RECORD) & rej["case_id"].isna()]
        n_lost = lost["row"].nunique() if cfs.unplaced is None else cfs.unplaced.get(t, 0)
        g[f"unplaced__{t}"] = np.full(len(idx), float(n_lost))
    cells = {name: rejected_cells(cases if name == "cases" else frame) for name, frame in cfs.tables.items()}
    for col in CASES.columns:
        g[f"invalid__{col.name}"] = rejected_in(cases, col.name, cells["cases"])
    values = rejected_values(cfs)
    for name, fact in catalogue.items():
        if not fact.guard or name in g or not name.startswith(("absent__", "invalid__")):
            continue
        table, column, via = input_parts(fact.inputs[0])
        if name == absent_name(table, column):
            g[name] = np.full(len(idx), column in cfs.absent.get(table, ()))
        elif name == invalid_name(table, column, via):
            texts = _invalid_per_case(cfs, table, column, via, values, cells.get(table))
            g[name] = texts.reindex(idx).astype(object).to_numpy() if len(texts) else np.full(len(idx), np.nan, object)
    return pd.DataFrame(g, index=idx)


def _with_look_alikes(rec: pd.DataFrame, rej: pd.DataFrame, idx: pd.Index) -> pd.DataFrame:
    """Record rejects whose case id names no case but reads as one of `idx` (“c5”, “Ｃ５” for C5) count for
    that case too: the record may well be its."""
    gone = rej.loc[rej["table"] == "cases", "case_id"]
    stray = rec[(rec["table"] != "cases") & ~rec["case_id"].isin(idx) & ~rec["case_id"].isin(gone)]
    alike = look_alikes(stray["case_id"].unique(), idx) if len(stray) else {}
    if not alike:
        return rec
    extra = stray[stray["case_id"].isin(list(alike))]
    return pd.concat([rec, extra.assign(case_id=extra["case_id"].map(alike)).explode("case_id")])


def rejected_values(cfs: CaseFileSet) -> dict[tuple[str, str, str], object]:
    """(table, record id, column) -> the rejected text, for the reasons."""
    r = cfs.rejects[cfs.rejects["scope"] == VALUE]
    return {(t, str(i), c): v for t, i, c, v in zip(r["table"], r["record_id"], r["column"], r["value"])}


def describe(frame: pd.DataFrame, table: str, column: str, values: dict) -> pd.Series:
    """“人员表第5行（AUX1）人员类别“辅警”” per record of `frame` (kept records of `table`)."""
    t = TABLES[table]
    ids = frame[t.id_column].astype(str)
    shown = [values.get((table, i, column)) for i in ids]
    text = [f"{t.label}表第{r}行（{i}）{t.column(column).label}" + (f"“{v}”" if v is not None else "")
            for r, i, v in zip(frame["_row"], ids, shown)]
    return pd.Series(text, index=frame.index, dtype=object)


def _bad(frame: pd.DataFrame, column: str, cells: tuple | None = None) -> pd.DataFrame:
    """Records whose `column` value was rejected (and emptied); a value kept with a warning (an id
    listed twice, counted once) is not a rejected one."""
    rows = np.flatnonzero(rejected_in(frame, column, cells))
    if not len(rows):
        return frame.iloc[:0]
    values = frame[column].to_numpy(dtype=object)[rows]      # the few flagged records only
    empty = np.array([v is None or v is pd.NA or v is pd.NaT or v == () or (isinstance(v, float) and v != v)
                      for v in values], dtype=bool)
    return frame.iloc[rows[empty]]


def _invalid_per_case(cfs: CaseFileSet, table: str, column: str, via: str | None, values: dict,
                      cells: tuple | None) -> pd.Series:
    """case_id -> the rejected values (of its records, or of the officers linked to it), joined.

    cells: rejected_cells of the table."""
    frame = cfs.tables.get(table)
    if frame is None or not len(frame):
        return pd.Series(dtype=object)
    bad = _bad(frame, column, cells)
    if not len(bad):
        return pd.Series(dtype=object)
    text = describe(bad, table, column, values)
    if table != "officers":
        return text.groupby(bad["case_id"].to_numpy()).agg("；".join)
    by_officer = dict(zip(bad["officer_id"], text))
    links = _officer_links(cfs, via)
    links = links[links["oid"].isin(list(by_officer))].drop_duplicates()
    links["text"] = links["oid"].map(by_officer)
    return links.groupby("case_id")["text"].agg("；".join)


def _officer_links(cfs: CaseFileSet, via: str | None) -> pd.DataFrame:
    """(case_id, oid): the officers on a case's acts, or (via reviews) its reviewers."""
    if via == "reviews":
        reviews = cfs.tables.get("reviews")
        if reviews is None:
            return pd.DataFrame(columns=["case_id", "oid"])
        return pd.DataFrame({"case_id": reviews["case_id"], "oid": reviews["reviewer_id"]}).dropna()
    acts = cfs.tables.get("acts")
    if acts is None:
        return pd.DataFrame(columns=["case_id", "oid"])
    pairs = pd.DataFrame({"case_id": acts["case_id"], "oid": acts["officer_ids"]}).explode("oid")
    return pairs.dropna()


def unit_guards(cfs: CaseFileSet, units: pd.Series, counted: pd.Series, params) -> pd.DataFrame:
    """Per unit (`units`: unit ids): why its staff counts cannot be trusted.

    counted: per unit, whether some count is taken from the officers table (the units value empty)."""
    values = rejected_values(cfs)
    g = pd.DataFrame(index=units.index)
    frame = cfs.tables.get("units")
    rej = cfs.rejects
    gone = rej[(rej["table"] == "units") & (rej["scope"] == RECORD)]
    # a unit without a kept row may be the one a rejected row was about (its id unreadable, repeated ...)
    kept = set(frame["unit_id"]) if frame is not None else set()
    rows = "、".join(map(str, sorted(set(gone["row"]))))
    g["rejected__units"] = units.map(lambda u: None if u in kept or not rows else f"第{rows}行")
    for column in ("enforcement_staff", "legal_reviewers"):
        name = invalid_name("units", column)
        if frame is None:
            g[name] = None
            continue
        bad = _bad(frame, column)
        text = dict(zip(bad["unit_id"], describe(bad, "units", column, values)))
        g[name] = units.map(text).astype(object).where(units.isin(list(text)), None)
    officers = cfs.tables.get("officers")
    from_officers = counted.to_numpy(dtype=bool) & (officers is not None)
    n_rejected = cfs.rejected_records("officers")
    g["rejected__officers"] = [float(n_rejected) if f else 0.0 for f in from_officers]
    role = pd.Series([None] * len(units), index=units.index, dtype=object)
    if officers is not None:
        bad = _bad(officers, "role")
        text = describe(bad, "officers", "role", values).groupby(bad["unit_id"].to_numpy()).agg("；".join)
        role = units.map(text).astype(object).where(units.isin(list(text.index)), None)
    g[invalid_name("officers", "role")] = role.where(from_officers, None)
    lost = "；".join(describe(_bad(officers, "unit_id"), "officers", "unit_id", values)) if officers is not None else ""
    g[invalid_name("officers", "unit_id")] = [lost if f and lost else None for f in from_officers]
    for column in ("enforcement_staff", "legal_reviewers"):     # an empty column is counted, an absent one not
        g[absent_name("units", column)] = column in cfs.absent.get("units", ())
    for column in ("role", "unit_id"):
        g[absent_name("officers", column)] = from_officers & (column in cfs.absent.get("officers", ()))
    return g
