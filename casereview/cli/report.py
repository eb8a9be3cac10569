"""`casereview report RUN [--xlsx] [--html] [--case-sheets] [--notices]`: the documents of a finished run folder —
the workbook, the HTML report, 评查表 (one page per case) and 整改通知书 / 评查情况通报."""
from __future__ import annotations

import argparse
from pathlib import Path

from casereview.cli.input_options import add_holidays_option, add_input_options
from casereview.cli.parser import EXIT_CODES, iso_date


def register(subparsers) -> None:

    p = subparsers.add_parser("report", help="由评查结果目录生成评查结果工作簿、HTML 报告、评查表、整改通知书和评查情况通报",
                              epilog=EXIT_CODES,
                              description="读取 casereview review 写出的结果目录（CSV 与 run.json），生成"
                                          "评查结果.xlsx 和/或 评查报告.html（不给任何文档选项时两者都生成）；"
                                          "--case-sheets 生成每案一页的评查表，--notices 生成各单位整改通知书和评查情况通报。")
    p.add_argument("run", type=Path, help="评查结果目录（含 run.json）")
    p.add_argument("--xlsx", action="store_true", help="生成评查结果工作簿 评查结果.xlsx")
    p.add_argument("--html", action="store_true", help="生成 HTML 报告 评查报告.html")
    p.add_argument("--case-sheets", action="store_true",
                   help="生成评查表：每件案卷一页 A4，每个单位一个 .docx（评查表/ 目录），装有 LibreOffice 时同时生成 PDF")
    p.add_argument("--notices", action="store_true",
                   help="生成各单位整改通知书（整改通知书/ 目录，.docx）和全部单位的 评查情况通报.docx")
    p.add_argument("--unit", default=None,
                   help="只为这个单位（编码或名称）生成评查表和整改通知书；给出时不生成评查情况通报")
    p.add_argument("--notice-date", type=iso_date, default=None,
                   help="整改通知书和通报的落款日期，整改期限由此起算，YYYY-MM-DD（默认为评查日）")
    p.add_argument("--due-days", type=int, default=None,
                   help="整改期限（工作日数，按节假日日历计算；默认取规则包参数 notice_due_working_days，没有时为 15）")
    p.add_argument("--max-chars", type=int, default=None,
                   help="整改通知书和通报正文（不含附件和表格）的字数上限（默认取规则包参数 notice_max_chars，没有时为 1500）")
    p.add_argument("--input", default=None,
                   help="评查时的输入（评查表表头中的承办人姓名、当事人、日期取自它；默认为 run.json 记录的输入，"
                        "须与评查时内容一致）")
    add_input_options(p)
    add_holidays_option(p, "评查时用过的，计算整改期限时同样提供")
    p.add_argument("--issuer", default=None,
                   help="署名的评查组织单位（整改通知书、评查情况通报落款），如 “××市司法局”；默认留出盖章位置")
    p.add_argument("--no-pdf", action="store_true", help="评查表只生成 .docx，不转 PDF")
    p.add_argument("--out", type=Path, default=None, help="输出目录（默认写入结果目录本身）")
    p.set_defaults(func=cmd_report)


def cmd_report(a: argparse.Namespace) -> int:
    from casereview.casefiles.workdays import WorkCalendar
    from casereview.cli.input_options import input_options
    from casereview.errors import UsageError
    from casereview.reports import paper
    from casereview.reports.from_run import load_for_reports, load_run
    from casereview.reports.html import HTML_NAME, write_html
    from casereview.reports.workbook import WORKBOOK_NAME, write_workbook

    paper_wanted = a.case_sheets or a.notices
    # the workbook and HTML need only the problems: findings.csv is scanned for them, never loaded whole
    result = load_run(a.run) if paper_wanted else load_for_reports(a.run)
    out = a.out or a.run
    if out.exists() and not out.is_dir():
        raise UsageError(f"输出位置 {out} 已存在且不是目录")
    out.mkdir(parents=True, exist_ok=True)
    if not paper_wanted and (a.unit or a.notice_date or a.due_days is not None or a.max_chars is not None or a.issuer):
        raise UsageError("--unit、--notice-date、--due-days、--max-chars、--issuer 只与 --case-sheets 或 --notices 一起使用")
    both = not (a.xlsx or a.html or paper_wanted)
    written, notes = [], []
    if a.xlsx or both:
        written.append(write_workbook(result, out / WORKBOOK_NAME))
    if a.html or both:
        written.append(write_html(result, out / HTML_NAME))
    if paper_wanted:
        units = paper.select_units(result, a.unit)
        heads = paper.case_heads(result, a.input, **input_options(a))
        if heads.note:
            notes.append(heads.note)
        if a.case_sheets:
            files, more = paper.write_case_sheet_files(result, out, heads, units, pdf=not a.no_pdf)
            written += files
            notes += more
        if a.notices:
            settings = paper.notice_settings(result, notice_date=a.notice_date, due_days=a.due_days,
                                             max_chars=a.max_chars, calendar=WorkCalendar.official(a.holidays),
                                             issuer=a.issuer)
            notes += settings.notes
            written += paper.write_notice_files(result, out, heads, settings, units, bulletin=a.unit is None)
            due = settings.due_text() if settings.due_date else f"无法确定：{settings.due_unknown}"
            notes.append(f"整改期限 {settings.due_days} 个工作日（{settings.origin['due_days']}），自 "
                         f"{settings.notice_date} 起算，截止 {due}；正文字数上限 {settings.max_chars} 字"
                         f"（{settings.origin['max_chars']}）")
    for path in written:
        print(f"已写出 {path}")
    for note in notes:
        print(f"说明：{note}")
    return 0
