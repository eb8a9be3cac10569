"""`casereview due INPUT --as-of DATE`: obligations not yet met (预警) and overdue ones, most urgent first."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from casereview.cli.input_options import add_holidays_option, add_input_options, input_options
from casereview.errors import UsageError
from casereview.cli.parser import EXIT_CODES, iso_date


def register(subparsers) -> None:

    p = subparsers.add_parser(
        "due", help="预警：列出尚未履行、期限未届满的义务及已逾期事项", epilog=EXIT_CODES,
        description="按与评查相同的事实、节假日日历和规则包参数，列出每件案卷尚未履行的公示、送达、撤回公示、"
                    "办案期限及重大执法决定法制审核：期限、剩余工作日、办案单位和承办人；已逾期事项单列。"
                    "日历未覆盖期限所在年份时标为“无法判定”。")
    p.add_argument("input", help="输入：.xlsx 工作簿、CSV/Parquet 文件夹、.jsonl 文件，或数据库 URL")
    p.add_argument("--as-of", type=iso_date, default=None, help="评查日 YYYY-MM-DD（默认今天）")
    p.add_argument("--within", type=int, default=None, metavar="N",
                   help="只列出 N 个工作日内到期的待办事项（已逾期和无法判定的始终列出）")
    p.add_argument("--unit", default=None, help="只列出该单位（单位编码或名称）")
    p.add_argument("--pack", default=None, help="规则包 YAML 路径或名称（默认标准包 三项制度）")
    p.add_argument("--overlay", action="append", default=[], help="叠加包名称或路径，可多次给出，如 police")
    add_input_options(p)
    add_holidays_option(p)
    p.add_argument("--out", type=Path, default=None,
                   help="把 预警清单.csv 和 逾期清单.csv 写入该目录（给出 .csv 文件名时写入其所在目录）")
    p.set_defaults(func=cmd_due)


def compute_due(source, *, as_of: date, pack=None, overlays=(), mapping=None, holidays=(), sheets=None):
    """The due list of an input, as of a date: facts, calendar and pack exactly as `review` uses them
    (cases and records after the as-of date set apart first, as `review` does)."""
    from casereview.casefiles.asof import cut_at
    from casereview.engine.facts.derive import derive_case_facts, derive_unit_facts
    from casereview.casefiles.loader import load_casefiles
    from casereview.casefiles.workdays import WorkCalendar
    from casereview.engine.run.due import due_items
    from casereview.engine.model.pack import load_pack
    from casereview.rules import STANDARD_PACK

    loaded = load_pack(pack or STANDARD_PACK, list(overlays))
    cal = WorkCalendar.official(holidays)
    cfs = cut_at(load_casefiles(source, mapping=mapping, sheets=sheets), as_of)
    facts = derive_case_facts(cfs, loaded.params, as_of, cal, loaded.conditions("case"))
    units = derive_unit_facts(cfs, loaded.params)
    return due_items(facts, loaded, as_of, cal, dict(zip(units["unit_id"], units["unit_name"])))


def cmd_due(a: argparse.Namespace) -> int:
    from casereview.engine.run.due import select
    from casereview.reports.due_output import write_due_csvs

    if a.within is not None and a.within < 0:
        raise UsageError(f"--within 须为不小于 0 的整数：{a.within}")
    folder = None if a.out is None else a.out.parent if a.out.suffix.lower() == ".csv" else a.out
    if folder is not None and folder.exists() and not folder.is_dir():
        raise UsageError(f"输出位置 {folder} 已存在且不是目录")
    as_of = a.as_of or date.today()
    due = compute_due(a.input, as_of=as_of, pack=a.pack, overlays=a.overlay, holidays=a.holidays,
                      **input_options(a))
    due = select(due, a.within, a.unit)
    show(due, as_of)
    if folder is not None:
        for path in write_due_csvs(due, folder):
            print(f"已写出 {path}")
    return 0


def show(due, as_of: date) -> None:
    """A rich table on a terminal, plain tab-separated text otherwise."""
    from rich.console import Console
    from rich.table import Table

    from casereview.engine.run.due import OPEN_OVERDUE, OVERDUE, UNKNOWN, count_line
    from casereview.reports.due_output import LABELS, for_people

    print(f"预警（评查日 {as_of}）：{count_line(due)}")
    keys = ["status", "case_id", "unit_name", "handlers", "obligation", "rule_id", "due_date", "workdays_left",
            "calendar_days_left", "note"]
    rows = for_people(due)[keys].astype(object)
    rows = rows.where(rows.notna(), "").astype(str)
    if not sys.stdout.isatty():
        print("\t".join(LABELS[k] for k in keys))
        for r in rows.itertuples(index=False):
            print("\t".join(r))
        return
    table = Table(show_lines=False)
    for k in keys:           # identifiers, dates and counts never wrap; the text columns give way
        table.add_column(LABELS[k], no_wrap=k in ("status", "case_id", "rule_id", "due_date", "workdays_left",
                                                  "calendar_days_left"))
    style = {OVERDUE: "red", OPEN_OVERDUE: "red", UNKNOWN: "yellow"}
    for r in rows.itertuples(index=False):
        table.add_row(*r, style=style.get(r[0]))
    Console().print(table)
