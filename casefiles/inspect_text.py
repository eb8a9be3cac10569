"""An Inspection as lines people read (the CLI's `inspect` and the workspace's inspect page say the same)."""
from __future__ import annotations

from casereview.casefiles.inspect import IGNORED, ColumnFate, TableView

COLUMN_TITLES = ("源列", "读作", "样例（解析后）", "拒收（首条）")


def table_head(v: TableView) -> str:
    """“案件（cases）：工作表“案件”，表头第1行；记录 12 条，拒收 0 条” or the rules missing it."""
    if v.source is None:
        return f"{v.label}（{v.table}）：未提供" + (f"；读取它的规则：{'、'.join(v.rules)}" if v.rules else "")
    rows = f"，表头第{'、'.join(map(str, v.header_rows))}行" if v.header_rows else ""
    return f"{v.label}（{v.table}）：{v.source}{rows}；记录 {v.records} 条，拒收 {v.rejected} 条"


def column_fate(f: ColumnFate) -> str:
    if f.column is not None:
        return f.label
    return IGNORED + (f"（是否想写“{f.suggestion_label}”？）" if f.suggestion_label else "")


def column_rows(v: TableView) -> list[tuple[str, str, str, str]]:
    """(源列, 读作, 样例, 拒收) per source column."""
    return [(f.header, column_fate(f), "；".join(f.samples),
             f"{f.rejected}（{f.first_problem}）" if f.rejected else "") for f in v.columns]


def table_details(v: TableView) -> list[str]:
    """Skipped rows, rejected examples and missing columns of one table."""
    out = [f"跳过第{r}行：{why}" for r, why in v.skipped]
    out += [f"拒收 {e}" for e in v.rejected_examples]
    if v.rejected > len(v.rejected_examples):
        out.append(f"……共拒收 {v.rejected} 条记录")
    if v.missing_required:
        out.append(f"缺少必填列：{'、'.join(v.missing_required)}（评查时将被拒绝，请在映射文件 columns 中指定或补上该列）")
    out += [f"缺少规则需要的列 {m}" for m in v.missing_for_rules]
    if v.missing_optional:
        out.append(f"缺少的可选列：{'、'.join(v.missing_optional)}"
                   + (f"（读取本表的规则：{'、'.join(v.rules)}）" if v.rules else ""))
    return out
