"""Linting a rule pack and its overlays: every problem at once, with file, line, rule id and a did-you-mean."""
from __future__ import annotations

import copy
import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from casereview.engine.model.catalogue import case_catalogue, unit_catalogue
from casereview.engine.model.schema import CASE_TYPES, CASES, CONCLUSIONS, PARTY_TYPES, PHASES, PROCEDURES, ROLES
from casereview.engine.model import expr
from casereview.errors import PackError
from casereview.engine.model.rule import Grading, Pack, PackInfo, Parameters, Rule
from casereview.engine.model.pack import _TEMPLATE_REF, LoadedPack, _apply_overlay, line_of, load_pack, read_yaml, resolve_pack_path
from casereview.rules import STANDARD_PACK

# Act types known from casefile-format.md (acts.act_type); parameter lists naming others are typos.
KNOWN_ACT_TYPES = ("现场检查", "调查取证", "询问", "勘验", "查封", "扣押", "先行登记保存", "强制拆除", "强制执行",
                   "听证", "送达", "留置送达", "公告送达", "当场处罚", "接报案", "受案登记", "接受证据", "信息采集", "调解")
OVERLAY_KEYS = ("pack", "parameters", "rules", "disable", "grading")

_DATE_COLUMNS = tuple(c.name for c in CASES.columns if c.kind == "date")
_NUMBER_COLUMNS = tuple(c.name for c in CASES.columns if c.kind in ("number", "int"))
_BOOL_COLUMNS = tuple(c.name for c in CASES.columns if c.kind == "bool")
# parameter path → (allowed values, what they are)
_PARAM_VALUES = (
    (("single_officer", "act_types"), KNOWN_ACT_TYPES, "执法活动类型"),
    (("av_mandatory_act_types",), KNOWN_ACT_TYPES, "执法活动类型"),
    (("dispute_act_types",), KNOWN_ACT_TYPES, "执法活动类型"),
    (("single_officer", "procedures"), PROCEDURES, "程序类型"),
    (("publish_short_types",), CASE_TYPES, "执法类别"),
    (("required_phases",), PHASES, "环节"),
    (("auxiliary_roles",), ROLES, "人员类别"),
    (("reviewer_roles",), ROLES, "人员类别"),
    (("staff_roles",), ROLES, "人员类别"),
    (("major", "flags"), _BOOL_COLUMNS, "案件表真假值列"),
)
# facts holding one of a closed list of values: literals compared with them are checked
_ENUM_FACTS = {"case_type": CASE_TYPES, "procedure": PROCEDURES, "party_type": PARTY_TYPES,
               "last_review_conclusion": CONCLUSIONS}
_VETO_DEDUCTION = "否决项（veto）不应再设扣分（deduction）"


def _closest(word: str, known) -> str | None:
    """Did-you-mean for short Chinese values, where one wrong character of two is a typo too."""
    match = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.5)
    return match[0] if match else None


@dataclass(frozen=True)
class Problem:
    """One mistake in a pack: where it is, what is wrong, and what was probably meant."""
    file: str
    line: int | None
    rule_id: str | None
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        rule = f" 规则 {self.rule_id}" if self.rule_id else ""
        hint = f"；是否想写“{self.suggestion}”？" if self.suggestion else ""
        return f"{where}{rule}：{self.message}{hint}"


@dataclass
class _Source:
    path: Path
    lines: dict


@dataclass
class _Locator:
    """Where a key path of the merged pack was written: the base file or the overlay that set it."""
    base: _Source
    overlays: list[_Source] = field(default_factory=list)
    rules: list[list[tuple[_Source, int]]] = field(default_factory=list)   # merged index → (file, index there)

    def where(self, path: tuple) -> tuple[str, int | None]:
        if path[:1] == ("rules",) and len(path) > 1 and isinstance(path[1], int) and path[1] < len(self.rules):
            candidates = [(src, ("rules", i) + path[2:]) for src, i in self.rules[path[1]]]
        elif path[:1] == ("pack",):     # merged pack info keeps the base's fields
            candidates = [(self.base, path)]
        else:
            candidates = [(src, path) for src in (self.base, *self.overlays)]
        exact = [(src, p) for src, p in candidates if p in src.lines]
        if exact:                      # the last file writing a value wins, as in the merge
            src, p = exact[-1]
            return str(src.path), src.lines[p]
        best = max(candidates, key=lambda c: _known_prefix(c[0].lines, c[1]))   # first among equals
        return str(best[0].path), line_of(best[0].lines, best[1])


