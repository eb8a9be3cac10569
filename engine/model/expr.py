"""The condition language: text → tokens → typed AST, type-checked when the pack loads.

Grammar (keywords are English, names are fact names, $parameters or functions):
    expr    := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | cmp
    cmp     := '(' expr ')' | true | false
             | operand [ OP operand | ['not'] 'in' list | 'is' ['not'] 'null' ]   OP: == != < <= > >=
    operand := NAME | FUNC '(' operand (',' operand)* ')' | QUANT '(' TABLE [',' COLUMN] [',' expr] ')'
             | constant
    constant:= NUMBER | 'STRING' | "STRING" | true | false | $NAME
    list    := '[' constant (',' constant)* ']' | $NAME (a list parameter)
A comparison has a fact on one side and a constant on the other (`Compare`), or compares two dates
or two numbers of which at least one is a fact or a function of facts (`Relation`); the functions
are listed in expr_functions. Null rule, the same everywhere: a comparison with a null side is
false (so its `not` is true); `is null` tests for a missing value. Dates are written as
'YYYY-MM-DD' strings and compared as dates.

The case's child records (expr_children): `exists(documents, doc_type == '听证告知书' and doc_date <=
decision_date)`, `count(acts, …)`, `all(acts, …)`, `min(documents, doc_date, …)`, `max(…)`. Inside the
filter a bare name is a column of that table when it has one, else a case fact; `case.NAME` is always
the case fact. A filter comparison reading a null is false; no rows: exists false, count 0, all true,
min/max null. `'X' in NAME` / `'X' not in NAME` test a list fact (or a list column in a filter).
Quantifiers and list memberships are computed in the facts stage into hidden columns named by their
canonical text (`Aggregate.column`, `Member.column`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping, Union

from casereview.engine.model.expr_children import CASE_PREFIX, QUANTIFIERS, child_columns, column_inputs
from casereview.engine.model.expr_functions import FUNCTIONS
from casereview.engine.model.schema import CASE_CHILDREN, TABLES

BOOL, NUMBER, TEXT, DATE, LIST = "bool", "number", "text", "date", "list"
OPS = ("==", "!=", "<=", ">=", "<", ">")
MIRRORED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}   # a OP b ⇔ b MIRRORED[OP] a

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>-?\d+(?:\.\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
  | (?P<param>\$[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<name>case\.[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)
)""", re.VERBOSE)
_KEYWORDS = {"and", "or", "not", "in", "is", "null", "true", "false"}


class ExprError(ValueError):
    """A condition that does not parse or does not type-check; `suggestion` is a did-you-mean."""

    def __init__(self, message: str, suggestion: str | None = None):
        super().__init__(message)
        self.suggestion = suggestion


# --- AST -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Const:
    value: object
    type: str


@dataclass(frozen=True)
class Compare:
    fact: str
    op: str               # one of OPS, "in", "not in"
    value: object         # scalar, or tuple for in / not in
    type: str             # type of the fact


@dataclass(frozen=True)
class Ref:
    """A fact read as one side of a relation or as a function argument."""
    fact: str
    type: str


@dataclass(frozen=True)
class Call:
    """A date function (expr_functions.FUNCTIONS) of facts, constants or other calls."""
    func: str
    args: tuple["Operand", ...]
    type: str             # result type

    @property
    def column(self) -> str:
        """The hidden fact-table column holding its value: its canonical text, which no fact name can be."""
        return f"{self.func}({', '.join(operand_text(a) for a in self.args)})"


@dataclass(frozen=True)
class Relation:
    """A comparison of two dates or two numbers that is not a plain fact-vs-constant `Compare`:
    two facts, or a function call on either side. False when either side is null."""
    left: "Operand"
    op: str               # one of OPS
    right: "Operand"
    type: str             # DATE or NUMBER, both sides


@dataclass(frozen=True)
class IsNull:
    fact: "str | Call"    # a fact name, or a call (null where its arguments are, or off the calendar)
    negated: bool = False


@dataclass(frozen=True)
class FactTrue:
    """A bare boolean fact: true only when present and true."""
    fact: str


@dataclass(frozen=True)
class Not:
    operand: "Node"


@dataclass(frozen=True)
class BoolOp:
    op: str               # "and" | "or"
    operands: tuple["Node", ...]


