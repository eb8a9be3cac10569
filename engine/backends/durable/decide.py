"""durable_rules decisions: each row asserted as one fact in its own state; the lowest matching branch wins.

Each case is asserted as one fact with an explicit id in its own state (sid = row number), and the state
is deleted right after, so live states stay at one and no state holds more than one fact.
"""
from __future__ import annotations

import math
import sys
from datetime import date, datetime

import numpy as np
import pandas as pd

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.backends.base import Backend
from casereview.engine.backends.computed import with_computed
from casereview.engine.backends.durable import host
from casereview.engine.backends.durable.compile import ANCHOR, ROW, ruleset
from casereview.engine.model import expr
from casereview.engine.model.pack import CompiledRule, LoadedPack


def fact_value(v):
    """A fact table cell as durable_rules takes it; None for a null (left out of the asserted fact)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.date().toordinal()
    if isinstance(v, date):
        return v.toordinal()
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return str(v)


def first_branches(compiled: list[CompiledRule], facts: pd.DataFrame, name_hint: str,
                   nonnull: frozenset = frozenset(), missing: str = "",
                   calendar: WorkCalendar | None = None) -> dict[str, np.ndarray]:
    """For each rule, the index of the first branch that holds, per row (-1: none holds).

    `name_hint` names the ruleset (one per pack digest and level); `nonnull`: facts never missing;
    `calendar`: for the date functions the conditions call (see computed.with_computed)."""
    if not compiled:     # nothing to evaluate (e.g. a pack without unit-level rules)
        return {}
    conditions = [b.condition for c in compiled for b in c.branches]
    facts = with_computed(facts, conditions, calendar)
    name = f"casereview_{name_hint}"
    shared, hits = host.registered(name, lambda h: ruleset(compiled, h, nonnull), missing)
    hits.clear()
    read = sorted(set().union(*(c.facts for c in compiled)) |
                  {n for node in conditions for n in expr.facts_of(expr.lower(node))})
    for n in nonnull & set(read):
        if facts[n].isna().any():
            raise RuntimeError(f"事实 {n} 声明为非空，却有空值")
    columns = {n: facts[n].to_numpy(dtype=object) for n in read}
    for row in range(len(facts)):
        sid = str(row)
        fact = {"id": f"f{row}", "sid": sid, ROW: row, **ANCHOR}
        for n in read:
            v = fact_value(columns[n][row])
            if v is not None:
                fact[n] = v
        shared.assert_fact(name, fact)
        shared.delete_state(name, sid)
    none = np.iinfo(np.int16).max
    out = {c.rule.id: np.full(len(facts), none, dtype=np.int16) for c in compiled}
    for row, rule_id, branch in hits:
        out[rule_id][row] = min(out[rule_id][row], branch)   # first hit wins
    hits.clear()
    for chosen in out.values():
        chosen[chosen == none] = -1
    return out


class DurableBackend(Backend):
    """durable_rules (Rete), one asserted fact per row: slow, kept as an independent check of vector."""

    name = "durable"
    label = "durable_rules 规则引擎"

    def available(self) -> bool:
        return host.INSTALLED

    def unavailable_reason(self) -> str:
        if sys.version_info >= (3, 13):
            return (f"durable_rules 没有 Python {sys.version_info.major}.{sys.version_info.minor} 的版本"
                    "（只支持 Python 3.12 及以下）；请改用 --engine vector，或在 Python 3.12 及以下安装 durable-rules==2.0.28")
        return "未安装 durable-rules：pip install durable-rules==2.0.28（或 pip install -e '.[durable]'）；或改用 --engine vector"

    def decide(self, loaded: LoadedPack, facts: pd.DataFrame, level: str, *, calendar: WorkCalendar | None = None,
               **options) -> dict[str, np.ndarray]:
        meta = loaded.case_facts if level == "case" else loaded.unit_facts
        nonnull = frozenset(n for n, f in meta.items() if not f.nullable)
        return first_branches(loaded.rules(level), facts, f"{loaded.digest[:16]}_{level}", nonnull,
                              self.unavailable_reason(), calendar)
