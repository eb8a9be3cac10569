"""durable_rules compilation: each rule branch becomes one durable rule over a JSON condition.

Null facts are left out of the asserted fact, so `$nex` tests for them; a comparison on a missing
field is false, as in the vector backend. Dates are compared as day ordinals. Conditions are compiled
as `expr.lower` gives them: a call is read from its hidden column (computed.with_computed); two facts
are compared with durable's `$m` reference to another field of the same fact, guarded by `$ex`.
The fields the engine adds to every fact (ANCHOR, ROW) start with '#', which no fact name can;
durable's own `id` and `sid` are refused as fact names by the catalogue.
"""
from __future__ import annotations

from datetime import date

from casereview.engine.model import expr
from casereview.engine.model.pack import CompiledRule

_OPS = {"==": None, "!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_NEG = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
ANCHOR = {"#anchor": "facts"}     # every asserted fact carries it; every rule matches on it
ROW = "#row"                      # the asserted fact's row in the fact table
_NEVER = {"#anchor": "__never__"}


def _value(v):
    if isinstance(v, date):
        return v.toordinal()
    return v


def to_durable(node: expr.Node, negated: bool = False, nonnull: frozenset = frozenset()) -> dict | None:
    """A condition as durable JSON; None means 'always true'. `nonnull`: facts never missing."""
    return _to_durable(expr.lower(node), negated, nonnull)


def _to_durable(node: expr.Node, negated: bool, nonnull: frozenset) -> dict | None:
    if isinstance(node, expr.Not):
        return _to_durable(node.operand, not negated, nonnull)
    if isinstance(node, expr.Const):
        return None if bool(node.value) != negated else _NEVER
    if isinstance(node, expr.BoolOp):
        op = node.op if not negated else ("or" if node.op == "and" else "and")
        parts = [_to_durable(o, negated, nonnull) for o in node.operands]
        if op == "and":
            parts = [p for p in parts if p is not None]
            return None if not parts else parts[0] if len(parts) == 1 else {"$and": parts}
        if any(p is None for p in parts):
            return None
        return parts[0] if len(parts) == 1 else {"$or": parts}
    if isinstance(node, expr.Relation):
        return _relation(node, negated, nonnull)
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
        return _to_durable(node, negated, frozenset())
    op = _NEG[node.op] if negated else node.op
    return {node.fact: _value(node.value)} if op == "==" else {_OPS[op]: {node.fact: _value(node.value)}}


def _relation(node: expr.Relation, negated: bool, nonnull: frozenset) -> dict:
    """Two fields of the fact compared; false (negated: true) when either is missing."""
    a, b = node.left.fact, node.right.fact
    op = _NEG[node.op] if negated else node.op
    cmp = {a: {"$m": b}} if op == "==" else {_OPS[op]: {a: {"$m": b}}}
    nullable = [f for f in dict.fromkeys((a, b)) if f not in nonnull]
    if negated:
        return {"$or": [{"$nex": {f: 1}} for f in nullable] + [cmp]} if nullable else cmp
    return {"$and": [{"$ex": {f: 1}} for f in nullable] + [cmp]} if nullable else cmp


def ruleset(compiled: list[CompiledRule], hits: list, nonnull: frozenset) -> dict:
    """One durable rule per (rule, branch), matching when that branch's condition holds.

    durable_rules reports every branch that holds; the decision table's first-hit policy then
    takes the lowest branch (see decide), so the engine never needs negated earlier branches.
    """
    rs = {}
    for c in compiled:
        for i, b in enumerate(c.branches):
            cond = to_durable(b.condition, nonnull=nonnull)
            parts = [ANCHOR] + ([cond] if cond is not None else [])
            rs[f"{c.rule.id}__{i}"] = {"all": [{"m": {"$and": parts}}], "run": _action(hits, c.rule.id, i)}
    return rs


def _action(hits: list, rule_id: str, branch: int):
    def run(c):
        hits.append((c.m[ROW], rule_id, branch))
    return run
