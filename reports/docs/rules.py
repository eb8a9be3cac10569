"""The rule catalogue (docs/rules.md): a hand-written template filled with each rule, parameter and grade of a pack."""
from __future__ import annotations

import re
from pathlib import Path

from casereview.engine.model.expr_functions import FUNCTIONS
from casereview.engine.run.aggregate import RANKING_RULE
from casereview.engine.model.expr_children import LINKED, QUANTIFIERS, child_columns
from casereview.engine.model.schema import CASE_CHILDREN, TABLES
from casereview.engine.model.rule import OUTCOME_LABELS, Rule
from casereview.engine.model.pack import LoadedPack

TEMPLATES = Path(__file__).resolve().parent / "templates"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def fill(template: str, blocks: dict[str, str]) -> str:
    """Replace each {{name}} with its block; a placeholder without a block, or a block not used, is an error."""
    used = set(_PLACEHOLDER.findall(template))
    if used != set(blocks):
        raise ValueError(f"文档模板占位符与生成内容不一致：缺少 {sorted(used - set(blocks))}，多余 {sorted(set(blocks) - used)}")
    return _PLACEHOLDER.sub(lambda m: blocks[m[1]], template)


def rule_notes(text: str) -> dict[str, str]:
    """'## RULE_ID' sections of rule_notes.md.tmpl → {rule id: note text}."""
    notes, current = {}, None
    for line in text.splitlines():
        m = re.fullmatch(r"## (\S+)", line)
        if m:
            current = m[1]
            notes[current] = []
        elif current:
            notes[current].append(line)
    return {rid: "\n".join(lines).strip() for rid, lines in notes.items()}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _deadline(d: dict) -> str:
    """A deadline parameter in words: 公示：自 decision_date 起 7 个工作日内 published_date."""
    if d.get("working_days") is not None:
        period = f"{d['working_days']} 个工作日"
    else:
        period = f"{d['calendar_days']} 个自然日"
        if d.get("plus_days_from"):
            period += f"（加 `{d['plus_days_from']}` 天）"
        for subtype, days in d.get("calendar_days_by_subtype", {}).items():
            period += f"；{subtype} {days} 日"
    return f"{d['label']}：`{d['done']}` 不晚于 `{d['from']}` 后 {period}"


def _value(v) -> str:
    if isinstance(v, dict) and "label" in v:
        return _deadline(v)
    if isinstance(v, list):
        return "、".join(map(str, v)) if v else "（无）"
    if isinstance(v, dict):
        return "；".join(f"{k}：{_value(x)}" for k, x in v.items()) if v else "（无）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _flat(d: dict, prefix: str = "") -> dict[str, object]:
    """Nested parameters as dotted names; a deadline (a dict with a label) stays one entry."""
    out = {}
    for k, v in d.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and v and "label" not in v and name != "document_phases":
            out.update(_flat(v, name + "."))
        else:
            out[name] = v
    return out


def _params(loaded: LoadedPack) -> dict[str, object]:
    """The built-in parameters as dotted names, then the pack's declared ones by name."""
    params = loaded.pack.parameters
    return {**_flat(params.model_dump(by_alias=True, exclude_none=True, exclude={"declared"})),
            **{name: f"{d.label}：{_value(d.value)}" if d.label else d.value for name, d in params.declared.items()}}


def summary_table(loaded: LoadedPack) -> str:
    lines = ["| 编号 | 制度 | 规则 | 严重程度 | 扣分 | 否决 | 依据 |", "|---|---|---|---|---|---|---|"]
    for r in loaded.pack.rules:
        lines.append(f"| [{r.id}](#{r.id.lower()}) | {r.system} | {r.title} | {r.severity} | {r.deduction:g} | "
                     f"{'是' if r.veto else ''} | {_cell(r.basis)} |")
    return "\n".join(lines)


def _guards(loaded: LoadedPack, rule: Rule) -> list[str]:
    compiled = next(c for c in loaded.compiled if c.rule.id == rule.id)
    return list(dict.fromkeys(b.reason for b in compiled.branches if b.kind == "guard"))


def rule_section(loaded: LoadedPack, rule: Rule, note: str) -> str:
    level = "每个单位一个结论（单位级规则）" if rule.level == "unit" else "每件案卷一个结论"
    lines = [f"### {rule.id}", "", f"**{rule.title}**", "",
             f"- 制度：{rule.system}；{level}",
             f"- 严重程度：{rule.severity}；扣分：{rule.deduction:g}；否决项：{'是（不合规时案卷得 0 分）' if rule.veto else '否'}",
             f"- 依据：{rule.basis}"]
    if rule.applies.strip() != "true":
        lines.append(f"- 适用范围：`{rule.applies}`；不成立时 → 不适用：{rule.not_applicable}")
    else:
        lines.append("- 适用范围：全部" + ("单位" if rule.level == "unit" else "案卷"))
    guards = _guards(loaded, rule)
    if guards:
        lines.append("- 输入前提（先于判定表；任一成立 → 无法判定）：")
        lines += [f"  - {g}" for g in guards]
    if rule.evidence:
        lines.append("- 证据（结果中列出的事实）：" + "、".join(f"`{e}`" for e in rule.evidence))
    lines += ["", "| 条件（自上而下，首条成立者决定） | 结论 | 理由 |", "|---|---|---|"]
    for c in rule.checks:
        lines.append(f"| `{_cell(c.when)}` | {OUTCOME_LABELS[c.outcome]} | {_cell(c.reason)} |")
    lines.append(f"| 其他情况 | {OUTCOME_LABELS[rule.otherwise.outcome]} | {_cell(rule.otherwise.reason)} |")
    if note:
        lines += ["", note]
    return "\n".join(lines)


