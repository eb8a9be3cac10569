"""`casereview sample INPUT --per-unit N --seed S [--by case_type] --out FILE.xlsx`: a reproducible 抽查 sample."""
from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.input_options import add_input_options, input_options
from casereview.errors import UsageError
from casereview.cli.parser import EXIT_CODES


def register(subparsers) -> None:
    from casereview.casefiles.sampling import STRATA_CHOICES

    p = subparsers.add_parser("sample", help="分层随机抽取案卷供人工抽查，写出抽样工作簿", epilog=EXIT_CODES,
                              description="按办案单位（可再按执法类别等）分层，每层随机抽取 N 件案卷（不足 N 件全取），"
                                          "写出 抽样清单 与 抽样说明 两个工作表。同一输入和同一种子总得到同一样本，"
                                          "与输入中行的顺序无关。清单不含当事人姓名、证件号码。")
    p.add_argument("input", help="输入：.xlsx 工作簿、CSV/Parquet 文件夹、.jsonl 文件，或数据库 URL")
    p.add_argument("--per-unit", type=int, required=True, help="每个分层抽取的案件数 N")
    p.add_argument("--seed", type=int, required=True, help="抽样种子（非负整数；相同种子得到相同样本）")
    p.add_argument("--by", action="append", default=[], choices=list(STRATA_CHOICES),
                   help="在办案单位之外再按此列分层，可多次给出（case_type 执法类别、case_subtype 案件细类、"
                        "procedure 程序类型）")
    p.add_argument("--out", type=Path, required=True, help="输出工作簿路径（.xlsx，须不存在）")
    p.add_argument("--review", type=Path, default=None, help="评查结果目录：给出时清单附上每件抽中案卷的得分和等级")
    add_input_options(p)
    p.set_defaults(func=cmd_sample)


def cmd_sample(a: argparse.Namespace) -> int:
    from casereview.casefiles.loader import load_casefiles
    from casereview.casefiles.sampling import stratified_sample
    from casereview.reports.from_run import load_run, text
    from casereview.reports.sample_book import write_sample_workbook

    if a.out.suffix.lower() != ".xlsx":
        raise UsageError(f"--out 须为 .xlsx 文件：{a.out}")
    if a.out.exists():
        raise UsageError(f"输出文件 {a.out} 已存在；请换一个文件名或先删除它")
    run = load_run(a.review) if a.review is not None else None
    cfs = load_casefiles(a.input, **input_options(a))
    sample = stratified_sample(cfs.tables["cases"], a.per_unit, a.seed, tuple(dict.fromkeys(a.by)))
    units = cfs.tables.get("units")
    names = {} if units is None else {text(k): text(v) for k, v in zip(units["unit_id"], units["name"])}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    write_sample_workbook(sample, a.out, source=cfs.source, unit_names=names, run=run, run_folder=a.review)
    total = int(sample.strata["population"].sum())
    print(f"已从 {len(sample.strata)} 个分层共 {total} 件案卷中抽取 {len(sample.cases)} 件（种子 {a.seed}，"
          f"每层 {a.per_unit} 件）：{a.out}")
    return 0
