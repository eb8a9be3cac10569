"""Property: the vector and durable_rules engines choose the same branch for conditions of the newer
kinds — two facts compared, date functions, quantifiers over the child records, list membership,
parenthesised groups and `not (…)` — on random case sets with missing values and missing tables.

Each example writes 3–6 rules of 1–3 random conditions each (and `true` last) as condition text, parses
them against the standard pack's fact catalogue, derives the case facts with those conditions (so the
quantifiers' and memberships' hidden columns exist, as in a review) and demands the same branch of every
rule per case from both engines. The hidden columns are computed by shared code (engine/facts/children.py,
engine/backends/computed.py), so what the engines can disagree on is how each compiles the conditions
over them: relations, comparisons, `is null`, booleans, `not` and groups, with nulls on either side."""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.casefiles.asof import cut_at
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.facts.derive import derive_case_facts
from casereview.engine.model import expr
from casereview.engine.model.pack import Branch, CompiledRule
from casereview.engine.model.rule import Rule
from casereview.engine.run.review import decide
from tests.properties.strategies import CHILDREN, PROFILE, as_casefile_kwargs, case_set
from tests.support import casefile_set, pack

AS_OF = date(2026, 11, 20)
OPS = ["==", "!=", "<", "<=", ">", ">="]
DATES = ["filed_date", "notified_date", "decision_date", "served_date", "published_date", "publish_short_due"]
NUMBERS = ["fine_amount", "extension_days", "act_count", "review_count", "publish_short_elapsed"]
BOOLS = ["has_decision", "hearing_held", "is_major"]
DATE_CONSTANTS = ["'2024-10-08'", "'2024-10-12'", "'2025-02-05'", "'2099-01-05'"]   # a make-up day; off the calendar
NUMBER_CONSTANTS = ["0", "1", "5", "10000", "-1", "2.5"]
ITEMS = ["'罚款'", "'吊销许可证件'", "'责令关闭'"]

# per child table: filters over its columns (bare names that are not columns read the case's facts)
FILTERS = {
    "documents": ["doc_type == '送达回证'", "doc_date <= case.decision_date", "doc_date is null",
                  "doc_type in ['送达回证', '询问笔录']", "doc_date > '2024-10-08'", "doc_date >= notified_date",
                  "'罚款' in case.decision_types"],
    "acts": ["act_type == '扣押'", "recording_count >= 1", "certificate_shown", "start_time < case.decision_date",
             "'P1' in officer_ids", "end_time is null"],
    "reviews": ["review_date <= decision_date", "conclusion == '同意'", "conclusion is null",
                "review_date > case.filed_date"],
    "recordings": ["act_id is null", "start_time >= case.filed_date", "end_time > start_time"],
}
VALUE_COLUMNS = {"documents": ["doc_date"], "acts": ["start_time", "end_time", "recording_count"],
                 "reviews": ["review_date"], "recordings": ["start_time"]}
KINDS = ("relation", "function", "member", "quantifier", "group", "not")

ops = st.sampled_from(OPS)
date_fact, number_fact = st.sampled_from(DATES), st.sampled_from(NUMBERS)


@st.composite
def date_call(draw, nested: bool = True) -> str:
    """A call with a date result, or a date fact."""
    if draw(st.booleans()):
        return draw(date_fact)
    n = draw(st.sampled_from(["0", "1", "2", "extension_days"]))
    base = draw(date_call(False)) if nested and draw(st.integers(0, 3)) == 0 else draw(date_fact)
    return f"nth_workday_after({base}, {n})"


@st.composite
def filter_text(draw, table: str, depth: int = 1) -> str:
    """A filter over one child table: a comparison, or a group of them, or `not (…)`."""
    leaf = st.sampled_from(FILTERS[table])
    if depth == 0 or draw(st.booleans()):
        return draw(leaf)
    a, b = draw(filter_text(table, depth - 1)), draw(filter_text(table, depth - 1))
    return draw(st.sampled_from([f"{a} and {b}", f"({a} or {b})", f"not ({a} or {b})", f"not {a}"]))


@st.composite
def quantifier(draw) -> tuple[str, str]:
    """(kind of operand, text): a boolean, number or date quantifier over one child table."""
    table = draw(st.sampled_from(CHILDREN))
    where = f", {draw(filter_text(table))}" if draw(st.integers(0, 4)) else ""
    func = draw(st.sampled_from(["exists", "all", "count", "min", "max"]))
    if func in ("exists", "all"):
        return "bool", f"{func}({table}{where})"
    if func == "count":
        return "number", f"count({table}{where})"
    column = draw(st.sampled_from(VALUE_COLUMNS[table]))
    return ("number" if column == "recording_count" else "date"), f"{func}({table}, {column}{where})"


