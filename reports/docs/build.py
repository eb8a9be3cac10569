"""Generated documentation: the fact catalogue, the rule catalogue and the input/output contract, as Markdown."""
from __future__ import annotations

from pathlib import Path

from casereview.reports.docs.format import format_md
from casereview.reports.docs.rules import rule_catalogue_md
from casereview.engine.model.pack import LoadedPack, load_pack

DOCS = Path(__file__).resolve().parents[2] / "docs"
_TYPES = {"bool": "真假", "number": "数值", "text": "文本", "date": "日期", "list": "列表"}


def fact_catalogue_md(loaded: LoadedPack) -> str:
    lines = ["# 事实目录（自动生成，请勿手改：`python -m casereview.reports.docs`）", "",
             "规则的条件只能读取这些事实。事实由 `engine/facts/derive.py` 统一推导。", ""]
    for title, facts in (("案件级事实", loaded.case_facts), ("单位级事实", loaded.unit_facts)):
        lines += [f"## {title}", "", "| 名称 | 类型 | 含义 | 推导 | 来源 |", "|---|---|---|---|---|"]
        for f in facts.values():
            lines.append(f"| `{f.name}` | {_TYPES[f.type]} | {f.meaning} | {f.derivation} | {'、'.join(f.inputs)} |")
        lines.append("")
    if loaded.named_facts:
        lines += named_facts_md(loaded)
    return "\n".join(lines)


def named_facts_md(loaded: LoadedPack) -> list[str]:
    """The facts the pack and its overlays declare (`facts:`), each with the file that declared it."""
    base = loaded.files[0].name
    lines = ["## 规则包声明的事实", "", "条件中读作其表达式；说明（`{名称}`）和证据中显示其在本案的值。", "",
             "| 名称 | 类型 | 含义 | 表达式 | 声明于 |", "|---|---|---|---|---|"]
    for f in loaded.named_facts.values():
        source = loaded.provenance.get(("facts", f.name), base)
        lines.append(f"| `{f.name}` | {_TYPES[f.type]} | {f.meaning} | `{f.expr}` | {source} |")
    return lines + [""]


def generated() -> dict[Path, str]:
    loaded = load_pack()
    return {DOCS / "facts.md": fact_catalogue_md(loaded),
            DOCS / "rules.md": rule_catalogue_md(loaded, load_pack(overlays=["police"])),
            DOCS / "format.md": format_md()}


def main() -> None:
    """Rewrite docs/facts.md, rules.md and format.md."""
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
        print(f"已写入 {path}")
