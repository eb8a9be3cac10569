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

from casereview.casefiles.lookup import positions
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
    ids = pd.Index(facts["case_id"].to_numpy(dtype=object))
    new = {name: aggregate(a, cfs, facts, ids) if isinstance(a, expr.Aggregate) else member(a, cfs, ids)
           for name, a in items.items()}
    return pd.concat([facts, pd.DataFrame(new, index=facts.index)], axis=1)


def member(m: expr.Member, cfs: CaseFileSet, ids: pd.Index) -> np.ndarray:
    """Per case (`ids`): its list (a cases column) holds the item."""
    return _case_lists(cfs, m.fact, ids, holding=m.item)


def aggregate(a: expr.Aggregate, cfs: CaseFileSet, facts: pd.DataFrame, ids: pd.Index) -> pd.Series:
    """Per case (facts' rows, `ids` their case ids): the quantifier over its child rows that pass the filter."""
    rows, codes = _rows(a, cfs, facts, ids)
    hold = holds(a.where, rows)
    n = len(facts)
    if a.func in ("exists", "count", "all"):
        hits = np.bincount(codes[hold], minlength=n)       # no rows: exists false, count 0, all true
        value = {"exists": lambda: hits > 0, "count": lambda: hits.astype(float),
                 "all": lambda: hits == np.bincount(codes, minlength=n)}[a.func]()
        return pd.Series(value, index=facts.index)
    if not len(rows):
        return pd.Series(pd.NaT if a.type == expr.DATE else np.nan, index=facts.index,
                         dtype="datetime64[ns]" if a.type == expr.DATE else float)
    values = pd.to_datetime(rows[a.value]) if a.type == expr.DATE else pd.to_numeric(rows[a.value]).astype(float)
    per = values.where(hold).groupby(codes).agg(a.func).reindex(pd.RangeIndex(n))
    return pd.Series(per.to_numpy(), index=facts.index)


def _rows(a: expr.Aggregate, cfs: CaseFileSet, facts: pd.DataFrame, ids: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """The child rows of the cases in `facts` (and each row's position in it): case_id and each column
    the quantifier reads, typed for comparing (date-times as dates); case facts of the filter as
    `case.NAME`, per row."""
    table = cfs.tables.get(a.table)
    if table is None:
        table = pd.DataFrame(columns=TABLES[a.table].names)
    codes = positions(table["case_id"], ids)
    kept = codes >= 0
    table, codes = table[kept].reset_index(drop=True), codes[kept]
    names = _names(a.where) | ({a.value} if a.value else set())
    types = child_columns(a.table)
    out = {"case_id": table["case_id"].to_numpy()}
    for name in sorted(names):
        if name.startswith(CASE_PREFIX):
            fact = name.removeprefix(CASE_PREFIX)
            is_list = fact in TABLES["cases"].names and TABLES["cases"].column(fact).kind == LIST
            out[name] = (_case_lists(cfs, fact, pd.Index(table["case_id"], dtype=object)) if is_list
                         else facts[fact].to_numpy()[codes])
        elif linked(a.table, name):
            out[name] = _linked(a.table, name, table, cfs)
        else:
            out[name] = _typed(table[name] if name in table else pd.Series([None] * len(table)), types[name])
    return pd.DataFrame(out), codes


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


def _case_lists(cfs: CaseFileSet, column: str, ids: pd.Index, holding=None) -> np.ndarray:
    """Per case id of `ids`: its list in the cases `column` (() for none), or with `holding`, whether
    that list holds the item."""
    cases = cfs.tables["cases"]
    pos = positions(ids, cases["case_id"])
    lists = cases[column].to_numpy(dtype=object)
    if holding is not None:
        return np.append(_holding(lists, holding), False)[pos]
    lists = np.append(lists, None)[pos]
    empty = pd.isna(lists)
    filler = np.empty(int(empty.sum()), dtype=object)
    filler.fill(())
    lists[empty] = filler
    return lists


def _holding(lists, item) -> np.ndarray:
    """Per row of `lists` (tuples or lists; null for none): whether it holds `item`."""
    items = pd.Series(np.asarray(lists, dtype=object)).explode()
    hit = (items == item).to_numpy(dtype=bool, na_value=False)
    return np.bincount(items.index.to_numpy()[hit], minlength=len(lists)) > 0


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
        return _holding(rows[node.fact.fact].to_numpy(dtype=object), node.fact.item)
    if isinstance(node, expr.FactTrue):      # a bool column: True / False / null
        return rows[node.fact].astype("boolean").to_numpy(dtype=bool, na_value=False)
    if isinstance(node, expr.IsNull):
        isna = pd.isna(rows[node.fact]).to_numpy()
        return ~isna if node.negated else isna
    if isinstance(node, expr.Relation):
        return relate(rows[node.left.fact], node.op, rows[node.right.fact], node.type)
    return compare(rows[node.fact], node)


