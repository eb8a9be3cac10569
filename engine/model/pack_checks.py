"""Pack checks beyond the rules: the top level and grading (pydantic, in Chinese), parameter lists, deadlines."""
from __future__ import annotations

import types
import typing

from pydantic import BaseModel, ValidationError

from casereview.engine.model import expr
from casereview.engine.model.pack_problems import ProblemLog, closest
from casereview.engine.model.rule import DeclaredParameter, Grading, Pack, Parameters, is_declaration
from casereview.engine.model.schema import CASE_TYPES, CASES, PHASES, PROCEDURES, ROLES

# Act types known from casefile-format.md (acts.act_type); parameter lists naming others are typos.
KNOWN_ACT_TYPES = ("现场检查", "调查取证", "询问", "勘验", "查封", "扣押", "先行登记保存", "强制拆除", "强制执行",
                   "听证", "送达", "留置送达", "公告送达", "当场处罚", "接报案", "受案登记", "接受证据", "信息采集", "调解")

_DATE_COLUMNS = tuple(c.name for c in CASES.columns if c.kind == "date")
_NUMBER_COLUMNS = tuple(c.name for c in CASES.columns if c.kind in ("number", "int"))
_BOOL_COLUMNS = tuple(c.name for c in CASES.columns if c.kind == "bool")
# parameter path → (allowed values, what they are, fatal). A value nobody's data holds only matches
# nothing (lint reports it, review runs); a column the case table lacks cannot be read (review refuses).
_PARAM_VALUES = (
    (("single_officer", "act_types"), KNOWN_ACT_TYPES, "执法活动类型", False),
    (("av_mandatory_act_types",), KNOWN_ACT_TYPES, "执法活动类型", False),
    (("dispute_act_types",), KNOWN_ACT_TYPES, "执法活动类型", False),
    (("single_officer", "procedures"), PROCEDURES, "程序类型", False),
    (("publish_short_types",), CASE_TYPES, "执法类别", False),
    (("required_phases",), PHASES, "环节", False),
    (("auxiliary_roles",), ROLES, "人员类别", False),
    (("reviewer_roles",), ROLES, "人员类别", False),
    (("staff_roles",), ROLES, "人员类别", False),
    (("major", "flags"), _BOOL_COLUMNS, "案件表真假值列", True),
)


def check_top(data: dict, log: ProblemLog, fallback: dict | None = None) -> Parameters:
    """Everything but the rules, with pydantic; returns usable parameters: a broken one falls back to
    `fallback` (the base pack's, when an overlay broke it: its rules are then not reported), else its default."""
    top = {k: v for k, v in data.items() if k not in ("rules", "facts")}     # facts: named_facts checks them
    if "rules" in data:
        top["rules"] = []
    if isinstance(data.get("parameters"), dict):
        top["parameters"] = {k: v for k, v in data["parameters"].items() if not is_declaration(v)}
    try:
        Pack.model_validate(top)
    except ValidationError as e:
        for err in useful_errors(e.errors()):
            if err["loc"] == ("grading",) and err["type"] == "value_error":
                _check_grading(data["grading"], log)
            else:
                report_error(err, (), None, log)
    fallback = fallback if isinstance(fallback, dict) else {}
    raw = _checked_declarations(dict(data.get("parameters") or {}), log)
    for deadlines in (raw.get("deadlines"), fallback.get("deadlines"), {}):
        if isinstance(deadlines, dict):
            raw["deadlines"] = dict(deadlines)
            break
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
                elif loc[0] in fallback and raw.get(loc[0]) is not fallback[loc[0]]:
                    raw[loc[0]] = fallback[loc[0]]
                else:
                    raw.pop(loc[0], None)
    return Parameters()


def _checked_declarations(raw: dict, log: ProblemLog) -> dict:
    """The parameters with each declared one (`name: {type, label, value}`) checked where it was written;
    a broken declaration is dropped (rules reading it then report an unknown parameter)."""
    for name, value in list(raw.items()):
        if name in Parameters.model_fields or not is_declaration(value):
            continue
        try:
            DeclaredParameter.model_validate(value)
        except ValidationError as e:
            for err in e.errors():     # the value's own check (its type) is reported at the value
                own = err["type"] == "value_error" and not err["loc"] and "value" in value
                report_error({**err, "loc": ("value",)} if own else err, ("parameters", name), None, log)
            del raw[name]
    return raw


def useful_errors(errors: list[dict], prefix: tuple = ()) -> list[dict]:
    """Drop "missing X" when a misspelt key next to it is X: one typo, one problem."""
    typos = {(e["loc"][:-1], expr.did_you_mean(str(e["loc"][-1]), _keys_at(prefix + e["loc"][:-1])))
             for e in errors if e["type"] == "extra_forbidden"}
    return [e for e in errors if not (e["type"] == "missing" and (e["loc"][:-1], e["loc"][-1]) in typos)]


