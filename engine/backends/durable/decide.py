"""durable_rules decisions: each row asserted as one fact in its own state; the lowest matching branch wins.

Each case is asserted as one fact with an explicit id in its own state (sid = row number), and the state
is deleted right after, so live states stay at one and no state holds more than one fact.

durable_rules walks its alpha network with fixed-size stacks: when too many tests hold for one fact at
once, an assert fails with error 303 or, past about 40 matching tests, corrupts memory and aborts the
process (seen with 55 rules). So the rules are split into groups of at most RULES_PER_RULESET, each its
own ruleset, every fact asserted into each; on error 303 the decision starts again with twice the
groups (remembered per ruleset name), and a single rule still too big is a pack error naming it.
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
from casereview.errors import PackError


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
    read = sorted(set().union(*(c.facts for c in compiled)) |
                  {n for node in conditions for n in expr.facts_of(expr.lower(node))})
    for n in nonnull & set(read):
        if facts[n].isna().any():
            raise RuntimeError(f"事实 {n} 声明为非空，却有空值")
    columns = {n: facts[n].to_numpy(dtype=object) for n in read}
    while True:
        groups = rule_groups(compiled, host.group_count(name, -(-len(compiled) // RULES_PER_RULESET)))
        try:
            hits = _assert_rows(groups, name, columns, len(facts), nonnull, missing)
            break
        except _Overflow as e:
            if len(e.group) == 1:
                raise PackError(f"规则 {e.group[0].rule.id} 的条件过于复杂，durable_rules 无法判定（错误 303：匹配栈溢出）；"
                                "请拆分该规则的条件，或用 --engine vector") from e.__cause__
            host.set_group_count(name, min(len(compiled), 2 * len(groups)))
    none = np.iinfo(np.int16).max
    out = {c.rule.id: np.full(len(facts), none, dtype=np.int16) for c in compiled}
    for row, rule_id, branch in hits:
        out[rule_id][row] = min(out[rule_id][row], branch)   # first hit wins
    for chosen in out.values():
        chosen[chosen == none] = -1
    return out


STACK_ERROR = "error code: 303"


class _Overflow(Exception):
    """durable_rules' match stack overflowed while asserting into the ruleset of `group`."""

    def __init__(self, group: list[CompiledRule]):
        super().__init__(f"durable_rules error 303 in a group of {len(group)} rules")
        self.group = group
RULES_PER_RULESET = 16      # the standard pack's 14 case rules stay one ruleset


def rule_groups(compiled: list[CompiledRule], count: int) -> list[list[CompiledRule]]:
    """`compiled` cut into `count` contiguous groups of near-equal size (pack order kept)."""
    count = max(1, min(count, len(compiled)))
    bounds = np.linspace(0, len(compiled), count + 1).round().astype(int)
    return [compiled[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def _assert_rows(groups: list[list[CompiledRule]], name: str, columns: dict, n_rows: int,
                 nonnull: frozenset, missing: str) -> list[tuple]:
    """Every row asserted into each group's ruleset; all matches (row, rule id, branch)."""
    found = []
    for k, group in enumerate(groups):
        part = name if len(groups) == 1 else f"{name}__{k + 1}of{len(groups)}"
        shared, hits = host.registered(part, lambda h, g=group: ruleset(g, h, nonnull), missing)
        hits.clear()
        try:
            for row in range(n_rows):
                sid = str(row)
                fact = {"id": f"f{row}", "sid": sid, ROW: row, **ANCHOR}
                for n, values in columns.items():
                    v = fact_value(values[row])
                    if v is not None:
                        fact[n] = v
                try:
                    shared.assert_fact(part, fact)
                except Exception as e:     # noqa: BLE001 - durable_rules raises its own bare error type
                    if STACK_ERROR in str(e):
                        raise _Overflow(group) from e
                    raise
                finally:
                    shared.delete_state(part, sid)
            found += hits
        finally:
            hits.clear()
    return found


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
