"""Named facts a pack or overlay declares (`facts:`): checked where written, read by conditions as macros.

A named fact is expanded when a condition is parsed: its name is replaced by its parsed expression, so
every backend sees plain AST and they agree by construction. Reason templates and evidence of case
rules may show one: its value per case is computed before rendering (engine/backends/shown.py).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from casereview.engine.model import expr
from casereview.engine.model.expr_functions import FUNCTIONS
from casereview.engine.model.pack_checks import report_error
from casereview.engine.model.pack_problems import ProblemLog
from casereview.engine.model.pack_yaml import PackFile
from casereview.engine.model.rule import FACT_TYPES, NamedFact

_RESERVED = {"and", "or", "not", "in", "is", "null", "true", "false", "as_of"}


@dataclass(frozen=True)
class Declared:
    """One `facts:` entry and where it was written (file, index in that file's list)."""
    raw: object
    source: PackFile
    index: int


def declared_facts(src: PackFile, log: ProblemLog) -> list[Declared]:
    """The `facts:` entries of one pack or overlay file; a `facts` that is not a list is reported."""
    entries = src.data.get("facts") or []
    if not isinstance(entries, list):
        log.add(("facts",), "facts 须是列表（每项 name、type、meaning、expr）", source=src)
        return []
    return [Declared(raw, src, j) for j, raw in enumerate(entries)]


class Macros(Mapping):
    """Named fact → (type, parsed expression), parsed on first use against one level's fact types;
    a cycle, or an expression of another type than declared, raises ExprError."""

    def __init__(self, facts: dict[str, NamedFact], fact_types: dict[str, str], params):
        self._facts, self._types, self._params = facts, fact_types, params
        self._parsed: dict[str, tuple] = {}
        self._reading: list[str] = []

    def __getitem__(self, name: str) -> tuple:
        if name in self._parsed:
            return self._parsed[name]
        fact = self._facts[name]
        if name in self._reading:
            loop = self._reading[self._reading.index(name):] + [name]
            raise expr.ExprError(f"命名事实循环引用：{' → '.join(loop)}")
        self._reading.append(name)
        try:
            parser = expr.Parser(fact.expr, self._types, self._params, self)
            node = parser.parse() if fact.type == expr.BOOL else parser.parse_operand()
        except expr.ExprError as e:
            text = str(e) if str(e).startswith("命名事实") else f"命名事实 {name}：{e}"
            raise expr.ExprError(text, e.suggestion) from None
        finally:
            self._reading.pop()
        if fact.type != expr.BOOL and node.type != fact.type:
            raise expr.ExprError(f"命名事实 {name} 声明为{FACT_TYPES[fact.type]}（{fact.type}），"
                                 f"其表达式“{fact.expr}”是{FACT_TYPES[node.type]}（{node.type}）")
        self._parsed[name] = (fact.type, node)
        return self._parsed[name]

    def __contains__(self, name) -> bool:
        """Declared (without parsing it: a broken expression is reported where it is declared)."""
        return name in self._facts

    def __iter__(self):
        return iter(self._facts)

    def __len__(self) -> int:
        return len(self._facts)


_NAME = re.compile(r"(?<![$.\w])([a-z][a-z0-9_]*)\b")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_.]*)")


def params_through(texts, facts: Mapping[str, NamedFact]) -> set[str]:
    """The parameters (`$name` in their expressions) of the named facts the texts name, and of the named
    facts those name in turn: what a rule reads through them (a rule's own `$name`s are not included)."""
    seen: set[str] = set()
    todo = [n for t in texts if isinstance(t, str) for n in _NAME.findall(t) if n in facts]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += [n for n in _NAME.findall(facts[name].expr) if n in facts]
    return {p for name in seen for p in _PARAM.findall(facts[name].expr)}


def check_named_facts(entries: list[Declared], builtin: set[str], fact_types: dict[str, str], params,
                      log: ProblemLog) -> dict[str, NamedFact]:
    """Each declaration against the model, built-in names and earlier declarations, then its expression
    through the parser (case-level facts); every problem at the file and line that wrote it.
    Returns the well-formed declarations, the ones whose expressions fail included (rules naming them
    then report the expression's problem too)."""
    facts: dict[str, NamedFact] = {}
    where: dict[str, Declared] = {}
    for d in entries:
        at = ("facts", d.index)
        if not isinstance(d.raw, dict):
            log.add(at, "命名事实须是映射（name、type、meaning、expr）", source=d.source)
            continue
        try:
            fact = NamedFact.model_validate(d.raw)
        except ValidationError as e:
            for err in e.errors():
                report_error(err, at, None, log, source=d.source)
            continue
        if fact.name in builtin or fact.name in FUNCTIONS or fact.name in _RESERVED:
            what = "函数" if fact.name in FUNCTIONS else "关键字" if fact.name in _RESERVED else "内置事实"
            log.add(at + ("name",), f"命名事实“{fact.name}”与{what}同名，须另取名称", source=d.source)
            continue
        if fact.name in facts:
            first = where[fact.name]
            log.add(at + ("name",), f"命名事实“{fact.name}”重复声明（已在 {first.source.path.name}:"
                    f"{first.source.lines.get(('facts', first.index, 'name'))} 声明）", source=d.source)
            continue
        facts[fact.name], where[fact.name] = fact, d
    macros = Macros(facts, fact_types, params)
    for name, d in where.items():
        try:
            macros[name]
        except expr.ExprError as e:
            log.add(("facts", d.index, "expr"), str(e), suggestion=e.suggestion, source=d.source)
    return facts
