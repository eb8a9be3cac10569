"""The condition language: text → tokens → typed AST, type-checked when the pack loads.

Grammar (keywords are English, names are fact names, $parameters or functions):
    expr    := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | cmp
    cmp     := '(' expr ')' | true | false
             | operand [ OP operand | ['not'] 'in' list | 'is' ['not'] 'null' ]   OP: == != < <= > >=
    operand := NAME | FUNC '(' operand (',' operand)* ')' | constant
    constant:= NUMBER | 'STRING' | "STRING" | true | false | $NAME
    list    := '[' constant (',' constant)* ']' | $NAME (a list parameter)
A comparison has a fact on one side and a constant on the other (`Compare`), or compares two dates
or two numbers of which at least one is a fact or a function of facts (`Relation`); the functions
are listed in expr_functions. Null rule, the same everywhere: a comparison with a null side is
false (so its `not` is true); `is null` tests for a missing value. Dates are written as
'YYYY-MM-DD' strings and compared as dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping, Union

from casereview.engine.model.expr_functions import FUNCTIONS

BOOL, NUMBER, TEXT, DATE = "bool", "number", "text", "date"
OPS = ("==", "!=", "<=", ">=", "<", ">")
MIRRORED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}   # a OP b ⇔ b MIRRORED[OP] a

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>-?\d+(?:\.\d+)?)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
  | (?P<param>\$[A-Za-z_][A-Za-z0-9_.]*)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
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


Node = Union[Const, Compare, Relation, IsNull, FactTrue, Not, BoolOp]
Operand = Union[Ref, Call, Const]


def facts_of(node) -> set[str]:
    """Every fact a condition (or an operand) reads; after `lower`, every column."""
    if isinstance(node, Ref):
        return {node.fact}
    if isinstance(node, Call):
        return set().union(*(facts_of(a) for a in node.args))
    if isinstance(node, Relation):
        return facts_of(node.left) | facts_of(node.right)
    if isinstance(node, (Compare, IsNull, FactTrue)):
        return facts_of(node.fact) if isinstance(node.fact, Call) else {node.fact}
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


def lower(node: Node) -> Node:
    """The condition over columns only, as the backends compile it: each call read through its
    hidden column; a relation of one column and a constant becomes a `Compare`."""
    if isinstance(node, Not):
        return Not(lower(node.operand))
    if isinstance(node, BoolOp):
        return BoolOp(node.op, tuple(lower(o) for o in node.operands))
    if isinstance(node, IsNull) and isinstance(node.fact, Call):
        return IsNull(node.fact.column, node.negated)
    if isinstance(node, Relation):
        left, right = _as_column(node.left), _as_column(node.right)
        if isinstance(right, Const):
            return Compare(left.fact, node.op, right.value, node.type)
        if isinstance(left, Const):
            return Compare(right.fact, MIRRORED[node.op], left.value, node.type)
        return Relation(left, node.op, right, node.type)
    return node


def _as_column(operand: Operand) -> Operand:
    return Ref(operand.column, operand.type) if isinstance(operand, Call) else operand


def operand_text(operand: Operand) -> str:
    """An operand as written in a condition (dates and texts quoted)."""
    if isinstance(operand, Ref):
        return operand.fact
    if isinstance(operand, Call):
        return operand.column
    value = operand.value
    if isinstance(value, (date, str)):
        return f"'{value}'" if isinstance(value, str) else f"'{value.isoformat()}'"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


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
        elif kind == "name" and value in FUNCTIONS and text[m.end():].lstrip()[:1] == "(":
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
        raise ExprError(f"条件语言不支持函数调用“{name}(…)”（可用函数：{'、'.join(FUNCTIONS)}）",
                        suggestion=did_you_mean(name, FUNCTIONS))
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
        if self._peek(kind="name") and self.tokens[self.i][1] in self.macros:
            kind, node = self.macros[self.tokens[self.i][1]]
            if kind == BOOL:            # a named condition, read as its expression
                self._take()
                return node
        left = self._operand()
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
            op = "not in" if self._peek("not") and self._take("not") else "in"
            self._take("in")
            values = tuple(self._coerce(v, left.type, left.fact) for v in self._list())
            return Compare(left.fact, op, values, left.type)
        if self._peek(kind="op") and self.tokens[self.i][1] in OPS:
            op = self._take()[1]
            return self._comparison(left, op, self._operand("常量、事实或函数"))
        if isinstance(left, Call):
            raise ExprError(f"{left.func}(…) 的结果是{_TYPE_LABEL[left.type]}，不是真假值，须与一个值比较")
        if left.type != BOOL:
            raise ExprError(f"{left.fact}（{_TYPE_LABEL[left.type]}）不是真假值，须与一个值比较")
        return FactTrue(left.fact)

    def _comparison(self, left: Operand, op: str, right: Operand) -> Node:
        """fact OP constant as `Compare` (a constant on the left is mirrored); anything else as `Relation`."""
        if isinstance(left, Const) and isinstance(right, Const):
            raise ExprError(f"比较的两边不能都是常量：“{operand_text(left)} {op} {operand_text(right)}”")
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
            return self._call()
        if self._peek(kind="name") and self.tokens[self.i][1] in self.macros:
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
        if value not in self.fact_types:
            raise ExprError(f"未知事实“{value}”", suggestion=did_you_mean(value, [*self.fact_types, *self.macros]))
        return value

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


_TYPE_LABEL = {BOOL: "真假值", NUMBER: "数值", TEXT: "文本", DATE: "日期"}


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