@st.composite
def leaf(draw, seen: set) -> str:
    """One comparison of a newer kind (or a plain one, which the newer ones are mixed with)."""
    kind = draw(st.sampled_from(["relation", "function", "member", "quantifier", "plain"]))
    seen.add(kind)
    if kind == "relation":
        pool = draw(st.sampled_from([date_fact, number_fact]))
        return f"{draw(pool)} {draw(ops)} {draw(pool)}"
    if kind == "function":
        shape = draw(st.integers(0, 3))
        if shape == 0:
            func = draw(st.sampled_from(["days_between", "workdays_between"]))
            other = draw(st.one_of(st.sampled_from(NUMBER_CONSTANTS), number_fact))
            return f"{func}({draw(date_call())}, {draw(date_call())}) {draw(ops)} {other}"
        if shape == 1:
            other = draw(st.one_of(st.sampled_from(DATE_CONSTANTS), date_fact))
            return f"{draw(date_call())} {draw(ops)} {other}"
        if shape == 2:
            return f"{draw(date_call())} is {draw(st.sampled_from(['', 'not ']))}null"
        return f"workdays_between({draw(date_fact)}, {draw(date_call())}) is null"
    if kind == "member":
        return f"{draw(st.sampled_from(ITEMS))} {draw(st.sampled_from(['in', 'not in']))} decision_types"
    if kind == "quantifier":
        qkind, text = draw(quantifier())
        if qkind == "bool":
            return text
        if draw(st.integers(0, 3)) == 0:
            return f"{text} is null"
        other = {"number": st.one_of(st.sampled_from([*NUMBER_CONSTANTS, "count(acts)"]), number_fact),
                 "date": st.one_of(st.sampled_from([*DATE_CONSTANTS, "max(documents, doc_date)"]), date_fact)}[qkind]
        return f"{text} {draw(ops)} {draw(other)}" if draw(st.booleans()) else f"{draw(other)} {draw(ops)} {text}"
    return draw(st.sampled_from([draw(st.sampled_from(BOOLS)), "fine_amount >= 10000",
                                 f"{draw(date_fact)} is null", "decision_date < '2024-10-08'"]))


@st.composite
def condition(draw, seen: set, depth: int = 2) -> str:
    """A condition: a leaf, or two conditions joined in brackets, or `not (…)` / `not` of one."""
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(leaf(seen))
    a, b = draw(condition(seen, depth - 1)), draw(condition(seen, depth - 1))
    shape = draw(st.sampled_from(["and", "or", "not group", "not"]))
    seen.add("not" if shape.startswith("not") else "group")
    if shape == "not":
        return f"not {a}" if " " not in a.strip() or a.startswith("(") else f"not ({a})"
    joined = f"({a}) {'or' if shape == 'not group' else shape} ({b})"
    return f"not ({joined})" if shape == "not group" else joined


@st.composite
def case_files(draw):
    """2–6 cases with their children; documents dated (or not); each child table sometimes missing."""
    cases, rest = as_casefile_kwargs(draw(case_set(min_cases=2, max_cases=6)))
    for doc in rest["documents"]:
        decided = cases[int(doc["case_id"][1:])]["decision_date"]
        near = date.fromisoformat(decided) if decided else date(2024, 10, 8)
        doc["doc_date"] = draw(st.one_of(st.none(), st.builds(lambda k: (near + timedelta(days=k)).isoformat(),
                                                              st.integers(-3, 3))))
    for name in CHILDREN:
        if draw(st.integers(0, 5)) == 0:
            rest[name] = None
    return casefile_set(cases, **rest)


def rules_pack(rules: list[list[str]]):
    """The standard pack holding only rules NK01, NK02, … whose branches are the given condition texts then
    `true`; its own digest (durable registers one ruleset per digest and level)."""
    loaded = pack()
    types = {name: fact.type for name, fact in loaded.case_facts.items()}
    compiled = []
    for k, texts in enumerate(rules, 1):
        nodes = [expr.parse(t, types, loaded.param) for t in texts] + [expr.Const(True, expr.BOOL)]
        rule = Rule(id=f"NK{k:02d}", system="测试", title=f"NK{k:02d}", basis="—", otherwise={"reason": "—"})
        compiled.append(CompiledRule(rule, [Branch(n, "pass", "—") for n in nodes],
                                     set().union(*map(expr.facts_of, nodes))))
    digest = hashlib.sha256(repr(rules).encode()).hexdigest()
    return dataclasses.replace(loaded, digest=digest, compiled=compiled)


@settings(settings.get_profile(PROFILE))
@given(st.data(), case_files())
def _engines_agree_on_new_kinds(seen: dict, data, cfs):
    kinds: set = set()
    rules = data.draw(st.lists(st.lists(condition(kinds), min_size=1, max_size=3), min_size=3, max_size=6),
                      label="rules")
    loaded = rules_pack(rules)
    cfs = cut_at(cfs, AS_OF)
    facts = derive_case_facts(cfs, loaded.params, AS_OF, WorkCalendar.official(), loaded.conditions("case"))
    vector, durable = (decide(e, loaded, facts, "case") for e in ("vector", "durable"))
    for c in loaded.compiled:
        rule_id = c.rule.id
        read = sorted(set().union(*(expr.facts_of(b.condition) for b in c.branches)))
        assert np.array_equal(vector[rule_id], durable[rule_id]), (
            rules[int(rule_id[2:]) - 1], vector[rule_id].tolist(), durable[rule_id].tolist(),
            facts[["case_id", *read]].to_dict("records"))
        seen["branches"].update(vector[rule_id].tolist())
    seen["kinds"] |= kinds


def test_engines_agree_on_new_kinds():
    seen = {"kinds": set(), "branches": set()}
    _engines_agree_on_new_kinds(seen)
    # the property wrote every kind and its conditions both held and failed somewhere
    assert set(KINDS) <= seen["kinds"], seen["kinds"]
    assert {0, 1} <= seen["branches"], seen["branches"]
