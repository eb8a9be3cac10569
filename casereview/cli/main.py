"""Command line: a thin client of the Python API (review, generate, rules)."""
from __future__ import annotations

import argparse
import os
import sys
from contextlib import nullcontext
from datetime import date
from pathlib import Path

from casereview.cli.input_options import add_holidays_option, add_input_options, input_options
from casereview.cli import (annual, diff, due, history, inspect, report, rules_lint, rules_test, sample, serve,
                            users)
from casereview.cli.parser import EXIT_CODES, ChineseArgumentParser, iso_date
from casereview.errors import CaseReviewError, UsageError



def _review_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="输入：.xlsx 工作簿、CSV/Parquet 文件夹、.jsonl 文件，或数据库 URL（如 sqlite:///a.db）")
    p.add_argument("--out", required=True, type=Path, help="输出目录（须不存在或为空）")
    p.add_argument("--as-of", type=iso_date, default=None, help="评查日 YYYY-MM-DD（默认今天）")
    from casereview.engine.backends.registry import BACKENDS

    engines = "；".join(f"{name} {b.label}" for name, b in BACKENDS.items())
    p.add_argument("--engine", default="vector", choices=list(BACKENDS),
                   help=f"规则引擎（默认 vector）：{engines}")
    p.add_argument("--scheduler", default=None,
                   help="Dask 调度器地址，如 tcp://10.0.0.5:8786：--engine dask 时在该集群上评查（默认在本机启动 "
                        "LocalCluster）；分块评查时每块的读入、校验、评查和写出都在集群的工作进程上进行，任何引擎均可，"
                        "多台机器须把输入和输出目录放在共享存储上（见 docs/dask.md）")
    p.add_argument("--pack", default=None, help="规则包 YAML 路径或名称（默认标准包 三项制度）")
    p.add_argument("--overlay", action="append", default=[], help="叠加包名称或路径，可多次给出，如 police")
    p.add_argument("--overlay-for", action="append", default=[], metavar="执法领域=叠加包",
                   help="按单位表的执法领域选用叠加包，如 --overlay-for 公安=police（多个叠加包用逗号分隔），可多次给出；"
                        "其他单位按 --overlay 评查")
    p.add_argument("--packs", type=Path, default=None, metavar="分配.yaml",
                   help="规则包分配文件（YAML）：default、by_field（执法领域）、by_unit（单位编码）各自的叠加包，"
                        "见 docs/rules.md")
    add_input_options(p)
    add_holidays_option(p)
    p.add_argument("--db", default=None,
                   help="评查历史数据库：SQLite 文件路径或数据库 URL（如 postgresql://host/db）；给出时把本次评查存入其中")
    p.add_argument("--quiet", action="store_true", help="只输出摘要（不显示进度条）")
    p.add_argument("--chunk-size", type=int, default=None, metavar="N",
                   help="分块评查：每块 N 件案件，内存随块大小而非案件总数增长（仅 Parquet 文件夹；"
                        "超过 5 万件的 Parquet 输入自动按 5 万件一块）")
    p.add_argument("--format", default="csv", choices=["csv", "parquet"], dest="findings_format",
                   help="逐案评查结果的文件格式（默认 csv）：csv 写 findings.csv；parquet 写 findings.parquet"
                        "（列与 findings.csv 相同，体积小、读取快），不再写 findings.csv")
    p.add_argument("--workers", type=int, default=None, metavar="K",
                   help="分块评查时同时评查的进程数（默认每核一个，不多于块数，并按可用内存减少：每 5 万件一块约 1.25 GiB）；"
                        "结果与单进程完全相同，内存随块大小乘以进程数增长；"
                        "--engine dask 分块评查时为本机 LocalCluster 的工作进程数（默认每核一个）")


