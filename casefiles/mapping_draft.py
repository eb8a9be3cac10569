"""A mapping file drafted from an inspection: what was matched, and commented lines for what is left."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from casereview.casefiles.inspect import Inspection, flat_hint
from casereview.casefiles.readers import norm_name
from casereview.engine.model.schema import TABLES
from casereview.engine.model.expr import did_you_mean

HEADLESS = re.compile(r"第\d+列（表头为空）")    # how the reader names a data column without a header


def _pair(key: str, value: object) -> str:
    """One `key: value` line, quoted as YAML needs (headers may hold “/”, “:”, “#”, spaces)."""
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True, width=10_000
                          ).strip()[1:-1].strip()


def draft_mapping(ins: Inspection) -> str:
    """The YAML text of a mapping that reads the input as `ins` shows; comments in Chinese."""
    lines = [f"# 表头映射草稿：由 casereview inspect 根据“{ins.source}”生成。",
             "# 原样使用（--mapping 本文件）即按 inspect 所示的方式读取；",
             "# 以 # 开头的条目是尚待决定的事项：删去行首的 # 并改写后生效。"]
    views = {v.table: v for v in ins.tables}
    tables = [(v.name, v.table) for v in ins.tables if v.name and v.flat_of is None]
    flat = next(((views["cases"].name, v.table) for v in ins.tables if v.flat_of), None)
    tables = [(n, t) for n, t in tables if not (flat and t == "cases")]
    unread = _unread_entries(ins)
    if tables or unread:
        lines.append("tables:" if tables else "# tables:")
        lines += [f"  {_pair(n, t)}    # {views[t].source} → {TABLES[t].label}" for n, t in tables]
        lines += unread
    if ins.sheets:
        lines.append("sheets:               # 工作簿中有多张候选表或所需表被隐藏时，指定读取的工作表")
        lines += [f"  {_pair(t, sheet)}" for t, sheet in ins.sheets.items()]
    if flat:
        lines += ["flat:                 # 一行一项的宽表：案件字段在每行重复", f"  {_pair(flat[0], ['cases', flat[1]])}"]
    matched: dict[str, list[str]] = {t: [] for t in TABLES}
    left: dict[str, list[str]] = {t: [] for t in TABLES}
    for v in ins.tables:
        for f in v.columns:
            if f.column is not None:
                matched[f.table].append(f"    {_pair(f.header, f.column)}    # {TABLES[f.table].column(f.column).label}")
                continue
            target = f.suggestion.rpartition(".") if f.suggestion else ("", "", None)
            table = target[0] or v.table
            if HEADLESS.fullmatch(f.header):     # no header text to map: the sheet needs one
                left[table].append(f"    # {f.header}：其中的数据被忽略；如需读取，请在表中补上表头后重新运行 inspect")
            elif f.suggestion:
                left[table].append(f"    # {_pair(f.header, target[2])}    # 未识别；是否想写“{f.suggestion_label}”？")
            else:
                left[table].append(f"    # {_pair(f.header, '字段名')}    # 未识别，读取时忽略；如需读取请填写字段名")
    if any(matched.values()) or any(left.values()):
        lines.append("columns:")
    for t in TABLES:
        if not matched[t] and not left[t]:
            continue
        lines.append(f"  {t}:" if matched[t] else f"  # {t}:")
        lines += matched[t]
        lines += left[t]
    lines += _open_questions(ins)
    return "\n".join(lines) + "\n"


def _unread_entries(ins: Inspection) -> list[str]:
    """Commented `tables:` entries for the sheets/files not read, with the table a name resembles."""
    out = []
    names = {norm_name(a): t.name for t in TABLES.values() for a in (t.name, t.label, *t.aliases)}
    for source, reason in ins.ignored:
        found = re.search(r"“(.+?)”", source)
        if not found:
            continue
        name = Path(found[1]).stem if source.startswith("文件") else found[1]
        close = did_you_mean(norm_name(name), names)
        target, why = (names[close], f"是否想写“{TABLES[names[close]].label}”？") if close else ("表名", reason)
        out.append(f"  # {_pair(name, target)}    # {source}未读取；{why}")
    return out


def _open_questions(ins: Inspection) -> list[str]:
    out = []
    cases = ins.tables[0]
    hint = flat_hint(cases) if cases.name and not any(v.flat_of for v in ins.tables) else None
    if hint:
        child, headers = hint
        label = TABLES[child].label
        out += [f"# {cases.source}有{label}的列（{'、'.join(headers)}）；若每行是一项{label}，删去下两行的 #：",
                "# flat:", f"#   {_pair(cases.name, ['cases', child])}"]
    for v in ins.tables:
        if v.missing_required:
            out.append(f"# 待决定：{v.label}表缺少必填列 {'、'.join(v.missing_required)}，"
                       "请在上面把对应的表头映射到它")
        for m in v.missing_for_rules:
            out.append(f"# 待决定：{v.label}表没有 {m.replace('：', '，规则 ', 1)} 需要它")
        if v.missing_optional:
            out.append(f"# 待决定：{v.label}表没有 {'、'.join(v.missing_optional)}"
                       + (f"（读取本表的规则：{'、'.join(v.rules)}）" if v.rules else ""))
        if v.source is None and v.rules:
            out.append(f"# 待决定：未提供{v.label}表（{v.table}），读取它的规则：{'、'.join(v.rules)}")
    out += [f"# 未读取：{source}：{reason}" for source, reason in ins.ignored]
    out += [f"# {p}" for p in ins.problems]
    return (["", "# ---- 尚待决定的事项 ----"] + out) if out else []

