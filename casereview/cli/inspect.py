"""`casereview inspect INPUT`: how the input will be read, before any review (a thin client of casefiles.inspect)."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from casereview.cli.input_options import add_input_options, input_options
from casereview.errors import InputError, UsageError
from casereview.cli.parser import EXIT_CODES

IGNORED = "忽略"           # as casefiles.inspect.IGNORED; the library is imported when the command runs


def register(subparsers) -> None:

    p = subparsers.add_parser(
        "inspect", help="预览输入将如何读取：每张表的来源、表头行、各列读作哪个字段、缺少的字段、跳过的行",
        epilog=EXIT_CODES,
        description="不评查，只按评查时的方式读取输入并说明：每张表取自哪个工作表/文件（未读取的及隐藏的也列出），"
                    "表头在哪几行，每个源列读作哪个字段或被忽略，缺少的必填列和规则需要的列，跳过的行及原因，"
                    "几个解析后的样例值。--write-mapping 据此写出表头映射草稿。")
    p.add_argument("input", help="输入：.xlsx 工作簿、CSV/Parquet 文件夹、.jsonl 文件，或数据库 URL")
    add_input_options(p)
    p.add_argument("--pack", default=None, help="规则包 YAML 路径或名称（默认标准包 三项制度），用于判断哪些字段被规则读取")
    p.add_argument("--overlay", action="append", default=[], help="叠加包名称或路径，可多次给出，如 police")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（供脚本使用）")
    p.add_argument("--write-mapping", type=Path, default=None, metavar="F",
                   help="把识别出的对应关系写成表头映射草稿 F（YAML，附待决定事项的中文注释）；F 须不存在")
    p.set_defaults(func=cmd_inspect)


def cmd_inspect(a: argparse.Namespace) -> int:
    from casereview.casefiles.inspect import inspect_input
    from casereview.casefiles.mapping_draft import draft_mapping

    if a.write_mapping is not None and a.write_mapping.exists():
        raise UsageError(f"映射草稿 {a.write_mapping} 已存在，不覆盖")
    ins = inspect_input(a.input, **input_options(a), pack=a.pack, overlays=a.overlay)
    if a.json:
        print(json.dumps(dataclasses.asdict(ins), ensure_ascii=False, indent=2))
    else:
        show(ins)
    if a.write_mapping is not None:
        a.write_mapping.write_text(draft_mapping(ins), encoding="utf-8")
        print(f"已写出映射草稿 {a.write_mapping}", file=sys.stderr if a.json else sys.stdout)
    if ins.problems:
        raise InputError("；".join(ins.problems), file=ins.source)
    return 0


def show(ins) -> None:
    """A rich table per table on a terminal; plain tab-separated lines otherwise."""
    from casereview.casefiles.inspect_text import table_details, table_head

    print(f"输入：{ins.source}" + (f"（映射文件 {ins.mapping}）" if ins.mapping else ""))
    console = None
    if sys.stdout.isatty():
        from rich.console import Console
        console = Console()
    for v in ins.tables:
        print(table_head(v))
        if v.columns:
            _columns(v, console)
        for line in table_details(v):
            print(f"  {line}")
    for source, reason in ins.ignored:
        print(f"未读取：{source}：{reason}")
    for note in ins.notes:
        print(f"说明：{note}")
    for p in ins.problems:
        print(f"问题：{p}")


def _columns(v, console) -> None:
    from casereview.casefiles.inspect_text import COLUMN_TITLES, column_rows

    rows = column_rows(v)
    if console is None:
        for r in rows:
            print("  " + "\t".join(r))
        return
    from rich.table import Table
    table = Table(*COLUMN_TITLES, show_lines=False)
    for r in rows:
        table.add_row(*r, style="yellow" if r[1].startswith(IGNORED) else None)
    console.print(table)