def grading_text(loaded: LoadedPack) -> str:
    g = loaded.pack.grading
    failed = [f"{r.id} {r.deduction:g} 分" for r in loaded.pack.active_rules if r.deduction and r.level == "case"]
    vetoes = [r.id for r in loaded.pack.active_rules if r.veto]
    lines = [f"每件案卷从 {g.start:g} 分起算，每条不合规的规则扣去其分数（{'，'.join(failed)}）；"
             f"否决项（{'、'.join(vetoes)}）不合规时案卷得 0 分。最低 {g.floor:g} 分。", ""]
    if g.sections:
        lines[0] = f"案卷得分为各分项所余分值之和；否决项（{'、'.join(vetoes)}）不合规时案卷得 0 分。最低 {g.floor:g} 分。"
        lines += ["| 分项 | 分值 | 本分项的扣分规则 |", "|---|---|---|"]
        lines += [f"| {s.title}（`{s.id}`） | {s.points:g} | "
                  f"{'，'.join(f'{r.id} {r.deduction:g} 分' for r in loaded.pack.active_rules if r.section == s.id and r.deduction) or '—'} |"
                  for s in g.sections]
        lines.append("")
    lines += ["| 等级 | 分数线 |", "|---|---|"]
    lines += [f"| {x.name} | ≥ {x.min:g} |" for x in g.grades]
    return "\n".join(lines)


def params_table(params: dict[str, object]) -> str:
    lines = ["| 参数 | 值 |", "|---|---|"]
    lines += [f"| `{k}` | {_cell(_value(v))} |" for k, v in params.items()]
    return "\n".join(lines)


def overlay_table(base: LoadedPack, overlaid: LoadedPack) -> str:
    before, after = _params(base), _params(overlaid)
    lines = ["| 参数 | 标准包 | 公安叠加包 |", "|---|---|---|"]
    for k, v in after.items():
        if before.get(k) != v:
            lines.append(f"| `{k}` | {_cell(_value(before.get(k, '（无）')))} | {_cell(_value(v))} |")
    return "\n".join(lines)


def major_text(loaded: LoadedPack) -> str:
    m = loaded.pack.parameters.major
    flags = {"major_flag": "“重大执法决定”标记为是", "complex_flag": "“疑难复杂”为是", "hearing_held": "“是否听证”为是"}
    parts = [flags.get(f, f"`{f}` 为是") for f in m.flags]
    parts.append(f"处理决定含 {'、'.join(m.decision_types)}")
    parts.append(f"罚款金额达到重大罚款线（个人 {m.fine_individual:g} 元、单位 {m.fine_organisation:g} 元）")
    return "；".join(parts) + "。"


def functions_table() -> str:
    """The condition language's date functions, from engine/model/expr_functions.py."""
    label = {"date": "日期", "number": "数值"}
    names = {"date": "a", "number": "n"}
    lines = ["| 函数 | 结果 | 含义 |", "|---|---|---|"]
    for f in FUNCTIONS.values():
        args = ", ".join("b" if k and t == "date" else names[t] for k, t in enumerate(f.args))
        lines.append(f"| `{f.name}({args})` | {label[f.type]} | {_cell(f.meaning)} |")
    return "\n".join(lines)


def quantifiers_table() -> str:
    """The quantifiers over the case's child records and the columns their filters read
    (engine/model/expr_children.py, engine/model/schema.py)."""
    lines = ["| 写法 | 结果 | 含义 |", "|---|---|---|"]
    for q in QUANTIFIERS.values():
        args = "子表, 列, 条件" if q.value_column else "子表, 条件"
        kind = "日期或数值" if q.value_column else "数值" if q.name == "count" else "真假值"
        lines.append(f"| `{q.name}({args})` | {kind} | {_cell(q.meaning)} |")
    lines += ["", "| 子表 | 可读的列（名称：类型） |", "|---|---|"]
    label = {"text": "文本", "date": "日期", "number": "数值", "bool": "真假值", "list": "列表"}
    for t in CASE_CHILDREN:
        cols = "、".join(f"`{c}`：{label[k]}" for c, k in child_columns(t).items())
        notes = "；".join(f"`{c.name}`：{c.meaning}" for c in LINKED.get(t, ()))
        lines.append(f"| `{t}`（{TABLES[t].label}） | {cols}{'；' + notes if notes else ''} |")
    return "\n".join(lines)


def rule_catalogue_md(loaded: LoadedPack, police: LoadedPack) -> str:
    notes = rule_notes((TEMPLATES / "rule_notes.md.tmpl").read_text(encoding="utf-8"))
    ids = {r.id for r in loaded.pack.rules}
    if set(notes) - ids:
        raise ValueError(f"rule_notes.md.tmpl 中的规则不在规则包中：{sorted(set(notes) - ids)}")
    blocks = {
        "pack_title": loaded.pack.pack.title,
        "major": major_text(loaded),
        "functions": functions_table(),
        "quantifiers": quantifiers_table(),
        "summary": summary_table(loaded),
        "rules": "\n\n".join(rule_section(loaded, r, notes.get(r.id, "")) for r in loaded.pack.rules),
        "grading": grading_text(loaded),
        "ranking": RANKING_RULE,
        "police": overlay_table(loaded, police),
        "parameters": params_table(_params(loaded)),
    }
    return fill((TEMPLATES / "rules.md.tmpl").read_text(encoding="utf-8"), blocks)