def _check_grading(grading: dict, log: ProblemLog) -> None:
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
            log.add(path, e.errors()[0]["msg"].removeprefix("Value error, "))


def report_error(err: dict, prefix: tuple, rule_id, log: ProblemLog, source=None) -> None:
    """One pydantic error (at `prefix` + its location) as a Chinese problem with a did-you-mean;
    `source`: the file it was written in, when the merged pack's locator cannot tell (named facts)."""
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
        suggestion = closest(value, options)
    elif kind in _TYPE_WORDS:
        message = f"{relative}：须为{_TYPE_WORDS[kind]}，实为“{value}”"
    elif kind in _BOUND_WORDS:
        word, key = _BOUND_WORDS[kind]
        bound = ctx.get(key)
        bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        message = f"{relative}：须{word} {bound}，实为 {value}"
    elif kind == "string_pattern_mismatch":
        message = f"{relative}：“{value}”格式不符（须匹配 {ctx.get('pattern')}，如 GS01、FS90）"
    elif kind == "value_error":        # the model's own checks, written in Chinese
        message = f"{relative}：{err['msg'].removeprefix('Value error, ')}" if relative else \
            err["msg"].removeprefix("Value error, ")
    else:                              # pydantic's own text is English: name the value instead
        message = f"{relative}：取值“{value}”无效" if relative else f"取值“{value}”无效"
    log.add(loc, message, rule_id, suggestion, source=source)


_TYPE_WORDS = {
    "float_parsing": "数值", "float_type": "数值", "finite_number": "有限数值", "int_parsing": "整数", "int_type": "整数", "int_from_float": "整数",
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


def check_parameters(params: Parameters, log: ProblemLog) -> None:
    """Values of the parameter lists, document phases, and the case columns deadlines are counted from."""
    dump = params.model_dump(by_alias=True)
    for path, known, what, fatal in _PARAM_VALUES:
        values = dump
        for part in path:
            values = values[part]
        for j, v in enumerate(values):
            if v not in known:
                log.add(("parameters", *path, j), f"{'.'.join(path)} 中未知的{what}“{v}”",
                        suggestion=closest(v, known), fatal=fatal)
    for phase in params.document_phases:
        if phase not in PHASES:
            log.add(("parameters", "document_phases", phase), f"document_phases 中未知的环节“{phase}”",
                    suggestion=closest(phase, PHASES), fatal=False)
    for name, d in params.deadlines.items():
        for key, value, columns, what in (("from", d.start, _DATE_COLUMNS, "日期列"), ("done", d.done, _DATE_COLUMNS, "日期列"),
                                          ("plus_days_from", d.plus_days_from, _NUMBER_COLUMNS, "数值列")):
            if value is not None and value not in columns:
                log.add(("parameters", "deadlines", name, key), f"期限 {name} 的 {key} 指向未知的案件表{what}“{value}”",
                        suggestion=expr.did_you_mean(value, columns))


def check_sections(data: dict, log: ProblemLog) -> None:
    """Grading sections (分项计分): points that add up to `start`, ids once each, and every enabled case rule
    in a known section; a rule naming a section when the pack has none is reported too."""
    grading = data.get("grading") if isinstance(data.get("grading"), dict) else {}
    sections = [s for s in grading.get("sections") or [] if isinstance(s, dict)]
    ids = [s.get("id") for s in sections]
    for j, sid in enumerate(ids):
        if sid in ids[:j]:
            log.add(("grading", "sections", j, "id"), f"分项编号重复：{sid}")
    points = [s.get("points") for s in sections]
    start = grading.get("start", Grading.model_fields["start"].default)
    if sections and all(isinstance(p, (int, float)) for p in points + [start]) and sum(points) != start:
        log.add(("grading", "sections"), f"各分项分值之和 {_number(sum(points))} 不等于起始分 start {_number(start)}")
    for i, raw in enumerate(data.get("rules") or []):
        if not isinstance(raw, dict):
            continue
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        section = raw.get("section")
        if section is None:
            if sections and raw.get("level", "case") == "case" and raw.get("enabled", True) is not False:
                log.add(("rules", i), f"规则 {rid} 未注明所属分项（section）；规则包设了分项（{'、'.join(map(str, ids))}），"
                        "每条案件级规则的扣分都须归入其中之一", rid)
        elif not sections:
            log.add(("rules", i, "section"), f"分项“{section}”无从归属：规则包的 grading 未设 sections", rid)
        elif section not in ids:
            log.add(("rules", i, "section"), f"未知的分项“{section}”（可用：{'、'.join(map(str, ids))}）", rid,
                    expr.did_you_mean(str(section), [str(x) for x in ids]) or closest(section, ids))


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
