"""`casereview diff RUN_A RUN_B [--out DIR]`: what a re-review fixed, found new, and still finds failing."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from casereview.cli.parser import EXIT_CODES


def register(subparsers) -> None:

    p = subparsers.add_parser("diff", help="复查对比：比较两次评查结果目录（已整改、新增问题、仍未整改）", epilog=EXIT_CODES,
                              description="按案件×规则、单位×规则比较前次评查（RUN_A）与复查（RUN_B）的结论："
                                          "已整改（不合规→合规/不适用）、新增问题（合规/不适用/无→不合规）、"
                                          "仍未整改（不合规→不合规）、待核实变化（与无法判定之间的变化）、"
                                          "案件新增/案件移除；并列出每件案卷得分和等级、每个单位分制度合规率的前后变化。"
                                          "两次评查所用规则包不同时拒绝对比（退出码 4）。")
    p.add_argument("run_a", type=Path, help="前次评查结果目录（含 run.json）")
    p.add_argument("run_b", type=Path, help="复查评查结果目录（含 run.json）")
    p.add_argument("--out", type=Path, default=None,
                   help="输出目录（须不存在或为空）：写出 复查对比_*.csv 和 复查对比.xlsx")
    p.add_argument("--allow-different-packs", action="store_true",
                   help="允许对比使用不同规则包（编号、版本或内容不同）的两次评查")
    p.set_defaults(func=cmd_diff)


def cmd_diff(a: argparse.Namespace) -> int:
    from casereview.reports.diff import diff_folders
    from casereview.reports.diff_book import write_diff
    from casereview.reports.diff_table import render

    diff = diff_folders(a.run_a, a.run_b, allow_different_packs=a.allow_different_packs)
    for warning in diff.warnings:
        print(f"提示：{warning}", file=sys.stderr)
    render(diff)
    if a.out is not None:
        for path in write_diff(diff, a.out):
            print(f"已写出 {path}")
    return 0
