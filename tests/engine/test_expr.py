"""Direct tests of the condition language (engine/model/expr.py) and its null semantics in the vector backend."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from casereview.engine.model import expr
from casereview.engine.backends.vector.compile import evaluate
from casereview.engine.model.expr import BOOL, DATE, NUMBER, TEXT, BoolOp, Compare, Const, ExprError, FactTrue, IsNull, Not

FACT_TYPES = {
    "has_decision": BOOL, "is_major": BOOL, "in_time": BOOL,
    "fine": NUMBER, "officer_count": NUMBER,
    "case_type": TEXT,
    "decision_date": DATE,
}
PARAMS = {"min_officers": 2, "short_types": ["简易程序", "警告"], "major.fine": 5000, "publish_days": 7.0}


def lookup(name: str):
    """Parameters as LoadedPack.param gives them (dotted path → value)."""
    if name not in PARAMS:
        raise ExprError(f"未知参数“${name}”")
    return PARAMS[name]


def parse(text: str) -> expr.Node:
    return expr.parse(text, FACT_TYPES, lookup)


# --- lexing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, tokens", [
    ("fine>=-3.5", [("name", "fine"), ("op", ">="), ("num", "-3.5")]),
    ("case_type != 'a b'", [("name", "case_type"), ("op", "!="), ("str", "'a b'")]),
    ('case_type == "警告"', [("name", "case_type"), ("op", "=="), ("str", '"警告"')]),
    ("fine > $major.fine", [("name", "fine"), ("op", ">"), ("param", "$major.fine")]),
    ("is_major and not in_time", [("name", "is_major"), ("kw", "and"), ("kw", "not"), ("name", "in_time")]),
    ("x in [1,2]", [("name", "x"), ("kw", "in"), ("op", "["), ("num", "1"), ("op", ","), ("num", "2"),
                    ("op", "]")]),
    ("a is not null", [("name", "a"), ("kw", "is"), ("kw", "not"), ("kw", "null")]),
    ("  true  ", [("kw", "true")]),
])
def test_tokenize(text, tokens):
    """Names that start with a keyword (is_major, in_time) stay names; a leading '-' belongs to the number."""
    assert expr.tokenize(text) == tokens


@pytest.mark.parametrize("text, message", [
    ("fine == 1 ; x", "无法识别的字符“; x”（位置 11）"),
    ("fine @ 1", "无法识别的字符“@ 1”（位置 6）"),
    ("fine==1&x", "无法识别的字符“&x”（位置 8）"),
    ("fine == 1 或 x", "无法识别的字符“或 x”（位置 11）"),
])
def test_tokenize_rejects_unknown_characters(text, message):
    """The position (1-based) is that of the character itself, not of the blank before it."""
    with pytest.raises(ExprError) as e:
        expr.tokenize(text)
    assert str(e.value) == message


# --- parsing: each construct ------------------------------------------------------------------

@pytest.mark.parametrize("text, node", [
    ("has_decision", FactTrue("has_decision")),
    ("(has_decision)", FactTrue("has_decision")),
    ("true", Const(True, BOOL)),
    ("false", Const(False, BOOL)),
    ("fine >= 5000", Compare("fine", ">=", 5000, NUMBER)),
    ("fine < 1.5", Compare("fine", "<", 1.5, NUMBER)),
    ("fine > -3", Compare("fine", ">", -3, NUMBER)),
    ("fine != 0", Compare("fine", "!=", 0, NUMBER)),
    ("fine <= $major.fine", Compare("fine", "<=", 5000, NUMBER)),
    ("officer_count >= $min_officers", Compare("officer_count", ">=", 2, NUMBER)),
    ("case_type == '警告'", Compare("case_type", "==", "警告", TEXT)),
    ('case_type != "罚款"', Compare("case_type", "!=", "罚款", TEXT)),
    ("decision_date < '2024-10-15'", Compare("decision_date", "<", date(2024, 10, 15), DATE)),
    ("has_decision == false", Compare("has_decision", "==", False, BOOL)),
    ("case_type in ['警告', '罚款']", Compare("case_type", "in", ("警告", "罚款"), TEXT)),
    ("case_type not in $short_types", Compare("case_type", "not in", ("简易程序", "警告"), TEXT)),
    ("fine in [1, 2.5]", Compare("fine", "in", (1, 2.5), NUMBER)),
    ("decision_date in ['2024-10-08']", Compare("decision_date", "in", (date(2024, 10, 8),), DATE)),
    ("fine is null", IsNull("fine", False)),
    ("fine is not null", IsNull("fine", True)),
    ("not has_decision", Not(FactTrue("has_decision"))),
    ("not not has_decision", Not(Not(FactTrue("has_decision")))),
    ("not fine > 1", Not(Compare("fine", ">", 1, NUMBER))),
])
def test_parse_constructs(text, node):
    assert parse(text) == node


A, B, C = FactTrue("has_decision"), FactTrue("is_major"), FactTrue("in_time")


@pytest.mark.parametrize("text, node", [
    ("has_decision or is_major and in_time", BoolOp("or", (A, BoolOp("and", (B, C))))),
    ("has_decision and is_major or in_time", BoolOp("or", (BoolOp("and", (A, B)), C))),
    ("(has_decision or is_major) and in_time", BoolOp("and", (BoolOp("or", (A, B)), C))),
    ("not has_decision and is_major", BoolOp("and", (Not(A), B))),
    ("not (has_decision and is_major)", Not(BoolOp("and", (A, B)))),
    ("not has_decision or is_major", BoolOp("or", (Not(A), B))),
    ("has_decision and is_major and in_time", BoolOp("and", (A, B, C))),
    ("has_decision or is_major or in_time", BoolOp("or", (A, B, C))),
])
def test_precedence(text, node):
    """not binds tighter than and, and tighter than or; chains of one operator stay flat."""
    assert parse(text) == node


# --- type and syntax errors at load time ---------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("decision_date > 5", "decision_date 是日期，“5”不是 YYYY-MM-DD 日期"),
    ("decision_date == '2024-13-01'", "decision_date 是日期，“2024-13-01”不是 YYYY-MM-DD 日期"),
    ("decision_date in ['2024-10-08', '十月']", "decision_date 是日期，“十月”不是 YYYY-MM-DD 日期"),
    ("fine == '五分'", "fine 是数值，不能与“五分”比较"),
    ("fine == true", "fine 是数值，不能与“True”比较"),
    ("has_decision == 1", "has_decision 是真假值，不能与“1”比较"),
    ("has_decision == '是'", "has_decision 是真假值，不能与“是”比较"),
    ("case_type == true", "case_type 是文本，不能与“True”比较"),
    ("case_type == 3", "case_type 是文本，不能与“3”比较"),
    ("case_type > 'a'", "case_type（文本）不能用“>”比较"),
    ("has_decision < true", "has_decision（真假值）不能用“<”比较"),
    ("fine", "fine（数值）不是真假值，须与一个值比较"),
    ("not decision_date", "decision_date（日期）不是真假值"),
    ("fine in $min_officers", "in 后的参数必须是列表"),
    ("fine in $short_types", "fine 是数值，不能与“简易程序”比较"),
    ("fine > case_type", "fine（数值）与 case_type（文本）类型不同，不能比较"),
    ("5 > 3", "比较的两边不能都是常量"),
    ("5", "此处应为事实名，实为“5”"),
    ("fine == null", "此处应为常量、事实或函数，实为“null”"),
    ("fine in []", "此处应为常量，实为“]”"),
    ("fine in [1", "此处应为“]”，实为“结尾”"),
    ("(has_decision", "此处应为“\\)”，实为“结尾”"),
    ("fine is", "此处应为“null”，实为“结尾”"),
    ("has_decision is_major", "多余的内容“is_major”"),
    ("", "条件为空"),
    ("   ", "条件为空"),
    ("fine > $nope", "未知参数"),
])
def test_rejected_at_load(text, message):
    with pytest.raises(ExprError, match=message):
        parse(text)


@pytest.mark.parametrize("text", ["fine ==", "has_decision and", "not", "fine in"])
def test_incomplete_condition_says_so_in_chinese(text):
    """A condition cut short names what is missing in Chinese, never a Python None."""
    with pytest.raises(ExprError) as e:
        parse(text)
    assert "None" not in str(e.value)
    assert "结尾" in str(e.value)


@pytest.mark.parametrize("text, suggestion", [
    ("has_decison", "has_decision"),
    ("fines > 1", "fine"),
    ("decision_dat is null", "decision_date"),
    ("zzz == 1", None),
])
def test_unknown_fact_with_did_you_mean(text, suggestion):
    with pytest.raises(ExprError, match="未知事实") as e:
        parse(text)
    assert e.value.suggestion == suggestion


# --- security: conditions are data, never Python ------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("__import__('os')", "不允许以下划线开头的名字“__import__”"),
    ("fine == 1 or __class__", "不允许以下划线开头的名字“__class__”"),
    ("_private", "不允许以下划线开头的名字"),
    ("open('x')", "不支持函数调用“open\\(…\\)”"),
    ("len (fine) > 1", "不支持函数调用“len\\(…\\)”"),
    ("fine.__class__", "不支持属性访问“fine.…”"),
    ("case_type.upper() == 'A'", "不支持属性访问“case_type.…”"),
    ("lambda", "不支持 Python 语法“lambda”"),
    ("import os", "不支持 Python 语法“import”"),
    ("fine if has_decision else 0", "不支持 Python 语法“if”"),
    ("eval('1')", "不支持函数调用“eval\\(…\\)”"),
])
def test_python_constructs_refused(text, message):
    with pytest.raises(ExprError, match=message):
        parse(text)


# --- helpers: facts_of and negate ---------------------------------------------------------------

@pytest.mark.parametrize("text, facts", [
    ("true", set()),
    ("has_decision", {"has_decision"}),
    ("not fine is null", {"fine"}),
    ("has_decision and (fine > 1 or case_type is null) and not decision_date < '2024-01-01'",
     {"has_decision", "fine", "case_type", "decision_date"}),
    ("fine > 1 or fine < 0", {"fine"}),
])
def test_facts_of(text, facts):
    assert expr.facts_of(parse(text)) == facts


F = Compare("fine", ">", 1, NUMBER)


@pytest.mark.parametrize("node, negated", [
    (Not(A), A),
    (Const(True, BOOL), Const(False, BOOL)),
    (Const(False, BOOL), Const(True, BOOL)),
    (A, Not(A)),
    (F, Not(F)),
    (IsNull("fine"), Not(IsNull("fine"))),
    (BoolOp("and", (A, F)), BoolOp("or", (Not(A), Not(F)))),
    (BoolOp("or", (A, Not(B))), BoolOp("and", (Not(A), B))),
    (BoolOp("and", (A, BoolOp("or", (B, C)))), BoolOp("or", (Not(A), BoolOp("and", (Not(B), Not(C)))))),
])
def test_negate_pushes_down_de_morgan(node, negated):
    assert expr.negate(node) == negated


# --- null semantics in the vector backend --------------------------------------------------------

def frame(nullable: bool) -> pd.DataFrame:
    """Three case files: 0 = 警告 ¥100 decided 2024-10-08; 1 = 罚款 ¥5000 decided 2024-10-15 without a
    decision flag; 2 = every fact missing. Built fresh per test (no shared mutable state)."""
    if nullable:
        return pd.DataFrame({
            "fine": pd.array([100, 5000, None], dtype="Float64"),
            "case_type": pd.array(["警告", "罚款", None], dtype="string"),
            "decision_date": pd.to_datetime(["2024-10-08", "2024-10-15", None]),
            "has_decision": pd.array([True, False, None], dtype="boolean"),
        })
    return pd.DataFrame({
        "fine": [100.0, 5000.0, np.nan],
        "case_type": ["警告", "罚款", None],
        "decision_date": [date(2024, 10, 8), date(2024, 10, 15), None],
        "has_decision": [True, False, None],
    })


T, _F = True, False
NULL_TABLE = [
    # a comparison reading a null is false, whatever the operator
    ("fine == 5000", [_F, T, _F]),
    ("fine != 5000", [T, _F, _F]),
    ("fine < 5000", [T, _F, _F]),
    ("fine <= 5000", [T, T, _F]),
    ("fine > 100", [_F, T, _F]),
    ("fine >= 100", [T, T, _F]),
    ("fine in [100, 1]", [T, _F, _F]),
    ("fine not in [100]", [_F, T, _F]),
    ("case_type == '警告'", [T, _F, _F]),
    ("case_type != '警告'", [_F, T, _F]),
    ("case_type in ['警告', '通报批评']", [T, _F, _F]),
    ("case_type not in ['警告']", [_F, T, _F]),
    ("case_type not in $short_types", [_F, T, _F]),
    ("decision_date < '2024-10-15'", [T, _F, _F]),
    ("decision_date <= '2024-10-15'", [T, T, _F]),
    ("decision_date == '2024-10-15'", [_F, T, _F]),
    ("decision_date != '2024-10-15'", [T, _F, _F]),
    ("decision_date > '2024-10-08'", [_F, T, _F]),
    ("decision_date in ['2024-10-08']", [T, _F, _F]),
    ("decision_date not in ['2024-10-08']", [_F, T, _F]),
    ("has_decision", [T, _F, _F]),
    ("has_decision == true", [T, _F, _F]),
    ("has_decision == false", [_F, T, _F]),
    ("has_decision != true", [_F, T, _F]),
    # is null / is not null test for the missing value itself
    ("fine is null", [_F, _F, T]),
    ("fine is not null", [T, T, _F]),
    ("case_type is null", [_F, _F, T]),
    ("decision_date is null", [_F, _F, T]),
    ("has_decision is not null", [T, T, _F]),
    # not is plain negation: the null row turns true
    ("not has_decision", [_F, T, T]),
    ("not fine < 5000", [_F, T, T]),
    ("not case_type == '警告'", [_F, T, T]),
    ("not (fine < 5000 or fine is null)", [_F, T, _F]),
    # constants and connectives
    ("true", [T, T, T]),
    ("false", [_F, _F, _F]),
    ("fine > 100 or has_decision", [T, T, _F]),
    ("fine > 100 and has_decision", [_F, _F, _F]),
    ("fine < 5000 or fine is null", [T, _F, T]),
    ("fine == 5000 or fine != 5000", [T, T, _F]),
    ("has_decision or not has_decision", [T, T, T]),
    # and binds tighter than or: (has_decision or fine == 5000) and … would make row 0 false
    ("has_decision or fine == 5000 and case_type == '罚款'", [T, T, _F]),
]


@pytest.mark.parametrize("nullable", [False, True], ids=["numpy", "nullable"])
@pytest.mark.parametrize("text, expected", NULL_TABLE)
def test_vector_null_semantics(text, expected, nullable):
    got = evaluate(parse(text), frame(nullable))
    assert got.dtype == bool
    assert got.tolist() == expected


@pytest.mark.parametrize("nullable", [False, True], ids=["numpy", "nullable"])
@pytest.mark.parametrize("text", [t for t, _ in NULL_TABLE])
def test_negate_is_exact_complement_with_nulls(text, nullable):
    """negate() keeps null semantics: on every row it is the exact complement of the condition."""
    facts = frame(nullable)
    node = parse(text)
    assert evaluate(expr.negate(node), facts).tolist() == (~evaluate(node, facts)).tolist()


@pytest.mark.parametrize("column, expected", [
    (pd.Series([True, np.True_, False, None, 1, "是"], dtype=object), [T, T, _F, _F, _F, _F]),
    (pd.Series([True, False]), [T, _F]),
    (pd.Series(pd.array([True, None, False], dtype="boolean")), [T, _F, _F]),
])
def test_bare_boolean_fact_is_true_only_when_present_and_true(column, expected):
    """A bare boolean fact holds only for a real true value: missing, 1 or the text 是 are not true."""
    got = evaluate(FactTrue("has_decision"), pd.DataFrame({"has_decision": column}))
    assert got.tolist() == expected