def cmd_review(a: argparse.Namespace) -> int:
    from casereview.casefiles.loader import load_casefiles
    from casereview.casefiles.workdays import WorkCalendar
    from casereview.engine.model.pack import load_pack
    from casereview.engine.run.review import review
    from casereview.cli.progress import StageProgress
    from casereview.reports.run_folder import check_out_dir, write_run
    from casereview.rules import STANDARD_PACK

    check_out_dir(a.out)
    by_chain = bool(a.packs or a.overlay_for)
    plan = None
    if by_chain:
        from casereview.engine.run.chains import plan_from_options
        plan = plan_from_options(a.overlay, a.overlay_for, a.packs)
        if a.chunk_size is not None or a.db:
            raise UsageError("按执法领域分配规则包（--packs / --overlay-for）暂不支持分块评查（--chunk-size）"
                             "和存入评查历史（--db）")
    chunk = None if by_chain else _chunk_size(a)
    if (a.workers or 1) > 1 and not chunk:
        raise UsageError("多进程评查（--workers）只用于分块评查：请同时给出 --chunk-size（仅 Parquet 文件夹）")
    loaded = load_pack(a.pack or STANDARD_PACK, plan.default if plan else a.overlay)
    cal = WorkCalendar.official(a.holidays)
    history = None
    if a.db:     # a 'running' row first: a run killed before the end is never shown complete
        from casereview.history import RunRecorder
        history = RunRecorder.start(a.db, source=a.input, as_of=a.as_of or date.today(), engine=a.engine, out=a.out)
    with StageProgress(quiet=a.quiet) as progress, history or nullcontext():
        if chunk:
            from casereview.engine.run.heap import keep_freed_memory
            from casereview.reports.stream_writer import stream_review
            keep_freed_memory()     # this process reviews chunk after chunk, then exits
            result = stream_review(a.input, loaded, a.as_of or date.today(), a.out, chunk_size=chunk,
                                   engine=a.engine, calendar=cal, scheduler=a.scheduler, mapping=a.mapping,
                                   progress=progress, extra_writers=review_writers(),
                                   before_publish=history and history.finish, workers=_workers(a, chunk),
                                   findings_format=a.findings_format)
            n = len(result.cases)
        else:
            progress("load", 0, None)
            cfs = load_casefiles(a.input, **input_options(a))
            n = len(cfs.tables["cases"])
            progress("load", n, n)
            if plan is not None:
                from casereview.engine.run.chains import assign_chains
                from casereview.engine.run.review_chains import review_by_chain
                chains = assign_chains(cfs, plan, a.pack or STANDARD_PACK,
                                       loader=lambda base, overlays: loaded if tuple(overlays) == plan.default
                                       else load_pack(base, overlays))
                result = review_by_chain(cfs, chains, a.as_of or date.today(), engine=a.engine, calendar=cal,
                                         scheduler=a.scheduler, progress=progress)
            else:
                result = review(cfs, loaded, a.as_of or date.today(), engine=a.engine, calendar=cal,
                                scheduler=a.scheduler, progress=progress)
            progress("write", 0, n)
            write_run(result, a.out, extra_writers=review_writers(), before_publish=history and history.finish,
                      findings_format=a.findings_format)
        progress("write", n, n)
    print(summary(result, a.out))
    if history:
        print(history.message())
    return 0


def _chunk_size(a: argparse.Namespace) -> int | None:
    """Cases per chunk for a streaming review: --chunk-size, or automatic for a big Parquet folder."""
    if a.workers is not None and a.workers < 1:
        raise UsageError(f"--workers 须为正整数：{a.workers}")
    if a.chunk_size is not None:
        if a.chunk_size < 1:
            raise UsageError(f"--chunk-size 须为正整数：{a.chunk_size}")
        return a.chunk_size
    from casereview.engine.run.stream import AUTO_STREAM_CASES, DEFAULT_CHUNK
    n = _parquet_cases(a)
    return DEFAULT_CHUNK if n is not None and n > AUTO_STREAM_CASES else None


def _parquet_cases(a: argparse.Namespace) -> int | None:
    """Cases in the input when it is a Parquet folder (as --mapping names its files) that can be streamed; None
    otherwise (a one-row-per-act table is read whole)."""
    from casereview.casefiles.chunks import parquet_cases
    from casereview.casefiles.loader import load_mapping
    if "://" in str(a.input):
        return None
    names = load_mapping(a.mapping) if a.mapping else None
    if names is not None and names.flat:
        return None
    return parquet_cases(Path(a.input), names)


