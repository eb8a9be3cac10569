"""The condition language: text → tokens → typed AST, type-checked when the pack loads.

Grammar (keywords are English, names are fact names or $parameters):
    expr    := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | cmp
    cmp     := atom [ OP atom | ['not'] 'in' list | 'is' ['not'] 'null' ]     OP: == != < <= > >=
    atom    := NUMBER | 'STRING' | "STRING" | true | false | NAME | $NAME | '(' expr ')'
    list    := '[' literal (',' literal)* ']' | $NAME (a list parameter)
A comparison has a fact on its left and a constant (literal or parameter) on its right. A
comparison reading a missing (null) fact is false; `not` is plain negation; `is null` tests
for a missing value. Dates are written as 'YYYY-MM-DD' strings and compared as dates.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Union

BOOL, NUMBER, TEXT, DATE = "bool", "number", "text", "date"
OPS = ("==", "!=", "<=", ">=", "<", ">")

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
class IsNull:
    fact: str
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


Node = Union[Const, Compare, IsNull, FactTrue, Not, BoolOp]


def facts_of(node: Node) -> set[str]:
    """Every fact a condition reads."""
    if isinstance(node, (Compare, IsNull, FactTrue)):
        return {node.fact}
    if isinstance(node, Not):
        return facts_of(node.operand)
    if isinstance(node, BoolOp):
        return set().union(*(facts_of(o) for o in node.operands))
    return set()


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
        raise ExprError(f"条件语言不支持函数调用“{name}(…)”")
    if after == ".":
        raise ExprError(f"条件语言不支持属性访问“{name}.…”")
    if name in _PYTHON_WORDS:
        raise ExprError(f"条件语言不支持 Python 语法“{name}”")


class Parser:
    """Recursive-descent parser producing a typed AST.

    fact_types: fact name → type; params: parameter path → value (already resolved).
    """

    def __init__(self, text: str, fact_types: dict[str, str], params: Callable[[str], object]):
        self.text, self.tokens, self.i = text, tokenize(text), 0
        self.fact_types, self.params = fact_types, params

    def parse(self) -> Node:
        if not self.tokens:
            raise ExprError("条件为空")
        node = self._or()
        if self.i != len(self.tokens):
            raise ExprError(f"多余的内容“{self.tokens[self.i][1]}”")
        return node

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
        fact = self._fact()
        ftype = self.fact_types[fact]
        if self._peek("is"):
            self._take("is")
            negated = bool(self._peek("not") and self._take("not"))
            self._take("null")
            return IsNull(fact, negated)
        if self._peek("not") or self._peek("in"):
            op = "not in" if self._peek("not") and self._take("not") else "in"
            self._take("in")
            values = tuple(self._coerce(v, ftype, fact) for v in self._list())
            return Compare(fact, op, values, ftype)
        if self._peek(kind="op") and self.tokens[self.i][1] in OPS:
            op = self._take()[1]
            value = self._coerce(self._constant(), ftype, fact)
            if ftype in (BOOL, TEXT) and op not in ("==", "!="):
                raise ExprError(f"{fact}（{_TYPE_LABEL[ftype]}）不能用“{op}”比较")
            return Compare(fact, op, value, ftype)
        if ftype != BOOL:
            raise ExprError(f"{fact}（{_TYPE_LABEL[ftype]}）不是真假值，须与一个值比较")
        return FactTrue(fact)

    def _fact(self) -> str:
        kind, value = self._take(kind=None)
        if kind != "name":
            raise ExprError(f"此处应为事实名，实为“{value}”")
        if value not in self.fact_types:
            raise ExprError(f"未知事实“{value}”", suggestion=did_you_mean(value, self.fact_types))
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
        if kind == "name":
            raise ExprError(f"比较的右边须为常量或 $参数，不能是事实“{value}”")
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


def parse(text: str, fact_types: dict[str, str], params: Callable[[str], object]) -> Node:
    return Parser(text, fact_types, params).parse()


def negate(node: Node) -> Node:
    """Push a negation down to the leaves (De Morgan), keeping null semantics exact."""
    if isinstance(node, Not):
        return node.operand
    if isinstance(node, BoolOp):
        return BoolOp("and" if node.op == "or" else "or", tuple(negate(o) for o in node.operands))
    if isinstance(node, Const):
        return Const(not node.value, BOOL)
    return Not(node)