@dataclass(frozen=True)
class Aggregate:
    """A quantifier (expr_children.QUANTIFIERS) over one of the case's child tables. `where` reads
    the table's columns by name and the case's facts as `case.NAME`; `value`: the column min / max take."""
    func: str
    table: str
    where: "Node"
    value: str | None
    type: str

    @property
    def column(self) -> str:
        """The hidden fact-table column holding its value per case: its canonical text."""
        parts = [self.table, *([self.value] if self.value else []),
                 *([node_text(self.where)] if self.where != Const(True, BOOL) else [])]
        return f"{self.func}({', '.join(parts)})"


@dataclass(frozen=True)
class Member:
    """`'X' in NAME`: the list fact (or, in a filter, list column) holds the item; false when empty."""
    item: str
    fact: str
    type: str = BOOL

    @property
    def column(self) -> str:
        return f"{operand_text(Const(self.item, TEXT))} in {self.fact}"


Node = Union[Const, Compare, Relation, IsNull, FactTrue, Not, BoolOp]
Operand = Union[Ref, Call, Const, Aggregate]
HIDDEN = (Call, Aggregate, Member)     # operands read through a hidden column named by their text


def facts_of(node) -> set[str]:
    """Every fact a condition (or an operand) reads; after `lower`, every column."""
    if isinstance(node, Ref):
        return {node.fact}
    if isinstance(node, Call):
        return set().union(*(facts_of(a) for a in node.args))
    if isinstance(node, Aggregate):
        return {n.removeprefix(CASE_PREFIX) for n in facts_of(node.where) if n.startswith(CASE_PREFIX)}
    if isinstance(node, Member):
        return {node.fact}
    if isinstance(node, Relation):
        return facts_of(node.left) | facts_of(node.right)
    if isinstance(node, (Compare, IsNull, FactTrue)):
        return facts_of(node.fact) if isinstance(node.fact, HIDDEN) else {node.fact}
    if isinstance(node, Not):
        return facts_of(node.operand)
    if isinstance(node, BoolOp):
        return set().union(*(facts_of(o) for o in node.operands))
    return set()


def calls_of(node) -> list[Call]:
    """The calls a condition reads as hidden columns (outermost calls only), in reading order."""
    if isinstance(node, Call):
        return [node]
    if isinstance(node, Relation):
        return calls_of(node.left) + calls_of(node.right)
    if isinstance(node, IsNull):
        return calls_of(node.fact)
    if isinstance(node, Not):
        return calls_of(node.operand)
    if isinstance(node, BoolOp):
        return [c for o in node.operands for c in calls_of(o)]
    return []


def aggregates_of(node) -> list["Aggregate | Member"]:
    """The quantifiers and list memberships a condition reads (computed in the facts stage), in reading order."""
    if isinstance(node, (Aggregate, Member)):
        return [node]
    if isinstance(node, Call):
        return [a for arg in node.args for a in aggregates_of(arg)]
    if isinstance(node, Relation):
        return aggregates_of(node.left) + aggregates_of(node.right)
    if isinstance(node, (IsNull, FactTrue)):
        return aggregates_of(node.fact) if isinstance(node.fact, HIDDEN) else []
    if isinstance(node, Not):
        return aggregates_of(node.operand)
    if isinstance(node, BoolOp):
        return [a for o in node.operands for a in aggregates_of(o)]
    return []


def inputs_of(node) -> set[str]:
    """The child-table inputs ("documents", "documents.doc_date", catalogue style) the condition's
    quantifiers read, for the guards; the case facts they read are in `facts_of`."""
    out: set[str] = set()
    for agg in aggregates_of(node):
        if isinstance(agg, Aggregate):
            out.add(agg.table)
            columns = {n for n in facts_of(agg.where) if not n.startswith(CASE_PREFIX)} | (
                {agg.value} if agg.value else set())
            out.update(i for c in columns for i in column_inputs(agg.table, c))
    return out


def lower(node: Node) -> Node:
    """The condition over columns only, as the backends compile it: each call read through its
    hidden column; a relation of one column and a constant becomes a `Compare`."""
    if isinstance(node, Not):
        return Not(lower(node.operand))
    if isinstance(node, BoolOp):
        return BoolOp(node.op, tuple(lower(o) for o in node.operands))
    if isinstance(node, IsNull) and isinstance(node.fact, HIDDEN):
        return IsNull(node.fact.column, node.negated)
    if isinstance(node, FactTrue) and isinstance(node.fact, HIDDEN):
        return FactTrue(node.fact.column)
    if isinstance(node, Relation):
        left, right = _as_column(node.left), _as_column(node.right)
        if isinstance(right, Const):
            return Compare(left.fact, node.op, right.value, node.type)
        if isinstance(left, Const):
            return Compare(right.fact, MIRRORED[node.op], left.value, node.type)
        return Relation(left, node.op, right, node.type)
    return node


