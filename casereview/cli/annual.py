"""`casereview annual INPUT --year YYYY [--unit U] --out DIR`: the 行政执法统计年报 (.docx, .html, .csv)."""
from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.input_options import add_holidays_option, add_input_options, input_options
from casereview.errors import UsageError
from casereview.cli.parser import EXIT_CODES, iso_date


def register(subparsers) -> None:

    p = subparsers.add_parser("annual", help="生成行政执法统计年报（.docx、.html 和数据 CSV）", epilog=EXIT_CODES,
                              description="按决定日期统计某一年度的行政执法决定，生成统计年报（含情况说明，不超过 2000 字）。"
                                          "三项制度合规率来自对该年度案件的评查。年报只含统计数字，不含当事人姓名和证件号码。")
    p.add_argument("input", help="输入：.xlsx 工作簿、CSV/Parquet 文件夹、.jsonl 文件，或数据库 URL")
    p.add_argument("--year", type=int, required=True, help="统计年度，如 2025")
    p.add_argument("--unit", default=None, help="单位编码或名称（含其下级单位）；不给出时统计全部单位并附分单位表")
    p.add_argument("--body", default=None, help="年报中的填报单位名称（默认为所选单位名称或“全部单位”）")
    p.add_argument("--as-of", type=iso_date, default=None, help="评查日 YYYY-MM-DD（默认为统计年度次年 1 月 1 日）")
    p.add_argument("--pack", default=None, help="规则包 YAML 路径或名称（默认标准包 三项制度）")
    p.add_argument("--overlay", action="append", default=[], help="叠加包名称或路径，可多次给出，如 police")
    add_input_options(p)
    add_holidays_option(p)
    p.add_argument("--out", type=Path, required=True, help="输出目录（不存在时创建）")
    p.set_defaults(func=cmd_annual)


def cmd_annual(a: argparse.Namespace) -> int:
    from casereview.casefiles.loader import load_casefiles
    from casereview.casefiles.workdays import WorkCalendar
    from casereview.engine.model.pack import load_pack
    from casereview.reports.annual import annual_figures, resolve_scope, review_year, write_annual
    from casereview.reports.mask import mask_text
    from casereview.rules import STANDARD_PACK

    if not 1900 <= a.year <= 2999:
        raise UsageError(f"--year 须为四位年份：{a.year}")
    if a.out.exists() and not a.out.is_dir():
        raise UsageError(f"输出位置 {a.out} 已存在且不是目录")
    loaded = load_pack(a.pack or STANDARD_PACK, a.overlay)
    cfs = load_casefiles(a.input, **input_options(a))
    scope = resolve_scope(cfs, a.unit)
    result = review_year(cfs, loaded, a.year, scope, as_of=a.as_of, calendar=WorkCalendar.official(a.holidays))
    fig = annual_figures(cfs, a.year, a.unit, result, body=a.body)
    for path in write_annual(fig, a.out):
        print(f"已写出 {path}")
    print(f"{a.year}年：{mask_text(fig['body'])}共作出行政执法决定 {fig['decided']} 件，其中行政处罚 {fig['penalty_cases']} 件")
    return 0
