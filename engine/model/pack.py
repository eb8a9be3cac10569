"""Loading a rule pack: safe YAML with line numbers, overlays, validation, compiled conditions."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from casereview.engine.model.catalogue import Fact, absent_name, case_catalogue, input_parts, invalid_name, unit_catalogue
from casereview.casefiles.columns import column_text
from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.engine.model import expr
from casereview.errors import PackError
from casereview.engine.model.rule import Pack, Rule
from casereview.rules import OVERLAY_DIR, PACK_DIR, STANDARD_PACK

_TEMPLATE_REF = re.compile(r"\{(\$?[A-Za-z_][A-Za-z0-9_.]*)\}")


# --- YAML with line numbers --------------------------------------------------------------

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)    # libyaml when available: ~8x faster


def _parse(text: str, loader_class) -> tuple:
    """One parse: the node tree (for line numbers), then the data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> tuple[dict, dict[tuple, int]]:
    """Parse YAML safely; return the data and a map from key path to line number (1-based)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise PackError(f"无法读取：{e}", file=str(path)) from None
    try:
        try:
            node, data = _parse(text, _SAFE_LOADER)
        except yaml.YAMLError:                 # again in pure Python: its messages carry our hints
            node, data = _parse(text, yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        tag = re.search(r"tag '([^']*)'", str(getattr(e, "problem", "") or ""))
        if isinstance(e, yaml.constructor.ConstructorError) and tag:
            shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            raise PackError(f"不允许的 YAML 标签 {shown}：规则包只能包含普通数据，其中的代码不会执行",
                            file=str(path), line=line) from None
        raise PackError(f"YAML 格式错误：{getattr(e, 'problem', None) or e}", file=str(path),
                        line=line) from None
    if not isinstance(data, dict):
        raise PackError("规则包须是一个 YAML 映射（键: 值）", file=str(path))
    lines: dict[tuple, int] = {}
    _walk(node, (), lines)
    return data, lines


def _walk(node, path: tuple, lines: dict) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _walk(v, path + (k.value,), lines)
            lines[path + (k.value,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines)


def line_of(lines: dict, path: tuple) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())


# --- overlays ------------------------------------------------------------------------------

def deep_merge(base: dict, over: dict, origin: str, prov: dict, prefix: tuple = ()) -> dict:
    """Dicts merge key by key; lists and scalars replace. Record where each leaf came from."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v, origin, prov, prefix + (k,))
        else:
            out[k] = v
            prov[prefix + (k,)] = origin
    return out


def resolve_pack_path(name_or_path: str | Path, *, overlay: bool = False) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise PackError("文件不存在", file=str(p))
        return p
    folder = OVERLAY_DIR if overlay else PACK_DIR
    candidate = folder / f"{name_or_path}.yaml"
    if candidate.exists():
        return candidate
    known = sorted(x.stem for x in folder.glob("*.yaml"))
    raise PackError(f"找不到{'叠加包' if overlay else '规则包'}“{name_or_path}”（可用：{'、'.join(known)}）",
                    suggestion=expr.did_you_mean(str(name_or_path), known))


# --- compiled pack --------------------------------------------------------------------------

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

    def fails_on(self, fact: str) -> bool:
        """Whether some check fails on a condition reading `fact`: a deadline rule fails on its status,
        a rule that only waits on one (JL01 on serve_status) does not."""
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

    @property
    def params(self):
        return self.pack.parameters

    def rules(self, level: str) -> list[CompiledRule]:
        return [c for c in self.compiled if c.rule.level == level]

    def param(self, dotted: str):
        value = self.pack.parameters.model_dump(by_alias=True)
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                raise expr.ExprError(f"未知参数“${dotted}”",
                                     suggestion=expr.did_you_mean(part, value if isinstance(value, dict) else []))
            value = value[part]
        return value