def _known_prefix(lines: dict, path: tuple) -> int:
    return next((n for n in range(len(path), -1, -1) if path[:n] in lines), 0)


class _Linter:
    def __init__(self, locator: _Locator):
        self.loc, self.problems = locator, []

    def add(self, path: tuple, message: str, rule_id=None, suggestion=None, source: _Source | None = None):
        if source is not None:
            file, line = str(source.path), line_of(source.lines, path)
        else:
            file, line = self.loc.where(path)
        self.problems.append(Problem(file, line, rule_id, message, suggestion))


def lint_pack(pack: str | Path = STANDARD_PACK, overlays=()) -> list[Problem]:
    """Every problem of a pack and its overlay chain, in file and line order; [] when clean."""
    try:
        base_path = resolve_pack_path(pack)
        _duplicate = _duplicate_keys(base_path)
        data, lines = read_yaml(base_path)
    except PackError as e:
        return [_from_error(e, str(pack))]
    base = _Source(base_path, lines)
    lint = _Linter(_Locator(base))
    lint.problems += _duplicate
    data = _normalise_base(data, lint)
    lint.loc.rules = [[(base, i)] for i in range(len(data["rules"]))]
    base_id = (data.get("pack") or {}).get("id") if isinstance(data.get("pack"), dict) else None
    for ov in overlays:
        try:
            ov_path = resolve_pack_path(ov, overlay=True)
            lint.problems += _duplicate_keys(ov_path)
            ov_data, ov_lines = read_yaml(ov_path)
        except PackError as e:
            lint.problems.append(_from_error(e, str(ov)))
            continue
        src = _Source(ov_path, ov_lines)
        ov_data = _clean_overlay(ov_data, src, data, base_id, lint)
        data = _apply_overlay(data, ov_data, ov_path, {})
        lint.loc.overlays.append(src)
    params = _check_top(data, lint)
    _check_parameters(params, lint)
    _check_rules(data, params, lint)
    if not lint.problems:              # safety net: a clean lint must mean the pack loads
        try:
            load_pack(pack, list(overlays))
        except PackError as e:
            lint.problems.append(_from_error(e, str(pack)))
    order = {str(s.path): i for i, s in enumerate((base, *lint.loc.overlays))}
    unique = list(dict.fromkeys(lint.problems))
    return sorted(unique, key=lambda p: (order.get(p.file, -1), p.line or 0))


_HINTS = {"expected <block end>": "缩进不一致？", "mapping values are not allowed": "冒号后缺空格，或缩进有误？",
          "could not find expected ':'": "缺少冒号？", "cannot start any token": "用了制表符（Tab）缩进？",
          "could not determine a constructor": "不允许 !!python 等标签", "expected ',' or ']'": "方括号列表未闭合？",
          "expected ',' or '}'": "花括号映射未闭合？", "found unexpected end of stream": "引号未闭合？",
          "codec can't decode": "规则包须以 UTF-8 编码保存"}


def _from_error(e: PackError, fallback: str) -> Problem:
    text = str(e).split("：", 1)[-1]
    if e.suggestion:
        text = text.removesuffix(f"；是否想写“{e.suggestion}”？")
    hint = next((h for k, h in _HINTS.items() if k in text), None)
    return Problem(e.file or fallback, e.line, e.rule_id, f"{text}（{hint}）" if hint else text, e.suggestion)


