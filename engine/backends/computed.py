"""Hidden columns: the values of the condition language's date functions, computed once over the whole
fact table before any backend decides, so that every backend reads the same values.

A column is named by the call's canonical text (e.g. `workdays_between(notified_date, decision_date)`),
which no fact name can be. A function of a null argument, or of a day the working-day calendar does
not cover, is null (NaN / NaT): the comparison reading it is false and `… is null` holds.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model import expr


def with_computed(facts: pd.DataFrame, conditions: Iterable[expr.Node],
                  calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """`facts` plus a column for every call the conditions read that it lacks (the frame itself when none).

    `calendar`: the working-day calendar of the run (the one the built-in deadline facts used);
    the official calendar when not given."""
    conditions = list(conditions)
    lacking = [a.column for node in conditions for a in expr.aggregates_of(node) if a.column not in facts]
    if lacking:
        raise ValueError(f"事实表缺少隐藏列 {lacking[0]}：子表函数与列表判断须在事实阶段计算"
                         f"（derive_case_facts 的 conditions 参数）")
    calls = {c.column: c for node in conditions for c in expr.calls_of(node) if c.column not in facts}
    if not calls:
        return facts
    cal = calendar or WorkCalendar.official()
    return facts.assign(**{name: pd.Series(values(c, facts, cal), index=facts.index) for name, c in calls.items()})


def values(operand: expr.Operand, facts: pd.DataFrame, cal: WorkCalendar) -> np.ndarray:
    """An operand over every row: datetime64[D] for dates (NaT for null), float64 for numbers (NaN for null)."""
    n = len(facts)
    if isinstance(operand, expr.Const):
        column = pd.Series([operand.value] * n, index=facts.index, dtype=object)
    elif isinstance(operand, expr.Ref):
        column = facts[operand.fact]
    elif isinstance(operand, expr.Aggregate):        # computed in the facts stage (engine/facts/children.py)
        column = facts[operand.column]
    else:
        return _call(operand, facts, cal)
    if operand.type == expr.DATE:
        return pd.to_datetime(column).to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    return pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def _call(call: expr.Call, facts: pd.DataFrame, cal: WorkCalendar) -> np.ndarray:
    a, b = (values(arg, facts, cal) for arg in call.args)
    if call.func == "days_between":
        days = (b - a).astype("timedelta64[D]")
        return np.where(np.isnat(days), np.nan, days.astype(np.int64).astype(np.float64))
    if call.func == "workdays_between":
        return cal.workdays_between_arr(a, b)
    if call.func == "nth_workday_after":
        with np.errstate(invalid="ignore"):
            n = np.where((b >= 0) & (b % 1 == 0), b, np.nan)      # a negative or fractional n (a fact) is null
        return cal.add_workdays_arr(a, n)
    raise ValueError(f"unknown function {call.func}")