def _as_column(operand: Operand) -> Operand:
    return Ref(operand.column, operand.type) if isinstance(operand, HIDDEN) else operand


def operand_text(operand: Operand) -> str:
    """An operand as written in a condition (dates and texts quoted)."""
    if isinstance(operand, Ref):
        return operand.fact
    if isinstance(operand, HIDDEN):
        return operand.column
    value = operand.value
    if isinstance(value, tuple):
        return "[" + ", ".join(operand_text(Const(v, "")) for v in value) + "]"
    if isinstance(value, (date, str)):
        return f"'{value}'" if isinstance(value, str) else f"'{value.isoformat()}'"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def node_text(node: Node) -> str:
    """A condition as canonical text (constants as `operand_text` writes them; groups in brackets)."""
    if isinstance(node, Const):
        return operand_text(node)
    if isinstance(node, Compare):
        return f"{node.fact} {node.op} {operand_text(Const(node.value, node.type))}"
    if isinstance(node, Relation):
        return f"{operand_text(node.left)} {node.op} {operand_text(node.right)}"
    if isinstance(node, IsNull):
        name = node.fact.column if isinstance(node.fact, HIDDEN) else node.fact
        return f"{name} is {'not ' if node.negated else ''}null"
    if isinstance(node, FactTrue):
        return node.fact.column if isinstance(node.fact, HIDDEN) else node.fact
    if isinstance(node, Not):
        inner = node_text(node.operand)
        return f"not ({inner})" if isinstance(node.operand, BoolOp) else f"not {inner}"
    return f" {node.op} ".join(f"({node_text(o)})" if isinstance(o, BoolOp) else node_text(o)
                               for o in node.operands)


# --- parser --------------------------------------------------------------------------------

def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            pos += len(text[pos:]) - len(text[pos:].lstrip())   # point at the character, not the blank
            raise ExprError(f"无法识别的字符“{text[pos:pos + 10]}”（位置 {pos + 1}）")
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "name" and value in _KEYWORDS:
            kind = "kw"           # `not (…)`, `and (…)` are grouping, not calls
        elif kind == "name" and (value in FUNCTIONS or value in QUANTIFIERS) and text[m.end():].lstrip()[:1] == "(":
            kind = "func"
        elif kind == "name":
            _refuse_python(value, text[m.end():].lstrip()[:1])
        tokens.append((kind, value))
        pos = m.end()
    return tokens


_PYTHON_WORDS = {"lambda", "import", "def", "class", "exec", "eval", "for", "if", "else", "while",
                 "yield", "await", "async", "with", "from", "global", "del", "return", "as"}


def _refuse_python(name: str, after: str) -> None:
    """Conditions are data, not Python: no internals, calls, attributes or Python statements."""
    if name.startswith("_"):
        raise ExprError(f"不允许以下划线开头的名字“{name}”（条件语言不能访问 Python 内部）")
    if after == "(":
        raise ExprError(f"条件语言不支持函数调用“{name}(…)”（可用函数：{'、'.join([*FUNCTIONS, *QUANTIFIERS])}）",
                        suggestion=did_you_mean(name, [*FUNCTIONS, *QUANTIFIERS]))
    if after == ".":
        raise ExprError(f"条件语言不支持属性访问“{name}.…”")
    if name in _PYTHON_WORDS:
        raise ExprError(f"条件语言不支持 Python 语法“{name}”")