def _duplicate_keys(path: Path) -> list[Problem]:
    """A key written twice in one mapping: YAML silently keeps the last one."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []                      # read_yaml reports these
    out, stack = [], [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, v in node.value:
                if k.value in seen:
                    out.append(Problem(str(path), k.start_mark.line + 1, None,
                                       f"键“{k.value}”重复出现，前面的值会被忽略"))
                seen.add(k.value)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return out


# --- overlays and the top level ------------------------------------------------------------------

def _normalise_base(data: dict, lint: _Linter) -> dict:
    data = dict(data)
    if not isinstance(data.get("parameters", {}), dict):
        lint.add(("parameters",), "parameters 须是映射（键: 值）")
        data["parameters"] = {}
    if "rules" not in data:
        lint.add((), "缺少必填项 rules")
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        lint.add(("rules",), "rules 须是规则列表")
        rules = []
    for i, r in enumerate(rules):
        if not isinstance(r, dict):
            lint.add(("rules", i), "规则须是映射（id: …, title: …）")
    data["rules"] = [_hashable_id(r) if isinstance(r, dict) else {} for r in rules]
    return data


def _hashable_id(rule: dict) -> dict:
    """An id written as a list or mapping would break merging by id; pydantic still reports it."""
    rid = rule.get("id")
    return rule if rid is None or isinstance(rid, (str, int, float, bool)) else {**rule, "id": str(rid)}


def _clean_overlay(ov: dict, src: _Source, data: dict, base_id, lint: _Linter) -> dict:
    """Report what _apply_overlay would refuse (all of it) and keep only what it can merge."""
    ov = dict(ov)
    for key in [k for k in ov if k not in OVERLAY_KEYS]:
        lint.add((key,), f"叠加包不支持的键“{key}”", suggestion=expr.did_you_mean(str(key), OVERLAY_KEYS), source=src)
        del ov[key]
    info = ov.get("pack")
    if not isinstance(info, dict) or not isinstance(data.get("pack", {}), dict):
        ov.pop("pack", None)           # _apply_overlay merges pack info as mappings only
    if not isinstance(info, dict) or not info.get("extends"):
        lint.add(("pack",), "叠加包须在 pack.extends 中写明所叠加的规则包编号（编辑器据此按叠加包校验）", source=src)
    else:
        known = list(PackInfo.model_fields)
        for key in [k for k in info if k not in known]:
            lint.add(("pack", key), f"pack 中未知的键“{key}”", suggestion=expr.did_you_mean(str(key), known), source=src)
        if base_id and info["extends"] != base_id:
            lint.add(("pack", "extends"), f"叠加包声明叠加于“{info['extends']}”，但基础规则包是“{base_id}”",
                     suggestion=base_id, source=src)
    if not isinstance(ov.get("parameters") or {}, dict):
        lint.add(("parameters",), "parameters 须是映射（键: 值）", source=src)
        del ov["parameters"]
    ids = {r.get("id"): i for i, r in enumerate(data["rules"])}
    kept = []
    rules = ov.get("rules") or []
    for k, r in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(r, dict):
            lint.add(("rules", k), "规则须是映射（id: …, title: …）", source=src)
            continue
        r = _hashable_id(r)
        kept.append(r)
        if r.get("id") in ids:
            lint.loc.rules[ids[r["id"]]].append((src, k))
        else:
            lint.loc.rules.append([(src, k)])
    if not isinstance(rules, list):
        lint.add(("rules",), "rules 须是规则列表", source=src)
    ov["rules"] = kept
    disable = ov.get("disable") or []
    if not isinstance(disable, list):
        lint.add(("disable",), "disable 须是规则编号列表", source=src)
        disable = []
    ov["disable"] = []
    for j, rid in enumerate(disable):
        if rid in ids:
            ov["disable"].append(rid)
        else:
            lint.add(("disable", j), f"要停用的规则“{rid}”不存在", rule_id=str(rid),
                     suggestion=expr.did_you_mean(str(rid), [i for i in ids if isinstance(i, str)]), source=src)
    return ov


def _check_top(data: dict, lint: _Linter) -> Parameters:
    """Everything but the rules, with pydantic; returns usable parameters (broken parts defaulted)."""
    top = {k: v for k, v in data.items() if k != "rules"}
    if "rules" in data:
        top["rules"] = []
    try:
        Pack.model_validate(top)
    except ValidationError as e:
        for err in _useful(e.errors()):
            if err["loc"] == ("grading",) and err["type"] == "value_error":
                _check_grading(data["grading"], lint)
            else:
                _report(err, (), None, lint)
    raw = dict(data.get("parameters") or {})
    raw["deadlines"] = dict(raw.get("deadlines") or {}) if isinstance(raw.get("deadlines"), dict) else {}
    for _ in range(50):
        try:
            return Parameters.model_validate(raw)
        except ValidationError as e:
            for err in e.errors():
                loc = err["loc"]
                if loc[0] == "deadlines" and len(loc) > 1 and loc[1] in raw["deadlines"]:
                    # keep the deadline's facts so rules reading them are not reported twice
                    raw["deadlines"][loc[1]] = {"label": str(loc[1]), "from": "decision_date",
                                                "done": "decision_date", "working_days": 0}
                else:
                    raw.pop(loc[0], None)
    return Parameters()


def _useful(errors: list[dict], prefix: tuple = ()) -> list[dict]:
    """Drop "missing X" when a misspelt key next to it is X: one typo, one problem."""
    typos = {(e["loc"][:-1], expr.did_you_mean(str(e["loc"][-1]), _keys_at(prefix + e["loc"][:-1])))
             for e in errors if e["type"] == "extra_forbidden"}
    return [e for e in errors if not (e["type"] == "missing" and (e["loc"][:-1], e["loc"][-1]) in typos)]


def _check_grading(grading: dict, lint: _Linter) -> None:
    """Order and gaps of the grade table: the model's own check, as written and then sorted."""
    grades = list(grading["grades"])
    mins = [float(g["min"]) for g in grades]
    wrong = next((j for j in range(1, len(mins)) if mins[j] > mins[j - 1]), None)
    attempts = [(grades, wrong)] + ([(sorted(grades, key=lambda g: -float(g["min"])), None)] if wrong else [])
    for attempt, at in attempts:
        try:
            Grading.model_validate({**grading, "grades": attempt})
        except ValidationError as e:
            path = ("grading", "grades", len(grades) - 1 if at is None else at) if grades else ("grading",)
            lint.add(path, e.errors()[0]["msg"].removeprefix("Value error, "))


