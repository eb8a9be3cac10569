"""docs/bad-input.md generated from the corpus table: `python -m tests.corpus.doc` rewrites it."""
from __future__ import annotations

from pathlib import Path

from tests.corpus.cases import CASES
from tests.corpus.commands import commands_section
from tests.corpus.model import Accepts, Case, Counts, Fails, Finds, NoFile, Noted, Reject, Shows

DOC = Path(__file__).resolve().parents[2] / "docs" / "bad-input.md"
HEAD = """# 错误输入及其处理

本表由 `tests/corpus/` 的用例表生成（`python -m tests.corpus.doc`），每一种都在 CI 中实际运行
`casereview review` 验证：结果相符、没有 Traceback、计数核对（读入 = 评查 + 拒收）。

- **拒收**：写入 `rejects.csv`（表、行号按用户在文件中看到的计、列、原值、中文原因）；
  范围“记录”表示整条记录不参与评查，“取值”表示该值置空、记录照常评查（相关规则判为无法判定）。
- **退出**：输入无法读取时在标准错误输出一行中文错误（写明文件、工作表、列），不写结果目录。
  退出码：2 输入文件无法读取；3 规则包错误；4 命令行用法错误（如输出目录非空）。
- **接受**：按用户本意读取，并核对读到的值。

| 编号 | 错误输入 | 处理 |
|---|---|---|
"""


def _behaviour(e) -> str:
    if isinstance(e, Fails):
        return f"退出码 {e.code}，错误行含“{'”“'.join(e.says)}”"
    if isinstance(e, Reject):
        scope = "记录" if e.scope == "record" else "取值"
        col = f"列 {e.column}" if e.column else "整行"
        return f"拒收（{scope}）：{e.table} 第{e.row}行 {col}，原因含“{e.reason}”"
    if isinstance(e, Accepts):
        return f"接受：{e.table} {e.record} 的 {e.column} 读作 `{str(e.value)[:40]}`"
    if isinstance(e, Finds):
        return f"评查 {e.case_id} 规则 {e.rule_id} 结论 {e.outcome}" + (f"（理由含“{e.says}”）" if e.says else "")
    if isinstance(e, Noted):
        return f"run.json 备注含“{e.says}”"
    if isinstance(e, Shows):
        return f"{e.file} 的 {e.column} 显示为 `{e.value}`（防公式注入）"
    if isinstance(e, Counts):
        return f"{e.table} 读入 {e.read} = 评查 {e.evaluated} + 拒收 {e.rejected}"
    if isinstance(e, NoFile):
        return "不会据此生成任何文件名（结果目录只有固定文件）"
    raise TypeError(e)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(cases: list[Case] = CASES) -> str:
    rows = [f"| `{c.kind}` | {_cell(c.title)} | {_cell('；'.join(_behaviour(e) for e in c.expect))} |"
            for c in cases]
    return HEAD + "\n".join(rows) + "\n" + commands_section()


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"已写入 {DOC}（{len(CASES)} 种）")