def load_pack(pack: str | Path = STANDARD_PACK, overlays: list[str | Path] = ()) -> LoadedPack:
    base_path = resolve_pack_path(pack)
    data, lines = read_yaml(base_path)
    files, texts, prov = [base_path], [base_path.read_bytes()], {}
    line_maps = {base_path: lines}
    for ov in overlays:
        ov_path = resolve_pack_path(ov, overlay=True)
        ov_data, ov_lines = read_yaml(ov_path)
        line_maps[ov_path] = ov_lines
        data = _apply_overlay(data, ov_data, ov_path, prov)
        files.append(ov_path)
        texts.append(ov_path.read_bytes())
    try:
        model = Pack.model_validate(data)
    except ValidationError as e:
        raise _pack_error(e, files, line_maps, data) from None
    digest = hashlib.sha256(b"\0".join(texts)).hexdigest()
    loaded = LoadedPack(model, files, digest, prov,
                        case_catalogue(model.parameters), unit_catalogue())
    loaded.compiled = [compile_rule(loaded, r, files[0], lines, i)
                       for i, r in enumerate(model.rules) if r.enabled]
    return loaded


def _apply_overlay(data: dict, ov: dict, path: Path, prov: dict) -> dict:
    unknown = set(ov) - {"pack", "parameters", "rules", "disable", "grading"}
    if unknown:
        key = sorted(unknown)[0]
        raise PackError(f"叠加包不支持的键“{key}”", file=str(path),
                        suggestion=expr.did_you_mean(key, ["pack", "parameters", "rules", "disable", "grading"]))
    for key, kind in (("pack", dict), ("parameters", dict), ("grading", dict), ("rules", list), ("disable", list)):
        if ov.get(key) is not None and not isinstance(ov[key], kind):
            raise PackError(f"叠加包的“{key}”须是{'映射' if kind is dict else '列表'}", file=str(path))
    if any(not isinstance(r, dict) for r in ov.get("rules") or []):
        raise PackError("叠加包 rules 中的每一项须是一条规则（映射）", file=str(path))
    out = dict(data)
    origin = path.name
    if "parameters" in ov:
        out["parameters"] = deep_merge(data.get("parameters", {}), ov["parameters"] or {}, origin, prov,
                                       ("parameters",))
    if "grading" in ov:
        out["grading"] = ov["grading"]
        prov[("grading",)] = origin
    rules = [dict(r) for r in data.get("rules", [])]
    by_id = {r.get("id"): r for r in rules}
    for r in ov.get("rules") or []:
        if r.get("id") in by_id:
            by_id[r["id"]].update(r)
        else:
            rules.append(dict(r))
        prov[("rules", r.get("id"))] = origin
    for rid in ov.get("disable") or []:
        if rid not in by_id:
            raise PackError(f"要停用的规则“{rid}”不存在", file=str(path), rule_id=rid,
                            suggestion=expr.did_you_mean(rid, by_id))
        by_id[rid]["enabled"] = False
        prov[("rules", rid, "enabled")] = origin
    out["rules"] = rules
    if "pack" in ov:
        base_info = dict(data.get("pack", {}))
        ov_info = ov["pack"] or {}
        out["pack"] = {**base_info, "id": f"{base_info.get('id')}+{ov_info.get('id', path.stem)}",
                       "title": f"{base_info.get('title')}（{ov_info.get('title', path.stem)}）"}
    return out


def _pack_error(e: ValidationError, files: list[Path], line_maps: dict, data: dict) -> PackError:
    err = e.errors()[0]
    loc = tuple(err["loc"])
    rule_id = None
    if loc[:1] == ("rules",) and len(loc) > 1 and isinstance(loc[1], int):
        rules = data.get("rules") or []
        rule_id = rules[loc[1]].get("id") if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else None
    msg = err["msg"].removeprefix("Value error, ")
    field_name = ".".join(str(x) for x in loc)
    sugg = None
    if err["type"] == "extra_forbidden":
        msg = f"未知的键“{loc[-1]}”"
        parent = _model_fields_for(loc[:-1])
        sugg = expr.did_you_mean(str(loc[-1]), parent)
    line = line_of(line_maps[files[0]], loc)
    for f in files[1:]:
        if loc in line_maps[f]:
            line, files = line_maps[f][loc], [f]
    return PackError(f"{field_name}：{msg}", file=str(files[0]), line=line, rule_id=rule_id,
                     suggestion=sugg)


def _model_fields_for(loc: tuple) -> list[str]:
    from casereview.engine.model import rule as m
    cls = m.Pack
    for part in loc:
        if isinstance(part, int):
            continue
        f = cls.model_fields.get(part)
        if f is None:
            return []
        ann = f.annotation
        inner = getattr(ann, "__args__", None)
        cls = next((a for a in (inner or (ann,)) if isinstance(a, type) and issubclass(a, m.BaseModel)), None)
        if cls is None:
            return []
    return list(cls.model_fields) if cls else []