def _report(err: dict, prefix: tuple, rule_id, lint: _Linter) -> None:
    loc = prefix + tuple(err["loc"])
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    relative = ".".join(str(x) for x in (loc[2:] if prefix else loc))
    suggestion = None
    if kind == "extra_forbidden":
        message = f"未知的键“{loc[-1]}”"
        suggestion = expr.did_you_mean(str(loc[-1]), _keys_at(loc[:-1]))
    elif kind == "missing":
        message = f"缺少必填项 {relative}"
    elif kind == "literal_error":
        options = [o.strip(" '\"") for o in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        message = f"{relative}：取值“{value}”无效，须为 {'、'.join(options)} 之一"
        suggestion = _closest(value, options)
    elif kind in _TYPE_WORDS:
        message = f"{relative}：须为{_TYPE_WORDS[kind]}，实为“{value}”"
    elif kind in _BOUND_WORDS:
        word, key = _BOUND_WORDS[kind]
        message = f"{relative}：须{word} {ctx.get(key)}，实为 {value}"
    elif kind == "string_pattern_mismatch":
        message = f"{relative}：“{value}”格式不符（须匹配 {ctx.get('pattern')}，如 GS01、FS90）"
    else:
        message = f"{relative}：{err['msg'].removeprefix('Value error, ')}" if relative else \
            err["msg"].removeprefix("Value error, ")
    lint.add(loc, message, rule_id, suggestion)


_TYPE_WORDS = {
    "float_parsing": "数值", "float_type": "数值", "int_parsing": "整数", "int_type": "整数", "int_from_float": "整数",
    "string_type": "文本", "bool_parsing": "真假值（true/false）", "bool_type": "真假值（true/false）",
    "list_type": "列表", "dict_type": "映射（键: 值）", "model_type": "映射（键: 值）", "model_attributes_type": "映射（键: 值）",
}
_BOUND_WORDS = {"greater_than_equal": ("≥", "ge"), "less_than_equal": ("≤", "le"),
                "greater_than": (">", "gt"), "less_than": ("<", "lt")}


def _keys_at(loc: tuple) -> list[str]:
    """The keys a mapping at `loc` (in a pack) may hold, for did-you-mean."""
    cls, parts = Pack, list(loc)
    while parts:
        part = parts.pop(0)
        fld = next((f for n, f in cls.model_fields.items() if part in (n, f.alias)), None)
        if fld is None:
            return []
        ann = fld.annotation
        while True:
            origin, args = typing.get_origin(ann), typing.get_args(ann)
            if origin in (typing.Union, types.UnionType):
                ann = next(a for a in args if a is not type(None))
            elif origin is list:
                ann = args[0]
                if parts and isinstance(parts[0], int):
                    parts.pop(0)
            elif origin is dict:
                ann = args[1]
                if parts:
                    parts.pop(0)
            else:
                break
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            return []
        cls = ann
    return [f.alias or n for n, f in cls.model_fields.items()]


# --- parameters ------------------------------------------------------------------------------

def _check_parameters(params: Parameters, lint: _Linter) -> None:
    dump = params.model_dump(by_alias=True)
    for path, known, what in _PARAM_VALUES:
        values = dump
        for part in path:
            values = values[part]
        for j, v in enumerate(values):
            if v not in known:
                lint.add(("parameters", *path, j), f"{'.'.join(path)} 中未知的{what}“{v}”",
                         suggestion=_closest(v, known))
    for phase in params.document_phases:
        if phase not in PHASES:
            lint.add(("parameters", "document_phases", phase), f"document_phases 中未知的环节“{phase}”",
                     suggestion=_closest(phase, PHASES))
    for name, d in params.deadlines.items():
        for key, value, columns, what in (("from", d.start, _DATE_COLUMNS, "日期列"), ("done", d.done, _DATE_COLUMNS, "日期列"),
                                          ("plus_days_from", d.plus_days_from, _NUMBER_COLUMNS, "数值列")):
            if value is not None and value not in columns:
                lint.add(("parameters", "deadlines", name, key), f"期限 {name} 的 {key} 指向未知的案件表{what}“{value}”",
                         suggestion=expr.did_you_mean(value, columns))


# --- rules -----------------------------------------------------------------------------------

def _check_rules(data: dict, params: Parameters, lint: _Linter) -> None:
    systems = data.get("systems", Pack.model_fields["systems"].default)
    systems = systems if isinstance(systems, list) else []
    scope = LoadedPack(Pack.model_construct(parameters=params), [], "")
    catalogues = {"case": case_catalogue(params), "unit": unit_catalogue()}
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["rules"]):
        if not raw:
            continue
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            Rule.model_validate(raw)
        except ValidationError as e:
            for err in _useful(e.errors(), ("rules", i)):
                if not (err["type"] == "value_error" and err["loc"] == ()):   # veto: checked below
                    _report(err, ("rules", i), rid, lint)
        if rid in seen:
            lint.add(("rules", i, "id"), f"规则编号重复：{rid}（与第{seen[rid]}行的规则相同）", rid)
        elif rid:
            seen[rid] = lint.loc.where(("rules", i, "id"))[1] or 0
        system = raw.get("system")
        if isinstance(system, str) and system not in systems:
            lint.add(("rules", i, "system"), f"体系“{system}”不在 systems（{'、'.join(map(str, systems))}）中", rid,
                     _closest(system, systems))
        if raw.get("veto") is True and isinstance(raw.get("deduction"), (int, float)) and raw["deduction"]:
            lint.add(("rules", i, "deduction"), _VETO_DEDUCTION, rid)
        level = raw.get("level", "case")
        # a misspelt level: accept facts of either level rather than report every fact of the rule
        facts = catalogues[level] if level in catalogues else {**catalogues["case"], **catalogues["unit"]}
        _check_texts(raw, ("rules", i), rid, facts, scope, lint)


