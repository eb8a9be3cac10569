"""Null-safe comparisons of fact columns, shared by the vector backend and the child-record quantifiers:
false wherever a compared value is null."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.model import expr

COMPARISONS = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal,
               ">": np.greater, ">=": np.greater_equal}


def compare(col: pd.Series, node: expr.Compare, present: np.ndarray | None = None) -> np.ndarray:
    """A comparison of one fact column with a constant; false where the fact is null (`present`: where it is
    not, when the caller has it)."""
    present = col.notna().to_numpy() if present is None else present
    value = node.value
    if node.type == expr.DATE:
        col = pd.to_datetime(col)
        value = tuple(pd.Timestamp(v) for v in value) if isinstance(value, tuple) else pd.Timestamp(value)
    if node.op in ("in", "not in"):
        hit = col.isin(list(value)).to_numpy()
        return present & (hit if node.op == "in" else ~hit)
    values = col.to_numpy(dtype=object if node.type in (expr.TEXT, expr.BOOL) else None)
    out = np.zeros(len(col), dtype=bool)
    if present.any():
        out[present] = COMPARISONS[node.op](values[present], value)
    return out


def relate(left: pd.Series, op: str, right: pd.Series, ftype: str) -> np.ndarray:
    """Two date or two number columns compared row by row; false where either is null."""
    if ftype == expr.DATE:
        a, b = (pd.to_datetime(c).to_numpy(dtype="datetime64[ns]") for c in (left, right))
    else:
        a, b = (pd.to_numeric(c, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan) for c in (left, right))
    present = left.notna().to_numpy() & right.notna().to_numpy()
    out = np.zeros(len(left), dtype=bool)
    if present.any():
        out[present] = COMPARISONS[op](a[present], b[present])
    return out
