"""The condition language reading the case: two facts compared, date functions on the working-day
calendar, parenthesised groups, and fact names the durable backend could confuse with its own fields.

Every expected branch is worked out by hand from the comments (calendar: 2024 National Day, 10-01..10-07
off, Saturday 10-12 a make-up working day; 2099 is outside the known years) and must be chosen alike by
the vector and the durable_rules backends."""
from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pandas as pd
import pytest

from casereview.casefiles.workdays import WorkCalendar, YearRule
from casereview.engine.backends.computed import with_computed
from casereview.engine.backends.registry import get_backend
from casereview.engine.model import expr
from casereview.engine.model.catalogue import Fact, checked_names
from casereview.engine.model.expr import DATE, NUMBER, TEXT, BoolOp, Call, Compare, FactTrue, Not, Ref, Relation
from casereview.engine.model.pack import Branch, CompiledRule, load_pack
from casereview.engine.model.rule import Rule
from casereview.engine.run.review import decide

TYPES = {"notified_date": DATE, "decision_date": DATE, "fine_amount": NUMBER, "limit": NUMBER,
         "extension": NUMBER, "kind": TEXT, "row": NUMBER, "has_decision": "bool"}
PARAMS = {"small_fine": 20, "days": 2}
ENGINES = ["vector", "durable"]


def parse(text: str) -> expr.Node:
    return expr.parse(text, TYPES, lambda name: PARAMS[name])


FACTS = pd.DataFrame({
    "case_id": ["R1", "R2", "R3", "R4", "R5"],
    "notified_date": pd.to_datetime(["2024-09-30", "2024-10-08", "2024-10-15", None, "2099-01-05"]),
    "decision_date": pd.to_datetime(["2024-10-08", "2024-10-15", "2024-10-08", "2024-10-08", "2099-01-20"]),
    "fine_amount": [100.0, 50.0, np.nan, 10.0, 5.0],
    "limit": [50.0, 50.0, 10.0, np.nan, 1.0],
    "extension": [1.0, 1.0, -1.0, 1.5, np.nan],
    "kind": ["x", "y", None, "x", "x"],
    "row": [3.0, 0.0, 1.0, 2.0, np.nan],
})

# rule id → (conditions of its branches in order, the last one `true`; chosen branch for R1 … R5)
CASES = {
    # fact < fact; a null side makes it false
    "TC01": (["notified_date < decision_date"], [0, 0, 1, 1, 0]),
    # not of a comparison with a null side is true (R4)
    "TC02": (["not (notified_date < decision_date)"], [1, 1, 0, 0, 1]),
    # number >= number: 100>=50, 50>=50, null, null, 5>=1
    "TC03": (["fine_amount >= limit"], [0, 0, 1, 1, 0]),
    # a parameter on the left: 20 < fine_amount
    "TC04": (["$small_fine < fine_amount"], [0, 0, 1, 1, 1]),
    # == and != between facts: dates equal only in no row; R3 has a null fine
    "TC05": (["fine_amount == limit", "fine_amount != limit"], [1, 0, 2, 2, 1]),
    # working days in (notified, decided]: R1 1 (10-08), R2 6 (10-09..10-15 with Sat 10-12), R3 −6,
    # R4 null date, R5 2099 off the calendar → the is-null branch
    "TC06": (["workdays_between(notified_date, decision_date) is null",
              "workdays_between(notified_date, decision_date) > 5"], [2, 1, 2, 0, 0]),
    # calendar days: 8, 7, −7, null, 15 (no calendar needed, so 2099 counts)
    "TC07": (["days_between(notified_date, decision_date) >= 8"], [0, 1, 1, 1, 0]),
    # 2nd working day after notice: R1 10-09 (10-08, 10-09), R2 10-10, R3 10-17, R4 null, R5 2099 null
    "TC08": (["nth_workday_after(notified_date, $days) is null",
              "decision_date > nth_workday_after(notified_date, $days)"], [2, 1, 2, 0, 0]),
    # 4th working day after 10-08 is Saturday 10-12 (make-up day); after 10-15 it is 10-21
    "TC09": (["nth_workday_after(decision_date, 4) == '2024-10-12'"], [0, 1, 0, 0, 1]),
    # n read from a fact: 1 → 10-09 (R1) / 10-16 (R2); −1, 1.5 and null → null → false
    "TC10": (["nth_workday_after(decision_date, extension) == '2024-10-09'"], [0, 1, 1, 1, 1]),
    # groups: R1 (T or F) and not F; R2 (T or F) and not F; R3 (F or T) and not null-F;
    # R4 (null-F or F) → F; R5 T and not F
    "TC11": (["(notified_date < decision_date or fine_amount is null) and not (fine_amount < limit)"],
             [0, 0, 0, 1, 0]),
    # a call nested in a call: days from notice to the 1st working day after the decision:
    # R1 09-30 → 10-09 = 9; R2 10-08 → 10-16 = 8; R3 10-15 → 10-09 = −6; R4 null; R5 off calendar
    "TC12": (["days_between(notified_date, nth_workday_after(decision_date, 1)) > 8",
              "days_between(notified_date, nth_workday_after(decision_date, 1)) is null"], [0, 2, 2, 1, 1]),
    # facts named like the durable backend's former anchor (`kind`) and row field (`row`)
    "TC13": (["kind == 'x' and row >= 2", "kind is null", "row == 0"], [0, 2, 1, 0, 3]),
}


