"""The values of the named facts a reason or evidence shows, per case, for rendering (not for deciding:
conditions read a named fact as its expression, engine/model/named_facts.py)."""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.backends.computed import values, with_computed
from casereview.engine.backends.vector.compile import evaluate
from casereview.engine.model import expr


def with_shown(facts: pd.DataFrame, shown: Mapping[str, object],
               calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """`facts` plus a column per named fact a reason or evidence shows (LoadedPack.shown), named by the
    named fact (which no built-in fact can be): dates as dates, numbers as numbers (null where the
    expression is), texts as read, a condition as true/false. The frame itself when none is shown."""
    if not shown:
        return facts
    cal = calendar or WorkCalendar.official()
    out = {}
    for name, node in shown.items():
        if isinstance(node, expr.Ref) and node.type == expr.TEXT:
            out[name] = facts[node.fact].to_numpy()
        elif isinstance(node, (expr.Ref, expr.Call, expr.Aggregate)):
            out[name] = values(node, facts, cal)
        else:                                           # a condition: evaluated as the vector backend does
            out[name] = evaluate(node, with_computed(facts, [node], cal))
    return facts.assign(**{name: pd.Series(v, index=facts.index) for name, v in out.items()})