# --- compiling one rule ---------------------------------------------------------------------

def compile_rule(loaded: LoadedPack, rule: Rule, file: Path, lines: dict, index: int) -> CompiledRule:
    facts = loaded.unit_facts if rule.level == "unit" else loaded.case_facts
    types = {name: f.type for name, f in facts.items()}

    def parse(text: str, path: tuple) -> expr.Node:
        try:
            return expr.parse(text, types, loaded.param)
        except expr.ExprError as e:
            raise PackError(f"条件“{text}”：{e}", file=str(file), line=line_of(lines, ("rules", index) + path),
                            rule_id=rule.id, suggestion=e.suggestion) from None

    def check_refs(template: str, path: tuple) -> set[str]:
        refs = set()
        for ref in _TEMPLATE_REF.findall(template):
            if ref.startswith("$"):
                try:
                    loaded.param(ref[1:])
                except expr.ExprError as e:
                    raise PackError(str(e), file=str(file), line=line_of(lines, ("rules", index) + path),
                                    rule_id=rule.id, suggestion=e.suggestion) from None
            elif ref != "as_of":
                if ref not in facts:
                    raise PackError(f"说明中引用了未知事实“{ref}”", file=str(file),
                                    line=line_of(lines, ("rules", index) + path), rule_id=rule.id,
                                    suggestion=expr.did_you_mean(ref, facts))
                refs.add(ref)
        return refs

    applies = parse(rule.applies, ("applies",))
    checks = [(parse(c.when, ("checks", i, "when")), c) for i, c in enumerate(rule.checks)]
    read = expr.facts_of(applies) | set().union(*(expr.facts_of(n) for n, _ in checks))
    read |= check_refs(rule.not_applicable, ("not_applicable",))
    for i, c in enumerate(rule.checks):
        read |= check_refs(c.reason, ("checks", i, "reason"))
    read |= check_refs(rule.otherwise.reason, ("otherwise", "reason"))
    if rule.value and rule.value not in facts:
        raise PackError(f"value 中的未知事实“{rule.value}”", file=str(file), line=line_of(lines, ("rules", index, "value")),
                        rule_id=rule.id, suggestion=expr.did_you_mean(rule.value, facts))
    for i, name in enumerate(rule.evidence):
        if name not in facts:
            raise PackError(f"证据中的未知事实“{name}”", file=str(file),
                            line=line_of(lines, ("rules", index, "evidence", i)), rule_id=rule.id,
                            suggestion=expr.did_you_mean(name, facts))
        read.add(name)

    branches = applies_branches(applies, rule.not_applicable, facts) if rule.level == "case" else []
    branches.append(Branch(expr.negate(applies), "na", rule.not_applicable, "applies"))
    branches += guard_branches(read, facts, skip={b.condition for b in branches})
    branches += [Branch(node, c.outcome, c.reason) for node, c in checks]
    branches.append(Branch(expr.Const(True, expr.BOOL), rule.otherwise.outcome, rule.otherwise.reason,
                           "otherwise"))
    return CompiledRule(rule, branches, read)


def applies_branches(applies: expr.Node, not_applicable: str, facts: dict[str, Fact]) -> list[Branch]:
    """Not applicable as soon as one part of `applies` is false on clean data; else guards first."""
    parts = applies.operands if isinstance(applies, expr.BoolOp) and applies.op == "and" else (applies,)
    clean_false = []
    for part in parts:
        guards = [b.condition for b in guard_branches(expr.facts_of(part), facts)]
        clean = expr.negate(part) if not guards else expr.BoolOp(
            "and", (expr.negate(part), expr.negate(expr.BoolOp("or", tuple(guards)))))
        clean_false.append(clean)
    early_na = clean_false[0] if len(clean_false) == 1 else expr.BoolOp("or", tuple(clean_false))
    return [Branch(early_na, "na", not_applicable, "applies"), *guard_branches(expr.facts_of(applies), facts)]


_TABLE_LABELS = {t.name: t.label for t in TABLES.values()}