def _rule(rule_id: str, conditions: list[str]) -> CompiledRule:
    nodes = [parse(c) for c in conditions] + [parse("true")]
    rule = Rule(id=rule_id, system="测试", title=rule_id, basis="—", otherwise={"reason": "—"})
    return CompiledRule(rule, [Branch(n, "pass", "—") for n in nodes], set().union(*map(expr.facts_of, nodes)))


@pytest.fixture(scope="module")
def loaded():
    """The standard pack's model with the rules above, under a digest of its own (durable registers
    one ruleset per digest and level)."""
    rules = [_rule(rule_id, conditions) for rule_id, (conditions, _) in CASES.items()]
    return dataclasses.replace(load_pack(), digest="handbuiltexprcase" + "0" * 47, compiled=rules,
                               case_facts={}, unit_facts={})


def test_calendar_knows_2024_but_not_2099():
    """The premise of the hand-worked outcomes."""
    cal = WorkCalendar.official()
    assert cal.covers(date(2024, 10, 12)) and cal.is_workday(date(2024, 10, 12))
    assert not cal.covers(date(2099, 1, 5))


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_worked_branches(loaded, engine):
    got = decide(engine, loaded, FACTS, "case")
    for rule_id, (_, want) in CASES.items():
        assert got[rule_id].tolist() == want, rule_id


@pytest.mark.parametrize("engine", ENGINES)
def test_same_calendar_as_given(loaded, engine):
    """The run's calendar is the one the functions use: with a calendar that knows only 2099 (no
    holidays), 2024 is off the calendar and 2099-01-05 (Mon) → 01-20 (Tue) has 11 working days."""
    only_2099 = WorkCalendar({2099: YearRule(frozenset(), frozenset(), "test")})
    got = get_backend(engine).decide(loaded, FACTS, "case", calendar=only_2099)
    assert got["TC06"].tolist() == [0, 0, 0, 0, 1]


def test_hidden_columns_hold_the_function_values():
    nodes = [parse("workdays_between(notified_date, decision_date) > 0"), parse("days_between(notified_date, decision_date) > 0"),
             parse("nth_workday_after(notified_date, 2) is null")]
    out = with_computed(FACTS, nodes)
    assert list(out.columns[-3:]) == ["workdays_between(notified_date, decision_date)",
                                      "days_between(notified_date, decision_date)", "nth_workday_after(notified_date, 2)"]
    assert out.iloc[:, -3].tolist()[:3] == [1.0, 6.0, -6.0] and out.iloc[3:, -3].isna().all()
    assert out.iloc[:, -2].tolist()[:3] == [8.0, 7.0, -7.0]
    assert [None if pd.isna(d) else d.date() for d in out.iloc[:, -1]] == \
        [date(2024, 10, 9), date(2024, 10, 10), date(2024, 10, 17), None, None]
    assert list(FACTS.columns) == ["case_id", "notified_date", "decision_date", "fine_amount", "limit",
                                   "extension", "kind", "row"]       # the input frame is left alone
    assert with_computed(FACTS, [parse("fine_amount > 1")]) is FACTS


