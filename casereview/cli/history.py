"""`casereview history list|show`: the runs stored by `review --db`, listed, summarised or written back."""
from __future__ import annotations

import argparse
from pathlib import Path
from casereview.cli.parser import EXIT_CODES

STATUS_LABELS = {"running": "未完成", "complete": "完成", "failed": "失败"}
_LIST_COLUMNS = {"id": "编号", "status": "状态", "started_at": "开始时间（UTC）", "pack_id": "规则包",
                 "pack_version": "版本", "as_of": "评查日", "engine": "引擎", "cases_in": "案件数",
                 "findings_count": "结论数", "input_source": "输入"}


def register(subparsers) -> None:

    h = subparsers.add_parser("history", help="评查历史：列出或查看 review --db 存入数据库的评查", epilog=EXIT_CODES)
    sub = h.add_subparsers(dest="history_command", required=True)
    db_help = "评查历史数据库：SQLite 文件路径或数据库 URL（如 postgresql://host/db）"
    ls = sub.add_parser("list", help="列出数据库中的全部评查（最新在前）", epilog=EXIT_CODES)
    ls.add_argument("--db", required=True, help=db_help)
    ls.set_defaults(func=cmd_list)
    show = sub.add_parser("show", help="查看一次评查的摘要；给出 --out 时把它写回为评查结果目录", epilog=EXIT_CODES)
    show.add_argument("run_id", type=int, help="评查编号（见 history list）")
    show.add_argument("--db", required=True, help=db_help)
    show.add_argument("--out", type=Path, default=None, help="把这次评查写回为结果目录（CSV 与 run.json；须不存在或为空）")
    show.set_defaults(func=cmd_show)


def cmd_list(a: argparse.Namespace) -> int:
    from casereview.history import list_runs, shown_url

    runs = list_runs(a.db)
    if runs.empty:
        print(f"{shown_url(a.db)} 中还没有评查记录")
        return 0
    table = runs[list(_LIST_COLUMNS)].copy()
    table["status"] = table["status"].map(lambda s: STATUS_LABELS.get(s, s))
    table["started_at"] = table["started_at"].map(lambda t: t.strftime("%Y-%m-%d %H:%M:%S") if t else "")
    table = table.astype(object).where(table.notna(), "").rename(columns=_LIST_COLUMNS)
    print(table.to_string(index=False))
    return 0


def cmd_show(a: argparse.Namespace) -> int:
    from casereview.history import read_run
    from casereview.reports.from_run import headline, text
    from casereview.reports.run_folder import check_out_dir, write_run

    if a.out is not None:
        check_out_dir(a.out)
    result = read_run(a.db, a.run_id)
    print(f"评查记录 {a.run_id}")
    for label, value in headline(result):
        print(f"{label}：{text(value)}")
    if a.out is not None:
        write_run(result, a.out)
        print(f"已写回结果目录 {a.out}")
    return 0