def guard_branches(read: set[str], facts: dict[str, Fact], skip=frozenset()) -> list[Branch]:
    """Unknown when a table or column the rule needs is missing, or its data was rejected.

    Every input of every fact read names a table, maybe a column and a link (see catalogue.input_parts);
    a guard exists where the level's catalogue has its fact (unit level: engine/facts/guards.py)."""
    tables, columns = set(), set()
    for name in read:
        for inp in facts[name].inputs:
            table, column, via = input_parts(inp)
            tables.add(table)
            if column:
                columns.add((table, column, via))
    out = []
    for t in sorted(tables):
        if f"missing__{t}" in facts:
            out.append(Branch(expr.FactTrue(f"missing__{t}"), "unknown",
                              f"输入中没有{_TABLE_LABELS.get(t, t)}表，无法判定", "guard"))
        if f"rejected__{t}" in facts:
            label = _TABLE_LABELS.get(t, t)
            reason = (f"本案有 {{rejected__{t}}} 条{label}记录被拒收（见 rejects.csv），无法判定" if t in CASE_CHILDREN
                      else f"{label}表有 {{rejected__{t}}} 条记录被拒收（见 rejects.csv），无法判定"
                      if facts[f"rejected__{t}"].type == expr.NUMBER
                      else f"{label}表记录被拒收：{{rejected__{t}}}（见 rejects.csv），无法判定")
            out.append(Branch(_flag(f"rejected__{t}", facts), "unknown", reason, "guard"))
        if f"unplaced__{t}" in facts:
            out.append(Branch(_flag(f"unplaced__{t}", facts), "unknown",
                              f"{_TABLE_LABELS.get(t, t)}表有 {{unplaced__{t}}} 条记录的案件编号为空或无法识别而被拒收"
                              f"（见 rejects.csv），可能属于本案，无法判定", "guard"))
    order = {(t, c): i for i, (t, c) in enumerate((t.name, c.name) for t in TABLES.values() for c in t.columns)}
    # case columns by name (as before), then the other tables' columns in schema order
    for t, c, via in sorted(columns, key=lambda k: (k[0] != "cases", k[1] if k[0] == "cases" else "",
                                                    order[k[:2]], k[2] or "")):
        out += _column_guards(t, c, via, facts)
    return _unique([b for b in out if b.condition not in skip])


def _column_guards(t: str, c: str, via: str | None, facts: dict[str, Fact]) -> list[Branch]:
    out = []
    absent = absent_name(t, c)
    if absent in facts:
        out.append(Branch(expr.FactTrue(absent), "unknown", f"输入缺少列 {column_text(t, c)}，无法判定", "guard"))
    invalid = invalid_name(t, c, via)
    if invalid in facts and t == "cases":
        out.append(Branch(expr.FactTrue(invalid), "unknown",
                          f"案件表“{facts[invalid].label.removesuffix('取值被拒收')}”的取值无法识别"
                          f"（见 rejects.csv），无法判定", "guard"))
    elif invalid in facts:
        out.append(Branch(_flag(invalid, facts), "unknown",
                          f"取值无法识别：{{{invalid}}}（见 rejects.csv），无法判定", "guard"))
    beyond = f"beyond__{c}"
    if t == "cases" and beyond in facts:
        value = f" {{{c}}}" if c in facts else ""
        out.append(Branch(expr.FactTrue(beyond), "unknown",
                          f"案件表“{facts[beyond].label.removesuffix('超出日历')}”{value} 晚于评查日 {{as_of}}，"
                          f"且不在已知节假日日历年份内，无法判定", "guard"))
    return out


def _flag(name: str, facts: dict[str, Fact]) -> expr.Node:
    """A guard fact that holds: true, a count above 0, or a text (naming the rows) present."""
    kind = facts[name].type
    if kind == expr.NUMBER:
        return expr.Compare(name, ">", 0, expr.NUMBER)
    if kind == expr.TEXT:
        return expr.IsNull(name, negated=True)
    return expr.FactTrue(name)


def _unique(branches: list[Branch]) -> list[Branch]:
    """One guard per condition (a column read through two facts gives the same guard twice)."""
    seen, out = set(), []
    for b in branches:
        if b.condition not in seen:
            seen.add(b.condition)
            out.append(b)
    return out


def pack_summary(loaded: LoadedPack) -> dict:
    return {"id": loaded.pack.pack.id, "title": loaded.pack.pack.title, "version": loaded.pack.pack.version,
            "files": [str(f) for f in loaded.files], "sha256": loaded.digest,
            "rules": [c.rule.id for c in loaded.compiled]}


def to_json(loaded: LoadedPack) -> str:
    return json.dumps(loaded.pack.model_dump(by_alias=True), ensure_ascii=False, indent=2)
