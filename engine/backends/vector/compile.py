"""Vector compilation: each condition becomes boolean column arithmetic over the whole fact table."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.engine.facts.compare import compare, relate
from casereview.engine.model import expr



def evaluate(node: expr.Node, facts: pd.DataFrame, present: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """A condition over every row at once; a comparison reading a null is false.

    The columns of the calls it reads must be in `facts` (computed.with_computed). `present`: where each fact
    column is not null, filled in as columns are read; pass the same dict for conditions over the same facts."""
    return _evaluate(expr.lower(node), facts, {} if present is None else present)


def _evaluate(node: expr.Node, facts: pd.DataFrame, present: dict[str, np.ndarray]) -> np.ndarray:
    n = len(facts)
    if isinstance(node, expr.Const):
        return np.full(n, bool(node.value))
    if isinstance(node, expr.Not):
        return ~_evaluate(node.operand, facts, present)
    if isinstance(node, expr.BoolOp):
        parts = [_evaluate(o, facts, present) for o in node.operands]
        return np.logical_and.reduce(parts) if node.op == "and" else np.logical_or.reduce(parts)
    if isinstance(node, expr.Relation):
        return relate(facts[node.left.fact], node.op, facts[node.right.fact], node.type)
    col = facts[node.fact]
    if node.fact not in present:
        present[node.fact] = col.notna().to_numpy()
    if isinstance(node, expr.IsNull):
        return present[node.fact].copy() if node.negated else ~present[node.fact]
    if isinstance(node, expr.FactTrue):
        # None and NA are not true
        if col.dtype == bool:
            return col.to_numpy()
        if isinstance(col.dtype, pd.BooleanDtype):
            return col.fillna(False).to_numpy(dtype=bool)
        return col.astype(object).map(lambda v: v is True or v is np.True_).to_numpy(dtype=bool)
    return compare(col, node, present[node.fact])