# --- parsing -----------------------------------------------------------------------------------

N, D = Ref("notified_date", DATE), Ref("decision_date", DATE)


@pytest.mark.parametrize("text, node", [
    ("notified_date < decision_date", Relation(N, "<", D, DATE)),
    ("fine_amount >= limit", Relation(Ref("fine_amount", NUMBER), ">=", Ref("limit", NUMBER), NUMBER)),
    ("$small_fine < fine_amount", Compare("fine_amount", ">", 20, NUMBER)),
    ("'2024-01-01' >= decision_date", Compare("decision_date", "<=", date(2024, 1, 1), DATE)),
    ("days_between(notified_date, decision_date) > 3",
     Relation(Call("days_between", (N, D), NUMBER), ">", expr.Const(3, NUMBER), NUMBER)),
    ("has_decision and (notified_date < decision_date or not (fine_amount > 1))",
     BoolOp("and", (FactTrue("has_decision"), BoolOp("or", (Relation(N, "<", D, DATE),
                                                              Not(Compare("fine_amount", ">", 1, NUMBER))))))),
    ("((has_decision))", FactTrue("has_decision")),
    ("not (has_decision) and (has_decision)", BoolOp("and", (Not(FactTrue("has_decision")), FactTrue("has_decision")))),
])
def test_parsed(text, node):
    assert parse(text) == node


def test_call_column_names_its_canonical_text():
    node = parse("nth_workday_after(decision_date,2.0) > '2024-01-01'")
    assert expr.calls_of(node)[0].column == "nth_workday_after(decision_date, 2)"
    assert expr.facts_of(node) == {"decision_date"}
    assert expr.lower(node) == Compare("nth_workday_after(decision_date, 2)", ">", date(2024, 1, 1), DATE)


@pytest.mark.parametrize("text, message", [
    ("notified_date < fine_amount", "notified_date（日期）与 fine_amount（数值）类型不同，不能比较"),
    ("kind == kind", "kind（文本）不能与事实比较"),
    ("days_between(notified_date) > 1", "函数 days_between 需要 2 个参数，实有 1 个"),
    ("days_between(fine_amount, decision_date) > 1", "days_between 的第1个参数须为日期，fine_amount 是数值"),
    ("nth_workday_after(decision_date, -1) > decision_date", "须为不小于 0 的整数"),
    ("nth_workday_after(decision_date, 1.5) > decision_date", "须为不小于 0 的整数"),
    ("days_between(notified_date, '2024-02-30') > 1", "days_between 的第2个参数 是日期，“2024-02-30”不是 YYYY-MM-DD 日期"),
    ("workdays_between(notified_date, decision_date) > '2024-01-01'", "不能与“2024-01-01”比较"),
    ("workdays_between(notified_date, decision_date)", "不是真假值，须与一个值比较"),
    ("days_between(notified_date, decision_date) in [1]", "in 的左边须为事实"),
    ("1 < 2", "比较的两边不能都是常量"),
    ("(notified_date < decision_date", "此处应为“\\)”，实为“结尾”"),
])
def test_rejected_at_load(text, message):
    with pytest.raises(expr.ExprError, match=message):
        parse(text)


def test_unknown_function_with_did_you_mean():
    with pytest.raises(expr.ExprError, match="不支持函数调用“workday_between\\(…\\)”") as e:
        parse("workday_between(notified_date, decision_date) > 1")
    assert e.value.suggestion == "workdays_between"


# --- fact names the durable backend reserves ------------------------------------------------------

@pytest.mark.parametrize("name", ["id", "sid", "#row", "$x"])
def test_reserved_fact_names_refused(name):
    with pytest.raises(ValueError, match="保留名"):
        checked_names({name: Fact(name, NUMBER, "—", "—", "—")})


def test_catalogue_names_are_accepted():
    pack = load_pack()
    assert checked_names(pack.case_facts) is pack.case_facts
