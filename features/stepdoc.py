"""Generates features/STEPS.md, the step library reference, from the step definitions' docstrings."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, LIST, NUMBER, TABLES, TEXT
from casereview.features.outcomes import OUTCOME_LABELS
from casereview.features.plugin import TAG_DOCS
from casereview.features.registry import KEYWORDS, STEPS

OUT = Path(__file__).parent / "STEPS.md"
PLACEHOLDERS = {"name": "名称", "day": "日期", "table": "表名", "field": "字段", "value": "值", "names": "文书名称",
                "rule": "规则编号", "outcome": "结论", "case": "案件编号", "unit": "单位编码", "text": "文字",
                "score": "得分", "grade": "等级", "key": "对象", "rate": "合规率", "p": "件数", "f": "件数",
                "u": "件数", "n": "件数"}
KINDS = {TEXT: "文字", ENUM: "可选值", DATE: "日期 YYYY-MM-DD", DATETIME: "时间 YYYY-MM-DD HH:MM[:SS]",
         BOOL: "是/否", NUMBER: "数字", INT: "整数", LIST: "多个值，用顿号分隔"}


def readable(pattern: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "{" + PLACEHOLDERS.get(m.group(1), m.group(1)) + "}", pattern)


def _doc_parts(func) -> tuple[str, list[str], list[str]]:
    """Summary line, explanation lines and the indented example lines of a step's docstring."""
    lines = (func.__doc__ or "").strip().splitlines()
    if not lines:
        raise ValueError(f"步骤函数 {func.__module__}.{func.__name__} 没有说明（docstring）")
    body, example = [], []
    for line in lines[1:]:
        line = line[4:] if line.startswith("    ") else line.strip()      # the function body's indent
        (example if line.startswith("    ") else body).append(line)
    while body and not body[0].strip():
        body.pop(0)
    while body and not body[-1].strip():
        body.pop()
    return lines[0].strip(), body, [x[4:] for x in example]


def render() -> str:
    out = ["# 步骤库（自动生成，请勿手改：`python -m casereview.features.stepdoc`）", "",
           "`.feature` 文件第一行写 `# language: zh-CN`。关键字：功能、背景、场景、场景大纲、例子；"
           "步骤以 假如 / 当 / 那么 开头，续行用 而且 / 并且 / 但是。",
           "`{…}` 是由作者填写的部分；引号用中文引号“”。怎样写一个场景见 [README.md](README.md)。", ""]
    sections: dict[str, list] = {}
    for s in STEPS:
        group = sections.setdefault(s.section, [])
        same = next((g for g in group if g[0].func is s.func), None)
        if same:
            same.append(s)
        else:
            group.append([s])
    for section, groups in sections.items():
        out += [f"## {section}", ""]
        for group in groups:
            first = group[0]
            summary, body, example = _doc_parts(first.func)
            out += [f"### {KEYWORDS[first.kind]} {readable(first.text)}", ""]
            if len(group) > 1:
                out += ["也可写作：" + "；".join(f"`{KEYWORDS[g.kind]} {readable(g.text)}`" for g in group[1:]), ""]
            out += [summary, ""]
            if body:
                out += body + [""]
            if example:
                out += ["```gherkin", *example, "```", ""]
    out += ["## 结论用词", "", "| 写法 | 也可写 | 含义 |", "|---|---|---|"]
    out += [f"| {label} | {key} | {meaning} |" for key, label, meaning in (
        ("pass", OUTCOME_LABELS["pass"], "满足规则"), ("fail", OUTCOME_LABELS["fail"], "违反规则，按规则扣分或否决"),
        ("na", OUTCOME_LABELS["na"], "规则不适用于此案件"), ("unknown", OUTCOME_LABELS["unknown"], "数据不足或矛盾，须人工核实"))]
    out += ["", "## 标签", "", "功能或场景前的 `@标签` 用于挑选场景（`casereview rules test -k 标签`）。"
            "说明书中出现的标签都会自动登记；有特殊含义的标签：", "", "| 标签 | 含义 |", "|---|---|"]
    out += [f"| @{name} | {text} |" for name, text in TAG_DOCS.items()]
    out += ["", "## 列名", "", "表头可写中文列名或英文列名。", ""]
    for t in TABLES.values():
        out += [f"### {t.label}（{t.name}）", "", "| 中文列名 | 英文列名 | 取值 |", "|---|---|---|"]
        for c in t.columns:
            kind = KINDS[c.kind] + (f"：{'、'.join(c.choices)}" if c.choices else "")
            out.append(f"| {c.label} | {c.name} | {kind} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m casereview.features.stepdoc", description="生成步骤库文档 features/STEPS.md")
    p.add_argument("--check", action="store_true", help="只检查文档是否为最新，不写文件（过期时退出码 1）")
    a = p.parse_args(argv)
    text = render()
    if a.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT} 不是最新的，请运行 python -m casereview.features.stepdoc", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"已写入 {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