class Parser:
    """Recursive-descent parser producing a typed AST.

    fact_types: fact name → type; params: parameter path → value (already resolved);
    macros: named fact → (type, parsed expression) read in its place (engine/model/named_facts.py).
    """

    def __init__(self, text: str, fact_types: dict[str, str], params: Callable[[str], object],
                 macros: Mapping[str, tuple] | None = None):
        self.text, self.tokens, self.i = text, tokenize(text), 0
        self.fact_types, self.params, self.macros = fact_types, params, macros or {}
        self.case_types, self.table = fact_types, None      # table: the child table of the filter being read

    def parse(self) -> Node:
        if not self.tokens:
            raise ExprError("条件为空")
        node = self._or()
        if self.i != len(self.tokens):
            raise ExprError(f"多余的内容“{self.tokens[self.i][1]}”")
        return node

    def parse_operand(self) -> Operand:
        """A fact or a function call alone (a named fact's number, date or text expression)."""
        if not self.tokens:
            raise ExprError("表达式为空")
        operand = self._operand("事实名或函数")
        if self.i != len(self.tokens):
            raise ExprError(f"多余的内容“{self.tokens[self.i][1]}”")
        if isinstance(operand, Const):
            raise ExprError(f"表达式须为事实或函数，不能是常量“{operand_text(operand)}”")
        return operand

    # helpers
    def _peek(self, value: str | None = None, kind: str | None = None) -> bool:
        if self.i >= len(self.tokens):
            return False
        k, v = self.tokens[self.i]
        return (value is None or v == value) and (kind is None or k == kind)

    def _take(self, value: str | None = None, kind: str | None = None) -> tuple[str, str]:
        if not self._peek(value, kind):
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "结尾"
            raise ExprError(f"此处应为“{value or kind}”，实为“{found}”" if value or kind
                            else "条件不完整：在结尾处缺少内容")
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def _or(self) -> Node:
        parts = [self._and()]
        while self._peek("or"):
            self._take("or")
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def _and(self) -> Node:
        parts = [self._not()]
        while self._peek("and"):
            self._take("and")
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def _not(self) -> Node:
        if self._peek("not"):
            self._take("not")
            return Not(self._not())
        return self._cmp()

    def _cmp(self) -> Node:
        if self._peek("("):
            self._take("(")
            node = self._or()
            self._take(")")
            return node
        if self._peek(kind="kw") and self.tokens[self.i][1] in ("true", "false"):
            return Const(self._take()[1] == "true", BOOL)
        if not self.table and self._peek(kind="name") and self.tokens[self.i][1] in self.macros:
            kind, node = self.macros[self.tokens[self.i][1]]
            if kind == BOOL:            # a named condition, read as its expression
                self._take()
                return node
        left = self._operand()
        if isinstance(left, Const) and (self._peek("in") or self._peek("not")):
            return self._member(left)
        if isinstance(left, Const):
            if not (self._peek(kind="op") and self.tokens[self.i][1] in OPS):
                raise ExprError(f"此处应为事实名，实为“{operand_text(left)}”")
        if self._peek("is"):
            self._take("is")
            negated = bool(self._peek("not") and self._take("not"))
            self._take("null")
            return IsNull(left.fact if isinstance(left, Ref) else left, negated)
        if self._peek("not") or self._peek("in"):
            if not isinstance(left, Ref):
                raise ExprError(f"in 的左边须为事实，不能是“{operand_text(left)}”")
            if left.type == LIST:
                raise ExprError(f"{left.fact} 是列表：判断是否含某项请写“'值' in {left.fact}”")
            op = "not in" if self._peek("not") and self._take("not") else "in"
            self._take("in")
            values = tuple(self._coerce(v, left.type, left.fact) for v in self._list())
            return Compare(left.fact, op, values, left.type)
        if self._peek(kind="op") and self.tokens[self.i][1] in OPS:
            op = self._take()[1]
            return self._comparison(left, op, self._operand("常量、事实或函数"))
        if isinstance(left, Aggregate) and left.type == BOOL:
            return FactTrue(left)
        if not isinstance(left, Ref):
            raise ExprError(f"{left.func}(…) 的结果是{_TYPE_LABEL[left.type]}，不是真假值，须与一个值比较")
        if left.type != BOOL:
            raise ExprError(f"{left.fact}（{_TYPE_LABEL[left.type]}）不是真假值，须与一个值比较")
        return FactTrue(left.fact)

    def _comparison(self, left: Operand, op: str, right: Operand) -> Node:
        """fact OP constant as `Compare` (a constant on the left is mirrored); anything else as `Relation`."""
        if isinstance(left, Const) and isinstance(right, Const):
            raise ExprError(f"比较的两边不能都是常量：“{operand_text(left)} {op} {operand_text(right)}”")
        for side in (left, right):
            if isinstance(side, Aggregate) and side.type == BOOL:
                raise ExprError(f"{side.func}(…) 本身是真假值：直接写“{side.func}(…)”或“not {side.func}(…)”，不与值比较")
            if not isinstance(side, Const) and side.type == LIST:
                raise ExprError(f"{operand_text(side)} 是列表，不能用“{op}”比较；判断是否含某项请写“'值' in {operand_text(side)}”")
        if isinstance(left, Const):
            left, op, right = right, MIRRORED[op], left
        if isinstance(left, Ref) and isinstance(right, Const):
            value = self._coerce(right.value, left.type, left.fact)
            if left.type in (BOOL, TEXT) and op not in ("==", "!="):
                raise ExprError(f"{left.fact}（{_TYPE_LABEL[left.type]}）不能用“{op}”比较")
            return Compare(left.fact, op, value, left.type)
        name = operand_text(left)
        if isinstance(right, Const):
            right = Const(self._coerce(right.value, left.type, name), left.type)
        elif right.type != left.type:
            raise ExprError(f"{name}（{_TYPE_LABEL[left.type]}）与 {operand_text(right)}"
                            f"（{_TYPE_LABEL[right.type]}）类型不同，不能比较")
        if left.type not in (DATE, NUMBER):
            raise ExprError(f"{name}（{_TYPE_LABEL[left.type]}）不能与事实比较：两个事实之间只能比较日期或数值")
        return Relation(left, op, right, left.type)

    def _operand(self, what: str = "事实名") -> Operand:
        """A fact (`Ref`), a function call, or an untyped constant (Const with type "", typed by its use)."""
        if self._peek(kind="func"):
            if self.tokens[self.i][1] in QUANTIFIERS:
                return self._aggregate()
            if self.table:
                raise ExprError(f"{self.table} 的筛选条件中暂不支持函数“{self.tokens[self.i][1]}(…)”")
            return self._call()
        if not self.table and self._peek(kind="name") and self.tokens[self.i][1] in self.macros:
            name = self._take()[1]
            kind, operand = self.macros[name]
            if kind == BOOL:
                raise ExprError(f"命名事实 {name} 是条件（真假值），只能单独使用或与 not/and/or 连用，不能比较")
            return operand
        if self._peek(kind="name"):
            fact = self._fact()
            return Ref(fact, self.fact_types[fact])
        if self.i < len(self.tokens) and (self.tokens[self.i][0] in ("num", "str", "param")
                                          or self.tokens[self.i][1] in ("true", "false")):
            return Const(self._constant(), "")
        found = self.tokens[self.i][1] if self.i < len(self.tokens) else "结尾"
        raise ExprError(f"此处应为{what}，实为“{found}”")

    def _call(self) -> Call:
        name = self._take(kind="func")[1]
        fn = FUNCTIONS[name]
        self._take("(")
        args = [self._operand("函数参数")]
        while self._peek(","):
            self._take(",")
            args.append(self._operand("函数参数"))
        self._take(")")
        if len(args) != len(fn.args):
            raise ExprError(f"函数 {name} 需要 {len(fn.args)} 个参数，实有 {len(args)} 个")
        typed = []
        for k, (arg, want) in enumerate(zip(args, fn.args), 1):
            where = f"{name} 的第{k}个参数"
            if isinstance(arg, Const):
                arg = Const(self._coerce(arg.value, want, where), want)
            elif arg.type != want:
                raise ExprError(f"{where}须为{_TYPE_LABEL[want]}，{operand_text(arg)} 是{_TYPE_LABEL[arg.type]}")
            typed.append(arg)
        if name == "nth_workday_after" and isinstance(typed[1], Const) and (
                typed[1].value < 0 or typed[1].value != int(typed[1].value)):
            raise ExprError(f"{name} 的第2个参数须为不小于 0 的整数，实为“{typed[1].value}”")
        return Call(name, tuple(typed), fn.type)

    def _fact(self) -> str:
        kind, value = self._take(kind=None)
        if kind != "name":
            raise ExprError(f"此处应为事实名，实为“{value}”")
        if self.table:
            return self._filter_name(value)
        name = value.removeprefix(CASE_PREFIX)
        if name not in self.fact_types:
            raise ExprError(f"未知事实“{value}”", suggestion=did_you_mean(name, [*self.fact_types, *self.macros]))
        return name

    def _filter_name(self, value: str) -> str:
        """In a filter: the child table's column, else the case fact (as `case.NAME`)."""
        columns = child_columns(self.table)
        if value in columns:
            return value
        name = value.removeprefix(CASE_PREFIX)
        if name in self.case_types:
            return CASE_PREFIX + name
        raise ExprError(f"{TABLES[self.table].label}表（{self.table}）没有列“{value}”，也没有这个案件事实",
                        suggestion=did_you_mean(name, [*columns, *self.case_types]))

    def _aggregate(self) -> Aggregate:
        """QUANT '(' TABLE [',' COLUMN] [',' filter] ')' — the filter read over the child table's columns."""
        name = self._take(kind="func")[1]
        if self.table:
            raise ExprError(f"{name}(…) 不能写在另一个子表函数的筛选条件里（不支持嵌套）")
        self._take("(")
        table = self._take()[1] if self.i < len(self.tokens) else "结尾"
        if table not in CASE_CHILDREN:
            raise ExprError(f"{name} 的第1个参数须为子表名（{'、'.join(CASE_CHILDREN)}），实为“{table}”",
                            suggestion=did_you_mean(table, CASE_CHILDREN))
        columns, value = child_columns(table), None
        if QUANTIFIERS[name].value_column:
            self._take(",")
            value = self._take()[1] if self.i < len(self.tokens) else "结尾"
            if value not in columns:
                raise ExprError(f"{TABLES[table].label}表（{table}）没有列“{value}”",
                                suggestion=did_you_mean(value, columns))
            if columns[value] not in (DATE, NUMBER):
                raise ExprError(f"{name} 只能取日期或数值列，{table}.{value} 是{_TYPE_LABEL[columns[value]]}")
        where = Const(True, BOOL)
        if self._peek(","):
            self._take(",")
            saved = self.fact_types
            self.fact_types = {**{CASE_PREFIX + k: v for k, v in self.case_types.items()}, **columns}
            self.table = table
            try:
                where = self._or()
            finally:
                self.fact_types, self.table = saved, None
        self._take(")")
        return Aggregate(name, table, where, value, {"exists": BOOL, "all": BOOL, "count": NUMBER}.get(name)
                         or columns[value])

    def _member(self, item: Const) -> Node:
        """`'X' in NAME` / `'X' not in NAME` on a list fact (in a filter: a list column)."""
        negated = bool(self._peek("not") and self._take("not"))
        self._take("in")
        fact = self._fact()
        if self.fact_types[fact] != LIST:
            raise ExprError(f"“… in {fact}”要求 {fact} 是列表，它是{_TYPE_LABEL[self.fact_types[fact]]}；"
                            f"判断取值请写“{fact} in [...]”")
        if not isinstance(item.value, str):
            raise ExprError(f"列表 {fact} 的元素是文本，不能与“{operand_text(item)}”比较")
        node = FactTrue(Member(item.value, fact))
        return Not(node) if negated else node

    def _constant(self) -> object:
        kind, value = self._take()
        if kind == "num":
            return float(value) if "." in value else int(value)
        if kind == "str":
            return value[1:-1]
        if kind == "kw" and value in ("true", "false"):
            return value == "true"
        if kind == "param":
            return self.params(value[1:])
        raise ExprError(f"此处应为常量，实为“{value}”")

    def _list(self) -> list:
        if self._peek(kind="param"):
            value = self.params(self._take()[1][1:])
            if not isinstance(value, (list, tuple)):
                raise ExprError("in 后的参数必须是列表")
            return list(value)
        self._take("[")
        items = [self._constant()]
        while self._peek(","):
            self._take(",")
            items.append(self._constant())
        self._take("]")
        return items

    @staticmethod
    def _coerce(value: object, ftype: str, fact: str) -> object:
        ok = {
            BOOL: isinstance(value, bool),
            NUMBER: isinstance(value, (int, float)) and not isinstance(value, bool),
            TEXT: isinstance(value, str),
        }
        if ftype == DATE:
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError:
                raise ExprError(f"{fact} 是日期，“{value}”不是 YYYY-MM-DD 日期") from None
        if not ok[ftype]:
            raise ExprError(f"{fact} 是{_TYPE_LABEL[ftype]}，不能与“{value}”比较")
        return value


_TYPE_LABEL = {BOOL: "真假值", NUMBER: "数值", TEXT: "文本", DATE: "日期", LIST: "列表"}


def did_you_mean(word: str, candidates) -> str | None:
    import difflib
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


def parse(text: str, fact_types: dict[str, str], params: Callable[[str], object],
          macros: Mapping[str, tuple] | None = None) -> Node:
    return Parser(text, fact_types, params, macros).parse()


def negate(node: Node) -> Node:
    """Push a negation down to the leaves (De Morgan), keeping null semantics exact."""
    if isinstance(node, Not):
        return node.operand
    if isinstance(node, BoolOp):
        return BoolOp("and" if node.op == "or" else "or", tuple(negate(o) for o in node.operands))
    if isinstance(node, Const):
        return Const(not node.value, BOOL)
    return Not(node)
