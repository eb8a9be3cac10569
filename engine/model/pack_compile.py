"""Compiling a checked rule into its decision table: applies, guards for missing or rejected input, checks."""
from __future__ import annotations

from casereview.engine.model import expr
from casereview.engine.model.catalogue import Fact, absent_name, input_parts, invalid_name
from casereview.engine.model.compiled import TEMPLATE_REF, Branch, CompiledRule, LoadedPack
from casereview.engine.model.named_facts import Macros, params_through
from casereview.engine.model.rule import Rule
from casereview.engine.model.schema import CASE_CHILDREN, TABLES, column_text


def compile_rule(loaded: LoadedPack, rule: Rule) -> CompiledRule:
    """The rule's branches in order: not applicable, guards, checks, otherwise. The pack checks
    (pack_rule_checks) have already accepted every condition, template and fact name."""
    facts = loaded.unit_facts if rule.level == "unit" else loaded.case_facts
    types = {name: f.type for name, f in facts.items()}
    macros = Macros(loaded.named_facts, types, loaded.param)

    def parse(text: str) -> expr.Node:
        return expr.parse(text, types, loaded.param, macros)

    def template_facts(template: str) -> set[str]:
        return {ref for ref in TEMPLATE_REF.findall(template) if not ref.startswith("$") and ref != "as_of"}

    applies = parse(rule.applies)
    checks = [(parse(c.when), c) for c in rule.checks]
    read = expr.facts_of(applies) | set().union(*(expr.facts_of(n) for n, _ in checks))
    for template in (rule.not_applicable, *(c.reason for c in rule.checks), rule.otherwise.reason):
        read |= template_facts(template)
    read |= set(rule.evidence)
    child_inputs = expr.inputs_of(applies) | set().union(*(expr.inputs_of(n) for n, _ in checks))
    for name in sorted(read & set(macros)):         # a named fact shown: the facts and inputs its expression reads
        node = macros[name][1]
        read = (read - {name}) | expr.facts_of(node)
        child_inputs |= expr.inputs_of(node)

    branches = applies_branches(applies, rule.not_applicable, facts) if rule.level == "case" else []
    branches.append(Branch(expr.negate(applies), "na", rule.not_applicable, "applies"))
    branches += guard_branches(read, facts, skip={b.condition for b in branches}, inputs=child_inputs)
    branches += [Branch(node, c.outcome, c.reason) for node, c in checks]
    branches.append(Branch(expr.Const(True, expr.BOOL), rule.otherwise.outcome, rule.otherwise.reason,
                           "otherwise"))
    texts = [rule.applies, *(c.when for c in rule.checks), rule.not_applicable, *(c.reason for c in rule.checks),
             rule.otherwise.reason, *rule.evidence]
    return CompiledRule(rule, branches, read, params_through(texts, loaded.named_facts))


def shown_named(loaded: LoadedPack) -> dict[str, object]:
    """The named facts the enabled case rules' reasons or evidence show: name → parsed expression,
    in the order first shown."""
    types = {name: f.type for name, f in loaded.case_facts.items()}
    macros = Macros(loaded.named_facts, types, loaded.param)
    out: dict[str, object] = {}
    for c in loaded.rules("case"):
        r = c.rule
        refs = [ref for t in (r.not_applicable, *(k.reason for k in r.checks), r.otherwise.reason)
                for ref in TEMPLATE_REF.findall(t)]
        for name in [*refs, *r.evidence]:
            if name in loaded.named_facts and name not in out:
                out[name] = macros[name][1]
    return out


def applies_branches(applies: expr.Node, not_applicable: str, facts: dict[str, Fact]) -> list[Branch]:
    """Not applicable as soon as one part of `applies` is false on clean data; else guards first."""
    parts = applies.operands if isinstance(applies, expr.BoolOp) and applies.op == "and" else (applies,)
    clean_false = []
    for part in parts:
        guards = [b.condition for b in guard_branches(expr.facts_of(part), facts, inputs=expr.inputs_of(part))]
        clean = expr.negate(part) if not guards else expr.BoolOp(
            "and", (expr.negate(part), expr.negate(expr.BoolOp("or", tuple(guards)))))
        clean_false.append(clean)
    early_na = clean_false[0] if len(clean_false) == 1 else expr.BoolOp("or", tuple(clean_false))
    return [Branch(early_na, "na", not_applicable, "applies"),
            *guard_branches(expr.facts_of(applies), facts, inputs=expr.inputs_of(applies))]


