"""The condition language's look into the case's child records, per case, from the child tables the
review keeps (rejected records and records after the as-of date are already cut): quantifiers
(`exists(documents, doc_type == '听证告知书')`, count, all, min, max) and list memberships
(`'吊销许可证件' in decision_types`). Each becomes a hidden fact-table column named by its canonical
text before any backend decides, so every backend reads the same values.

Null rule, as everywhere: a filter comparison reading a null is false (its `not` true). No matching
rows: exists false, count 0, all true, min / max null. A missing table reads as no rows (the rule's
guards make it unknown first).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from casereview.casefiles.tables import CaseFileSet
from casereview.engine.facts.compare import compare, relate
from casereview.engine.model import expr
from casereview.engine.model.expr_children import CASE_PREFIX, child_columns, linked
from casereview.engine.model.schema import LIST, TABLES


def with_children(facts: pd.DataFrame, cfs: CaseFileSet, conditions: Iterable[expr.Node]) -> pd.DataFrame:
    """`facts` (one row per case, with case_id) plus a column for every quantifier and list membership
    the conditions read (the frame itself when none)."""
    items = {a.column: a for node in conditions for a in expr.aggregates_of(node) if a.column not in facts}
    if not items:
        return facts
    new = {name: aggregate(a, cfs, facts) if isinstance(a, expr.Aggregate) else member(a, cfs, facts["case_id"])
           for name, a in items.items()}
    return pd.concat([facts, pd.DataFrame(new, index=facts.index)], axis=1)


def member(m: expr.Member, cfs: CaseFileSet, case_ids: pd.Series) -> np.ndarray:
    """Per case: its list (a cases column) holds the item."""
    lists = _case_lists(cfs, m.fact)
    return case_ids.map(lambda i: m.item in (lists.get(i) or ())).to_numpy(dtype=bool)


def aggregate(a: expr.Aggregate, cfs: CaseFileSet, facts: pd.DataFrame) -> pd.Series:
    """Per case (facts' rows): the quantifier over its child rows that pass the filter."""
    rows = _rows(a, cfs, facts)
    hold = pd.Series(holds(a.where, rows), index=rows.index)
    by = rows["case_id"].to_numpy()
    ids = facts["case_id"]
    if a.func in ("exists", "count", "all"):
        per = {"exists": lambda: hold.groupby(by).any(), "count": lambda: hold.groupby(by).sum(),
               "all": lambda: hold.groupby(by).all()}[a.func]() if len(rows) else pd.Series(dtype=object)
        empty = {"exists": False, "count": 0.0, "all": True}[a.func]
        out = ids.map(per)                  # never null for a case with rows: null = no rows
        out = out.where(out.notna(), empty)
        return out.astype(float if a.func == "count" else bool).set_axis(facts.index)
    if not len(rows):
        return pd.Series(pd.NaT if a.type == expr.DATE else np.nan, index=facts.index,
                         dtype="datetime64[ns]" if a.type == expr.DATE else float)
    if a.type == expr.DATE:
        per = pd.Series(pd.to_datetime(rows[a.value]).where(hold).to_numpy(), index=by).groupby(level=0).agg(a.func)
        return pd.Series(pd.to_datetime(ids.map(per)).to_numpy(), index=facts.index)
    per = pd.Series(pd.to_numeric(rows[a.value]).where(hold).to_numpy(dtype=float), index=by).groupby(level=0).agg(a.func)
    return pd.Series(ids.map(per).to_numpy(dtype=float), index=facts.index)


def _rows(a: expr.Aggregate, cfs: CaseFileSet, facts: pd.DataFrame) -> pd.DataFrame:
    """The child rows of the cases in `facts`: case_id and each column the quantifier reads, typed for
    comparing (date-times as dates); case facts of the filter as `case.NAME`, per row."""
    table = cfs.tables.get(a.table)
    if table is None:
        table = pd.DataFrame(columns=TABLES[a.table].names)
    table = table[table["case_id"].isin(set(facts["case_id"]))].reset_index(drop=True)
    names = _names(a.where) | ({a.value} if a.value else set())
    types = child_columns(a.table)
    out = {"case_id": table["case_id"].to_numpy()}
    by_case = facts.set_index("case_id")
    for name in sorted(names):
        if name.startswith(CASE_PREFIX):
            fact = name.removeprefix(CASE_PREFIX)
            lists = _case_lists(cfs, fact) if fact in TABLES["cases"].names and \
                TABLES["cases"].column(fact).kind == LIST else None
            out[name] = (table["case_id"].map(lambda i: lists.get(i) or ()).to_numpy(dtype=object) if lists is not None
                         else by_case[fact].reindex(table["case_id"]).to_numpy())
        elif linked(a.table, name):
            out[name] = _linked(a.table, name, table, cfs)
        else:
            out[name] = _typed(table[name] if name in table else pd.Series([None] * len(table)), types[name])
    return pd.DataFrame(out)


def _names(node) -> set[str]:
    """Every column or `case.` fact a filter reads, list memberships' lists included."""
    if isinstance(node, expr.FactTrue) and isinstance(node.fact, expr.Member):
        return {node.fact.fact}
    if isinstance(node, expr.Not):
        return _names(node.operand)
    if isinstance(node, expr.BoolOp):
        return set().union(*(_names(o) for o in node.operands))
    return expr.facts_of(node)


def _typed(col: pd.Series, ftype: str) -> np.ndarray:
    if ftype == expr.DATE:
        return pd.to_datetime(col).dt.normalize().to_numpy()
    if ftype == expr.NUMBER:
        return pd.to_numeric(col, errors="coerce").astype(float).to_numpy()
    if ftype == expr.BOOL:
        return col.astype("boolean").to_numpy(dtype=object, na_value=None)
    return col.astype(object).where(col.notna(), None).to_numpy(dtype=object)


def _linked(table: str, name: str, rows: pd.DataFrame, cfs: CaseFileSet) -> np.ndarray:
    """acts.recording_count: the recordings tagged to each act (null when there is no recordings table)."""
    recordings = cfs.tables.get("recordings")
    if recordings is None:
        return np.full(len(rows), np.nan)
    tagged = recordings.dropna(subset=["act_id"]).groupby(["case_id", "act_id"]).size()
    keys = pd.MultiIndex.from_arrays([rows["case_id"], rows["act_id"]])
    return tagged.reindex(keys).fillna(0).astype(float).to_numpy()


def _case_lists(cfs: CaseFileSet, column: str) -> dict:
    cases = cfs.tables["cases"]
    return dict(zip(cases["case_id"], cases[column]))


def holds(node: expr.Node, rows: pd.DataFrame) -> np.ndarray:
    """A filter over every child row at once; a comparison reading a null is false."""
    n = len(rows)
    if isinstance(node, expr.Const):
        return np.full(n, bool(node.value))
    if isinstance(node, expr.Not):
        return ~holds(node.operand, rows)
    if isinstance(node, expr.BoolOp):
        parts = [holds(o, rows) for o in node.operands]
        return np.logical_and.reduce(parts) if node.op == "and" else np.logical_or.reduce(parts)
    if isinstance(node, expr.FactTrue) and isinstance(node.fact, expr.Member):
        item = node.fact.item
        return np.array([isinstance(v, (tuple, list)) and item in v for v in rows[node.fact.fact]], dtype=bool)
    if isinstance(node, expr.FactTrue):
        return np.array([v is True or v is np.True_ for v in rows[node.fact]], dtype=bool)
    if isinstance(node, expr.IsNull):
        isna = pd.isna(rows[node.fact]).to_numpy()
        return ~isna if node.negated else isna
    if isinstance(node, expr.Relation):
        return relate(rows[node.left.fact], node.op, rows[node.right.fact], node.type)
    return compare(rows[node.fact], node)


