"""What a loaded pack is: the validated model, its fact catalogues and each enabled rule as a decision table."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from casereview.engine.model import expr
from casereview.engine.model.catalogue import Fact
from casereview.engine.model.rule import NamedFact, Pack, Parameters, Rule

# `{fact}`, `{$parameter}` or `{as_of}` in a reason template
TEMPLATE_REF = re.compile(r"\{(\$?[A-Za-z_][A-Za-z0-9_.]*)\}")


def param_value(params: Parameters, dotted: str):
    """The value of `$dotted` (e.g. `major.fine_individual`, or a declared `hearing_fine_min`); an unknown
    name raises ExprError with a did-you-mean."""
    if dotted in params.declared:
        return params.declared[dotted].value
    value = {k: v for k, v in params.model_dump(by_alias=True).items() if k != "declared"}
    for depth, part in enumerate(dotted.split(".")):
        if not isinstance(value, dict) or part not in value:
            known = list(value) if isinstance(value, dict) else []
            raise expr.ExprError(f"未知参数“${dotted}”",
                                 suggestion=expr.did_you_mean(part, known + (list(params.declared) if not depth else [])))
        value = value[part]
    return value


@dataclass
class Branch:
    """One row of a compiled decision table."""
    condition: expr.Node
    outcome: str
    reason: str
    kind: str = "check"          # guard | applies | check | otherwise


@dataclass
class CompiledRule:
    rule: Rule
    branches: list[Branch]
    facts: set[str]              # facts the rule reads (conditions, reasons, evidence)
    named_params: set[str] = field(default_factory=set)   # parameters read through the named facts it names

    def fails_on(self, fact: str) -> bool:
        """Whether some check fails on a condition reading `fact`: a deadline rule fails on its done date,
        a rule that only waits on one (JL01 on served_date, through serve_open) does not."""
        return any(b.kind == "check" and b.outcome == "fail" and fact in expr.facts_of(b.condition)
                   for b in self.branches)


@dataclass
class LoadedPack:
    pack: Pack
    files: list[Path]
    digest: str
    provenance: dict[tuple, str] = field(default_factory=dict)
    case_facts: dict[str, Fact] = field(default_factory=dict)
    unit_facts: dict[str, Fact] = field(default_factory=dict)
    compiled: list[CompiledRule] = field(default_factory=list)
    named_facts: dict[str, NamedFact] = field(default_factory=dict)   # the pack's `facts:`, read as macros
    # the named facts a case rule's reason or evidence shows: name → parsed expression (its value is
    # computed per case before rendering, engine/backends/shown.with_shown)
    shown: dict[str, object] = field(default_factory=dict)
    warnings: list = field(default_factory=list)      # the pack's non-fatal problems (pack_problems.Problem)

    @property
    def params(self):
        return self.pack.parameters

    def rules(self, level: str) -> list[CompiledRule]:
        return [c for c in self.compiled if c.rule.level == level]

    def conditions(self, level: str) -> list[expr.Node]:
        """Every branch condition of the level's rules, and at case level the expressions of the named facts
        the reasons and evidence show (what the facts stage computes hidden columns for)."""
        shown = list(self.shown.values()) if level == "case" else []
        return [b.condition for c in self.rules(level) for b in c.branches] + shown

    def facts_meta(self, level: str) -> dict[str, Fact]:
        """What a reason or evidence may show at `level`: the fact catalogue and, at case level, the
        named facts shown (type and label from their declaration)."""
        catalogue = self.case_facts if level == "case" else self.unit_facts
        if level != "case" or not self.shown:
            return catalogue
        named = {n: Fact(n, self.named_facts[n].type, self.named_facts[n].label or n, self.named_facts[n].meaning,
                         f"规则包命名事实：{self.named_facts[n].expr}") for n in self.shown}
        return {**catalogue, **named}

    def param(self, dotted: str):
        return param_value(self.pack.parameters, dotted)
