"""Hostile or broken rule packs: refused at load time (exit 3), never executed."""
from __future__ import annotations

from pathlib import Path

from tests.corpus.build import with_pack
from tests.corpus.model import Case, Fails

GS01_WHEN = "when: act_count == 0"


def _tag(tag: str):
    def edit(text: str, tmp: Path) -> str:
        return f"# 第1行是注释\nhack: {tag} [\"touch {tmp}/已执行\"]\n" + text
    return edit


def _condition(cond: str):
    def edit(text: str, tmp: Path) -> str:
        assert GS01_WHEN in text
        return text.replace(GS01_WHEN, f"when: {cond!r}", 1)
    return edit


def _line_of_gs01(fragment: str) -> tuple[str, ...]:
    return ("坏规则包.yaml", "GS01", fragment)


PACK_CASES = [
    Case("pack_python_apply", "规则包含 YAML 标签 !!python/object/apply:os.system",
         with_pack(_tag("!!python/object/apply:os.system")),
         (Fails(3, ("坏规则包.yaml", "第2行", "!!python/object/apply:os.system", "不允许")),)),
    Case("pack_python_name", "规则包含 YAML 标签 !!python/name",
         with_pack(_tag("!!python/name:os.system")),
         (Fails(3, ("坏规则包.yaml", "第2行", "!!python/name:os.system", "不允许")),)),
    Case("cond_dunder_name", "条件使用 Python 内部名字 __class__",
         with_pack(_condition("__class__ == 0")), (Fails(3, _line_of_gs01("__class__")),)),
    Case("cond_import", "条件调用 __import__('os')",
         with_pack(_condition("__import__('os').system('x') == 0")),
         (Fails(3, _line_of_gs01("__import__")),)),
    Case("cond_attribute", "条件访问属性（act_count.__class__）",
         with_pack(_condition("act_count.__class__ == 0")),
         (Fails(3, _line_of_gs01("属性")),)),
    Case("cond_call", "条件调用未知函数 len(...)", with_pack(_condition("len(act_count) > 0")),
         (Fails(3, _line_of_gs01("函数")),)),
    Case("cond_lambda", "条件写成 Python lambda", with_pack(_condition("lambda: 1")),
         (Fails(3, _line_of_gs01("lambda")),)),
    Case("pack_yaml_syntax", "规则包 YAML 语法错误（未闭合的括号）",
         with_pack(lambda text, tmp: "rules: [\n" + text),
         (Fails(3, ("坏规则包.yaml", "YAML 格式错误", "行")),)),
    Case("pack_not_mapping", "规则包不是映射而是列表", with_pack(lambda text, tmp: "- 1\n- 2\n"),
         (Fails(3, ("坏规则包.yaml", "映射")),)),
]