def _check_texts(raw: dict, at: tuple, rid, facts: dict, scope: LoadedPack, lint: _Linter) -> None:
    """Conditions through the real parser; reason templates and evidence against the fact catalogue."""
    types_ = {name: f.type for name, f in facts.items()}
    conditions = [(("applies",), raw.get("applies", "true"))]
    templates = [(("not_applicable",), raw.get("not_applicable"))]
    checks = raw.get("checks") if isinstance(raw.get("checks"), list) else []
    for j, c in enumerate(checks):
        if isinstance(c, dict):
            conditions.append((("checks", j, "when"), c.get("when")))
            templates.append((("checks", j, "reason"), c.get("reason")))
    if isinstance(raw.get("otherwise"), dict):
        templates.append((("otherwise", "reason"), raw["otherwise"].get("reason")))
    for path, text in conditions:
        if not isinstance(text, str):
            continue
        try:
            node = expr.parse(text, types_, scope.param)
        except expr.ExprError as e:
            lint.add(at + path, f"条件“{text}”：{e}", rid, e.suggestion)
            continue
        for fact, value in _literals(node):
            known = _ENUM_FACTS.get(fact)
            if known and value not in known and (f"'{value}'" in text or f'"{value}"' in text):
                lint.add(at + path, f"条件“{text}”：未知的{facts[fact].label}“{value}”", rid,
                         _closest(value, known))
    for path, text in templates:
        for ref in _TEMPLATE_REF.findall(text) if isinstance(text, str) else []:
            if ref.startswith("$"):
                try:
                    scope.param(ref[1:])
                except expr.ExprError as e:
                    lint.add(at + path, f"说明中引用了{e}", rid, e.suggestion)
            elif ref != "as_of" and ref not in facts:
                lint.add(at + path, f"说明中引用了未知事实“{ref}”", rid, expr.did_you_mean(ref, facts))
    if isinstance(raw.get("value"), str) and raw["value"] not in facts:
        lint.add(at + ("value",), f"value 中的未知事实“{raw['value']}”", rid, expr.did_you_mean(raw["value"], facts))
    evidence = raw.get("evidence") if isinstance(raw.get("evidence"), list) else []
    for j, name in enumerate(evidence):
        if isinstance(name, str) and name not in facts:
            lint.add(at + ("evidence", j), f"证据中的未知事实“{name}”", rid, expr.did_you_mean(name, facts))