def _workers(a: argparse.Namespace, chunk: int) -> int:
    """--workers, or for a streamed review without it one process per core (as memory allows), no more than
    the input has chunks; 1 on Dask, where it means a LocalCluster of one worker per core."""
    from casereview.engine.run.stream_dask import on_dask
    from casereview.engine.run.stream_pool import auto_workers
    if a.workers is not None:
        return a.workers
    if on_dask(a.engine, a.scheduler):
        return 1
    n = _parquet_cases(a)
    return auto_workers(chunk, chunks=None if n is None else -(-n // chunk))


def review_writers() -> list:
    """Files written into the run folder beside the CSVs (due.csv among them): each `writer(run, folder)`,
    reading only the Run."""
    from casereview.reports.html import html_writer
    from casereview.reports.workbook import workbook_writer
    return [workbook_writer, html_writer]


def summary(result, out: Path) -> str:
    info, cases, f = result.info, result.cases, result.findings
    counts = info["counts"]
    lines = [f"评查完成：{info['pack']['title']}，评查日 {info['as_of']}，引擎 {info['engine']}"]
    chains = info["pack"].get("chains") or []      # units judged by several pack chains (--overlay-for, --packs)
    if chains:
        lines.append("各单位所用规则包：" + "；".join(f"{c['label']} {c['cases']} 件（{len(c['units'])} 个单位）"
                                              for c in chains))
    lines += [f"规则包警告：{w}" for w in info["pack"].get("warnings", [])]
    lines += [f"输入警告：{w}" for w in info.get("input", {}).get("warnings", [])]
    c = counts.get("cases", {})
    later = sum(t.get("after_as_of", 0) for t in counts.values())
    apart = f"；晚于评查日、不在本次评查范围的案件和记录共 {later} 条，见 after_as_of.csv" if later else ""
    lines.append(f"案件：读入 {c.get('in', 0)}，评查 {c.get('evaluated', 0)}，拒收 {c.get('rejected', 0)}"
                 f"，晚于评查日 {c.get('after_as_of', 0)}（数据问题共 {len(result.rejects)} 条，见 rejects.csv{apart}）")
    oc = f["outcome"].value_counts()
    lines.append("结论：" + "，".join(f"{label} {int(oc.get(k, 0))}" for k, label in
                                    (("pass", "合规"), ("fail", "不合规"), ("na", "不适用"), ("unknown", "无法判定"))))
    if len(cases):
        grades = cases["grade"].value_counts()
        order = [g.name for g in result.grading.grades] if result.grading else list(grades.index)
        lines.append(f"平均分 {cases['score'].mean():.1f}；" + "，".join(f"{g} {int(grades.get(g, 0))}" for g in order)
                     + f"；否决 {int(cases['vetoed'].sum())} 件；待核实 {int(cases['needs_check'].sum())} 件")
    lines.append(f"结果已写入 {out}")
    return "\n".join(lines)


def cmd_generate(a: argparse.Namespace) -> int:
    from casereview.casefiles.generate import generate_tables
    from casereview.casefiles.writers import write_tables

    if a.out.exists() and (a.out.is_file() or any(a.out.iterdir())):
        raise UsageError(f"输出位置 {a.out} 已存在且不为空")
    tables, truth = generate_tables(a.cases, a.seed)
    a.out.mkdir(parents=True, exist_ok=True)
    name = {"xlsx": "casefiles.xlsx", "jsonl": "cases.jsonl", "sqlite": "casefiles.db"}.get(a.format, "tables")
    dest = a.out / name
    write_tables(tables, dest, a.format, headers=a.headers, encoding=a.encoding)
    truth.to_csv(a.out / "truth.csv", index=False, encoding="utf-8-sig")
    print(f"已生成 {a.cases} 件案卷（种子 {a.seed}）：{dest}；标准答案：{a.out / 'truth.csv'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="casereview", description="案卷评查引擎：按行政执法“三项制度”批量评查案卷",
                                epilog=EXIT_CODES)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("review", help="评查一批案卷，写出结果目录", epilog=EXIT_CODES)
    _review_args(r)
    r.set_defaults(func=cmd_review)
    g = sub.add_parser("generate", help="生成带注入问题和标准答案的模拟案卷", epilog=EXIT_CODES)
    g.add_argument("--cases", type=int, required=True, help="案件数")
    g.add_argument("--seed", type=int, default=1, help="随机种子（相同种子生成相同数据）")
    g.add_argument("--format", default="xlsx", choices=["xlsx", "csv", "parquet", "jsonl", "sqlite"], help="输出格式")
    g.add_argument("--headers", default="zh", choices=["zh", "en"], help="表名和列名用中文或英文")
    g.add_argument("--encoding", default="utf-8-sig", help="CSV 编码（utf-8-sig 或 gb18030）")
    g.add_argument("--out", type=Path, required=True, help="输出目录")
    g.set_defaults(func=cmd_generate)
    _register_all(sub, _TOP_COMMANDS)
    rules = sub.add_parser("rules", help="规则包：测试、检查、查看", epilog=EXIT_CODES)
    _register_all(rules.add_subparsers(dest="rules_command", required=True), _RULES_COMMANDS)
    return p


# Each command module defines register(subparsers) adding its commands.
_TOP_COMMANDS = (report, due, annual, diff, sample, history, inspect, serve, users)
_RULES_COMMANDS = (rules_lint, rules_test)


def _register_all(subparsers, modules) -> None:
    for module in modules:
        module.register(subparsers)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CaseReviewError as e:
        print(str(e), file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
