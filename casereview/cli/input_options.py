"""The input options shared by every command that reads case files: --mapping and --sheet."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mapping", type=Path, default=None, help="表头映射文件（YAML）")
    p.add_argument("--sheet", action="append", default=[], metavar="表=工作表",
                   help="指定某张表读取的工作表，如 --sheet 案件=\"案件 (2)\"（工作簿中有多张候选表或所需表被隐藏时），"
                        "可多次给出")


def add_holidays_option(p: argparse.ArgumentParser, purpose: str = "补充官方日历未知的年份") -> None:
    p.add_argument("--holidays", type=Path, action="append", default=[],
                   help=f"节假日安排 YAML（{purpose}），可多次给出")


def input_options(a: argparse.Namespace) -> dict:
    """Keyword arguments of load_casefiles from the parsed options."""
    from casereview.casefiles.loader import sheet_choices      # pandas only when a command reads input
    return {"mapping": a.mapping, "sheets": sheet_choices(a.sheet)}