def _literals(node) -> list[tuple[str, object]]:
    if isinstance(node, expr.Compare):
        values = node.value if isinstance(node.value, tuple) else (node.value,)
        return [(node.fact, v) for v in values]
    if isinstance(node, expr.Not):
        return _literals(node.operand)
    if isinstance(node, expr.BoolOp):
        return [x for o in node.operands for x in _literals(o)]
    return []


# --- JSON Schema: the same checks an editor can make while the YAML is typed ---------------------

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
_DESCRIPTIONS = {
    "Pack": ("规则包：规则编号稳定，参数可由叠加包覆盖", {
        "pack": "规则包信息", "systems": "制度（体系）名称，规则的 system 须取其一", "parameters": "参数：期限、金额线、类型清单等",
        "grading": "计分与等级", "rules": "规则列表：每条是一张“首条命中”的判定表"}),
    "PackInfo": ("规则包信息", {"id": "规则包编号", "title": "规则包名称", "version": "版本",
                            "extends": "叠加包所叠加的规则包编号（只用于叠加包）"}),
    "Parameters": ("参数（叠加包可逐项覆盖；列表整体替换）", {
        "min_officers": "执法人员最少人数", "auxiliary_roles": "不计入执法人数的人员类别（辅助人员）",
        "single_officer": "可由一名执法人员办理的例外", "av_mandatory_act_types": "须全程音像记录的执法活动类型",
        "recording_gap_seconds": "音像记录允许的间隙（秒）", "dispute_act_types": "容易引发争议、须音像记录的执法活动类型",
        "required_phases": "须有文书的环节", "document_phases": "环节 → 文书名称，用于补全文书所属环节",
        "reviewer_roles": "法制审核人员的人员类别", "staff_roles": "计入执法人员总数的人员类别",
        "min_reviewer_percent": "法制审核人员占执法人员总数的最低百分比", "major": "重大执法决定法制审核目录清单",
        "publish_short_types": "7个工作日内公示的执法类别", "deadlines": "期限：名称 → 期限定义；每个期限生成 <名称>_due/_status 等事实"}),
    "SingleOfficer": ("一名执法人员即可的例外", {"procedures": "适用的程序类型", "act_types": "适用的执法活动类型",
                                         "require_full_recording": "例外须有全程音像记录"}),
    "MajorCatalogue": ("重大执法决定法制审核目录清单", {
        "flags": "案件表中标志重大的真假值列", "decision_types": "属于重大的处理决定类型",
        "fine_individual": "个人罚款金额线（元，达到即重大）", "fine_organisation": "单位罚款金额线（元，达到即重大）"}),
    "Deadline": ("期限：自 from 日期起，以 done 日期完成；working_days 与 calendar_days 须且只能给出其一", {
        "label": "期限名称（中文，用于说明）", "from": "起算日期（案件表日期列）", "done": "完成日期（案件表日期列）",
        "working_days": "工作日数", "calendar_days": "自然日数", "plus_days_from": "另加天数所在的案件表数值列，如 extension_days",
        "calendar_days_by_subtype": "按案件细类另定的自然日数"}),
    "Grading": ("计分与等级", {"start": "起始分", "floor": "最低分", "grades": "等级表：按分数线从高到低，最低一档不高于最低分"}),
    "Grade": ("一个等级", {"name": "等级名称", "min": "分数线（含）"}),
    "Rule": ("一条规则", {
        "id": "规则编号，如 GS01（两个大写字母+两位数字）", "system": "所属制度，须在 systems 中", "title": "规则名称",
        "basis": "依据（法条原文）", "level": "case 按案件评查；unit 按单位评查", "severity": "严重程度",
        "deduction": "不合规时的扣分", "veto": "否决项：不合规即不合格（不再设扣分）", "applies": "适用条件，不满足即“不适用”",
        "not_applicable": "不适用时的说明", "checks": "判定表：自上而下，首条成立者决定结论", "otherwise": "都不成立时的结论",
        "evidence": "结论中列出的事实", "value": "单位级规则：单位结果中 value 列显示的事实", "enabled": "是否启用"}),
    "Check": ("判定表的一行", {"when": "条件（见 engine/model/expr.py 的条件语言）", "outcome": "结论：pass 合规、fail 不合规、na 不适用、unknown 无法判定",
                           "reason": "说明，可引用 {事实} 与 {$参数}"}),
    "Otherwise": ("都不成立时的结论", {"outcome": "结论，默认 pass", "reason": "说明，可引用 {事实} 与 {$参数}"}),
}