_TABLE_LABELS = {t.name: t.label for t in TABLES.values()}


def guard_branches(read: set[str], facts: dict[str, Fact], skip=frozenset(), inputs=()) -> list[Branch]:
    """Unknown when a table or column the rule needs is missing, or its data was rejected.

    Every input of every fact read names a table, maybe a column and a link (see catalogue.input_parts);
    a guard exists where the level's catalogue has its fact (unit level: engine/facts/guards.py).
    `inputs`: further inputs read directly, by the conditions' quantifiers (expr.inputs_of)."""
    tables, columns = set(), set()
    for inps in [*(facts[name].inputs for name in read), tuple(inputs)]:
        for inp in inps:
            table, column, via = input_parts(inp)
            tables.add(table)
            if column:
                columns.add((table, column, via))
    out = []
    for t in sorted(tables):
        if f"missing__{t}" in facts:
            out.append(Branch(expr.FactTrue(f"missing__{t}"), "unknown",
                              f"输入中没有{_TABLE_LABELS.get(t, t)}表，无法判定", "guard"))
        if f"rejected__{t}" in facts:
            label = _TABLE_LABELS.get(t, t)
            reason = (f"本案有 {{rejected__{t}}} 条{label}记录被拒收（见 rejects.csv），无法判定" if t in CASE_CHILDREN
                      else f"{label}表有 {{rejected__{t}}} 条记录被拒收（见 rejects.csv），无法判定"
                      if facts[f"rejected__{t}"].type == expr.NUMBER
                      else f"{label}表记录被拒收：{{rejected__{t}}}（见 rejects.csv），无法判定")
            out.append(Branch(_flag(f"rejected__{t}", facts), "unknown", reason, "guard"))
        if f"unplaced__{t}" in facts:
            out.append(Branch(_flag(f"unplaced__{t}", facts), "unknown",
                              f"{_TABLE_LABELS.get(t, t)}表有 {{unplaced__{t}}} 条记录的案件编号为空或无法识别而被拒收"
                              f"（见 rejects.csv），可能属于本案，无法判定", "guard"))
    order = {(t, c): i for i, (t, c) in enumerate((t.name, c.name) for t in TABLES.values() for c in t.columns)}
    # case columns by name (as before), then the other tables' columns in schema order
    for t, c, via in sorted(columns, key=lambda k: (k[0] != "cases", k[1] if k[0] == "cases" else "",
                                                    order[k[:2]], k[2] or "")):
        out += _column_guards(t, c, via, facts)
    return _unique([b for b in out if b.condition not in skip])


def _column_guards(t: str, c: str, via: str | None, facts: dict[str, Fact]) -> list[Branch]:
    out = []
    absent = absent_name(t, c)
    if absent in facts:
        out.append(Branch(expr.FactTrue(absent), "unknown", f"输入缺少列 {column_text(t, c)}，无法判定", "guard"))
    invalid = invalid_name(t, c, via)
    if invalid in facts and t == "cases":
        out.append(Branch(expr.FactTrue(invalid), "unknown",
                          f"案件表“{facts[invalid].label.removesuffix('取值被拒收')}”的取值无法识别"
                          f"（见 rejects.csv），无法判定", "guard"))
    elif invalid in facts:
        out.append(Branch(_flag(invalid, facts), "unknown",
                          f"取值无法识别：{{{invalid}}}（见 rejects.csv），无法判定", "guard"))
    beyond = f"beyond__{c}"
    if t == "cases" and beyond in facts:
        value = f" {{{c}}}" if c in facts else ""
        out.append(Branch(expr.FactTrue(beyond), "unknown",
                          f"案件表“{facts[beyond].label.removesuffix('超出日历')}”{value} 晚于评查日 {{as_of}}，"
                          f"且不在已知节假日日历年份内，无法判定", "guard"))
    return out


def _flag(name: str, facts: dict[str, Fact]) -> expr.Node:
    """A guard fact that holds: true, a count above 0, or a text (naming the rows) present."""
    kind = facts[name].type
    if kind == expr.NUMBER:
        return expr.Compare(name, ">", 0, expr.NUMBER)
    if kind == expr.TEXT:
        return expr.IsNull(name, negated=True)
    return expr.FactTrue(name)


def _unique(branches: list[Branch]) -> list[Branch]:
    """One guard per condition (a column read through two facts gives the same guard twice)."""
    seen, out = set(), []
    for b in branches:
        if b.condition not in seen:
            seen.add(b.condition)
            out.append(b)
    return out
