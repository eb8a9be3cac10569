"""durable_rules backend: branches compiled to durable's JSON rulesets, one state per case.

Design around durable_rules' limits: a ruleset is registered once per pack digest on a private
host whose timer threads are never started; each case is asserted as one fact with an explicit
id in its own state (sid = running number), and the state is deleted right after, so live
states stay at one and no state holds more than one fact. Null facts are left out of the
asserted fact, so `$nex` tests for them; a comparison on a missing field is false, as in the
vector backend. Dates are posted as day ordinals.
"""
from __future__ import annotations

import math
from datetime import date, datetime

import numpy as np
import pandas as pd

from casereview.engine.model import expr
from casereview.errors import CaseReviewError
from casereview.engine.model.pack import CompiledRule

NAME = "durable"
_OPS = {"==": None, "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_NEG = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_ANCHOR = {"kind": "facts"}
_NEVER = {"kind": "__never__"}
_host = None
_hits: dict[str, list] = {}      # ruleset name → (row, rule_id, branch) of every match


def available() -> bool:
    try:
        import durable.engine  # noqa: F401
    except ImportError:
        return False
    return True


def _get_host():
    global _host
    if _host is None:
        try:
            from durable import engine
        except ImportError:
            raise CaseReviewError("未安装 durable-rules（需要 Python 3.12 及以下）：pip install durable-rules==2.0.28；"
                                  "或改用 --engine vector") from None

        class QuietHost(engine.Host):
            def _run(self):   # no timer threads: we only assert synchronously
                pass

        _host = QuietHost()
    return _host


# --- compiling conditions --------------------------------------------------------------------

def _value(v):
    if isinstance(v, date):
        return v.toordinal()
    return v


def to_durable(node: expr.Node, negated: bool = False, nonnull: frozenset = frozenset()) -> dict | None:
    """A condition as durable JSON; None means 'always true'. `nonnull`: facts never missing."""
    if isinstance(node, expr.Not):
        return to_durable(node.operand, not negated, nonnull)
    if isinstance(node, expr.Const):
        return None if bool(node.value) != negated else _NEVER
    if isinstance(node, expr.BoolOp):
        op = node.op if not negated else ("or" if node.op == "and" else "and")
        parts = [to_durable(o, negated, nonnull) for o in node.operands]
        if op == "and":
            parts = [p for p in parts if p is not None]
            return None if not parts else parts[0] if len(parts) == 1 else {"$and": parts}
        if any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else {"$or": parts}
    missing = {"$nex": {node.fact: 1}}
    if node.fact in nonnull and not isinstance(node, expr.IsNull):
        return _nonnull(node, negated)
    if isinstance(node, expr.IsNull):
        present = node.negated != negated
        return {"$ex": {node.fact: 1}} if present else missing
    if isinstance(node, expr.FactTrue):
        return {"$or": [{node.fact: False}, missing]} if negated else {node.fact: True}
    if node.op in ("in", "not in"):
        is_in = (node.op == "in") != negated
        if is_in:
            return {"$or": [{node.fact: _value(v)} for v in node.value]} if node.value else _NEVER
        return {"$or": [missing, {"$and": [{"$neq": {node.fact: _value(v)}} for v in node.value]}]} \
            if node.value else None
    op = _NEG[node.op] if negated else node.op
    cmp = {node.fact: _value(node.value)} if op == "==" else {_OPS[op]: {node.fact: _value(node.value)}}
    return {"$or": [cmp, missing]} if negated else cmp


def _nonnull(node: expr.Node, negated: bool) -> dict:
    """Facts that are never missing need no `$nex` alternative when negated."""
    if isinstance(node, expr.FactTrue):
        return {node.fact: not negated}
    if node.op in ("in", "not in"):
        return to_durable(node, negated)
    op = _NEG[node.op] if negated else node.op
    return {node.fact: _value(node.value)} if op == "==" else {_OPS[op]: {node.fact: _value(node.value)}}


def ruleset(compiled: list[CompiledRule], hits: list, nonnull: frozenset) -> dict:
    """One durable rule per (rule, branch), matching when that branch's condition holds.

    durable_rules reports every branch that holds; the decision table's first-hit policy then
    takes the lowest branch (see decide), so the engine never needs negated earlier branches.
    """
    rs = {}
    for c in compiled:
        for i, b in enumerate(c.branches):
            cond = to_durable(b.condition, nonnull=nonnull)
            parts = [_ANCHOR] + ([cond] if cond is not None else [])
            rs[f"{c.rule.id}__{i}"] = {"all": [{"m": {"$and": parts}}], "run": _action(hits, c.rule.id, i)}
    return rs


def _action(hits: list, rule_id: str, branch: int):
    def run(c):
        hits.append((c.m["row"], rule_id, branch))
    return run


# --- running ---------------------------------------------------------------------------------

def _fact_value(v):
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


def decide(compiled: list[CompiledRule], facts: pd.DataFrame, name_hint: str,
           nonnull: frozenset = frozenset()) -> dict[str, np.ndarray]:
    if not compiled:     # nothing to evaluate (e.g. a pack without unit-level rules)
        return {}
    host = _get_host()
    name = f"casereview_{name_hint}"
    if name not in _hits:
        _hits[name] = []
        host.set_rulesets({name: ruleset(compiled, _hits[name], nonnull)})
    hits = _hits[name]
    hits.clear()
    read = sorted(set().union(*(c.facts for c in compiled)) |
                  {n for c in compiled for b in c.branches for n in expr.facts_of(b.condition)})
    for n in nonnull & set(read):
        if facts[n].isna().any():
            raise RuntimeError(f"事实 {n} 声明为非空，却有空值")
    columns = {n: facts[n].to_numpy(dtype=object) for n in read}
    for row in range(len(facts)):
        sid = str(row)
        fact = {"id": f"f{row}", "sid": sid, "row": row, **_ANCHOR}
        for n in read:
            v = _fact_value(columns[n][row])
            if v is not None:
                fact[n] = v
        host.assert_fact(name, fact)
        host.delete_state(name, sid)
    none = np.iinfo(np.int16).max
    out = {c.rule.id: np.full(len(facts), none, dtype=np.int16) for c in compiled}
    for row, rule_id, branch in hits:
        out[rule_id][row] = min(out[rule_id][row], branch)   # first hit wins
    hits.clear()
    for chosen in out.values():
        chosen[chosen == none] = -1
    return out
