"""What a shipped scenario depends on (rules, parameters, grading) and whether the tested pack changed it.

The shipped specs state the numbers of the standard pack. A scenario depends on the rules its checks
name (every rule when it checks a score, veto or rate), on the parameters those rules read (a `$name`
in a condition or reason, in the expression of a named fact it reads, or a fact derived from a parameter:
`Fact.params` in the catalogue) and on
the parameters its tags name (`@参数:major.fine_individual`; `@标准参数`: every parameter). When the pack
under test with the command-line overlays differs from the standard pack in one of these, the scenario
cannot hold and is skipped with the reason built here (“参数已改：…”), never counted as a failure.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from casereview.engine.model.compiled import TEMPLATE_REF, LoadedPack

EVERY_PARAMETER = "*"
PARAM_TAG = "参数:"
STANDARD_ONLY = "标准参数"
_PARAM_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_.]*)")
_ABSENT = object()


@dataclass(frozen=True)
class Change:
    """One parameter leaf (dotted path) whose value differs, and the file that set the new value."""

    name: str
    old: object
    new: object
    origin: str

    def text(self) -> str:
        return f"{self.name} {_shown(self.old)}→{_shown(self.new)}（{self.origin}）"


def _shown(value) -> str:
    if value is _ABSENT or value is None:
        return "无"
    if isinstance(value, list):
        return "[" + "、".join(map(str, value)) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def leaves(value, prefix: str = "") -> dict[str, object]:
    """Nested mappings as dotted paths → values (lists and scalars are leaves; an empty mapping has none)."""
    if not isinstance(value, dict):
        return {prefix: value}
    out = {}
    for key, sub in value.items():
        out.update(leaves(sub, f"{prefix}.{key}" if prefix else str(key)))
    return out


def _origin(loaded: LoadedPack, key: tuple) -> str:
    """The overlay that set `key` (or a mapping above it), else the pack file itself."""
    for end in range(len(key), 0, -1):
        if key[:end] in loaded.provenance:
            return f"叠加包 {loaded.provenance[key[:end]]}"
    return f"规则包 {loaded.files[0].name}" if loaded.files else "规则包"


def parameter_changes(reference: LoadedPack, effective: LoadedPack) -> list[Change]:
    """Every parameter leaf whose value in `effective` differs from `reference`, by name."""
    old = leaves(reference.params.model_dump(by_alias=True))
    new = leaves(effective.params.model_dump(by_alias=True))
    return [Change(name, old.get(name, _ABSENT), new.get(name, _ABSENT),
                   _origin(effective, ("parameters", *name.split("."))))
            for name in sorted(old.keys() | new.keys()) if old.get(name, _ABSENT) != new.get(name, _ABSENT)]


def rule_params(loaded: LoadedPack, rule_id: str) -> set[str]:
    """Parameters one rule reads: `$name` in its conditions and reasons, and those of the facts it reads."""
    compiled = next((c for c in loaded.compiled if c.rule.id == rule_id), None)
    if compiled is None:
        return set()
    rule = compiled.rule
    conditions = [rule.applies, *(c.when for c in rule.checks)]
    templates = [rule.not_applicable, *(c.reason for c in rule.checks), rule.otherwise.reason]
    found = {m for text in conditions for m in _PARAM_REF.findall(text)}
    found |= {ref[1:] for text in templates for ref in TEMPLATE_REF.findall(text) if ref.startswith("$")}
    found |= compiled.named_params          # through the pack's named facts (e.g. serve_open: deadlines.serve)
    facts = loaded.unit_facts if rule.level == "unit" else loaded.case_facts
    for name in compiled.facts:
        if name in facts:
            found |= set(facts[name].params)
    return found


def touches(dependency: str, changed: str) -> bool:
    """A dependency on `major` is touched by a change of `major.fine_individual`, and the reverse."""
    if dependency == EVERY_PARAMETER or dependency == changed:
        return True
    return changed.startswith(dependency + ".") or dependency.startswith(changed + ".")


def rule_problems(reference: LoadedPack, effective: LoadedPack, rule_ids: set[str]) -> list[str]:
    """Rules of `rule_ids` missing (disabled) or rewritten in `effective`, as Chinese phrases."""
    ref = {c.rule.id: c.rule for c in reference.compiled}
    eff = {c.rule.id: c.rule for c in effective.compiled}
    out = []
    for rid in sorted(rule_ids):
        if rid in ref and rid not in eff:
            out.append(f"规则已停用：{rid}（{_origin(effective, ('rules', rid, 'enabled'))}）"
                       if ("rules", rid, "enabled") in effective.provenance else f"被测规则包中没有规则 {rid}")
        elif rid in eff and rid not in ref:
            out.append(f"规则已增加：{rid}（{_origin(effective, ('rules', rid))}）")
        elif rid in eff and ref[rid].model_dump() != eff[rid].model_dump():
            out.append(f"规则已改：{rid}（{_origin(effective, ('rules', rid))}）")
    return out


def stale_reason(reference: LoadedPack, effective: LoadedPack, rule_ids: set[str] | None,
                 tagged: set[str] = frozenset()) -> str | None:
    """Why a scenario written for `reference` cannot hold on `effective`, or None when it can.

    rule_ids: the rules its checks name; None when it checks scores or rates (every rule counts).
    tagged: parameters named by its tags (EVERY_PARAMETER for @标准参数)."""
    every = rule_ids is None
    if every:
        rule_ids = {c.rule.id for c in reference.compiled} | {c.rule.id for c in effective.compiled}
    depends = set(tagged)
    for rid in rule_ids:
        depends |= rule_params(reference, rid) | rule_params(effective, rid)
    problems = rule_problems(reference, effective, rule_ids)
    changed = [c for c in parameter_changes(reference, effective) if any(touches(d, c.name) for d in depends)]
    if changed:
        problems.insert(0, "参数已改：" + "；".join(c.text() for c in changed))
    if every and reference.pack.grading != effective.pack.grading:
        problems.append(f"评分办法已改（{_origin(effective, ('grading',))}）")
    return "；".join(problems) or None