def pack_schema() -> dict:
    """JSON Schema for packs and overlays (an overlay is a file whose pack.extends is set)."""
    pack = Pack.model_json_schema()
    defs = pack.pop("$defs")
    defs["Pack"] = pack
    for name, (text, props) in _DESCRIPTIONS.items():
        defs[name]["description"] = text
        defs[name].pop("title", None)
        for key, desc in props.items():
            defs[name]["properties"][key]["description"] = desc
    defs["Rule"]["if"] = {"properties": {"veto": {"const": True}}, "required": ["veto"]}
    defs["Rule"]["then"] = {"properties": {"deduction": {"const": 0}}}
    partial = copy.deepcopy(defs["Deadline"])
    partial.pop("required")
    defs["Deadline"]["oneOf"] = [{"required": ["working_days"]}, {"required": ["calendar_days"]}]
    params = copy.deepcopy(defs["Parameters"])
    params["properties"]["deadlines"]["additionalProperties"] = {"$ref": "#/$defs/OverlayDeadline"}
    rule = copy.deepcopy(defs["Rule"])
    rule["required"], rule["description"] = ["id"], "新增规则（须完整）或按编号修改标准规则的若干项"
    info = copy.deepcopy(defs["PackInfo"])
    info["required"] = ["extends"]
    defs.update(OverlayDeadline=partial, OverlayParameters=params, OverlayRule=rule, OverlayPackInfo=info)
    defs["Overlay"] = {
        "description": "叠加包：覆盖参数、新增或修改规则、停用规则；须在 pack.extends 写明所叠加的规则包",
        "type": "object", "additionalProperties": False, "required": ["pack"],
        "properties": {
            "pack": {"$ref": "#/$defs/OverlayPackInfo"},
            "parameters": {"$ref": "#/$defs/OverlayParameters", "description": "要覆盖的参数（映射逐项合并，列表整体替换）"},
            "grading": {"$ref": "#/$defs/Grading", "description": "整体替换等级表"},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/OverlayRule"},
                      "description": "编号已有的规则逐项修改，编号没有的规则新增"},
            "disable": {"type": "array", "items": {"type": "string"}, "description": "停用的规则编号"},
        }}
    return {"$schema": SCHEMA_URI, "title": "案卷评查规则包与叠加包",
            "description": "由 engine/model/rule.py 生成（casereview rules schema），请勿手改",
            "if": {"required": ["pack"], "properties": {"pack": {"type": "object", "required": ["extends"]}}},
            "then": {"$ref": "#/$defs/Overlay"}, "else": {"$ref": "#/$defs/Pack"},
            "$defs": dict(sorted(defs.items()))}
