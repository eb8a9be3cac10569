"""`casereview report RUN [--xlsx] [--html]`: the workbook and the HTML report rebuilt from a finished run folder."""
from __future__ import annotations

import argparse
from pathlib import Path
from casereview.cli.parser import EXIT_CODES


def register(subparsers) -> None:

    p = subparsers.add_parser("report", help="由评查结果目录生成评查结果工作簿（xlsx）和 HTML 报告", epilog=EXIT_CODES,
                              description="读取 casereview review 写出的结果目录（CSV 与 run.json），生成"
                                          "评查结果.xlsx 和/或 评查报告.html。两个选项都不给时两者都生成。")
    p.add_argument("run", type=Path, help="评查结果目录（含 run.json）")
    p.add_argument("--xlsx", action="store_true", help="生成评查结果工作簿 评查结果.xlsx")
    p.add_argument("--html", action="store_true", help="生成 HTML 报告 评查报告.html")
    p.add_argument("--out", type=Path, default=None, help="输出目录（默认写入结果目录本身）")
    p.set_defaults(func=cmd_report)


def cmd_report(a: argparse.Namespace) -> int:
    from casereview.reports.from_run import load_run
    from casereview.reports.html import HTML_NAME, write_html
    from casereview.reports.workbook import WORKBOOK_NAME, write_workbook

    result = load_run(a.run)
    out = a.out or a.run
    out.mkdir(parents=True, exist_ok=True)
    both = not (a.xlsx or a.html)
    written = []
    if a.xlsx or both:
        written.append(write_workbook(result, out / WORKBOOK_NAME))
    if a.html or both:
        written.append(write_html(result, out / HTML_NAME))
    for path in written:
        print(f"已写出 {path}")
    return 0
