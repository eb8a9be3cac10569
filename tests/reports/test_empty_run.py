"""A review of no cases still gets a workbook and an HTML report (headers only, no charts to draw)."""
from __future__ import annotations

from datetime import date

import openpyxl

from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.reports.from_run import load_run
from casereview.reports.html import HTML_NAME, html_writer, render_html
from casereview.reports.run_folder import write_run
from casereview.reports.workbook import WORKBOOK_NAME, workbook_writer
from casereview.rules import STANDARD_PACK


def test_no_cases(tmp_path):
    src = tmp_path / "input"
    src.mkdir()
    (src / "cases.csv").write_text("case_id,unit_id,case_type\n", encoding="utf-8")
    result = review(load_casefiles(src), load_pack(STANDARD_PACK), date(2026, 11, 20))
    run = write_run(result, tmp_path / "run", extra_writers=[workbook_writer, html_writer])
    book = openpyxl.load_workbook(run / WORKBOOK_NAME)
    assert book["案卷"].max_row == 1 and book["问题清单"].max_row == 1
    summary = {r[0]: r[1] for r in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["案件评查"] == 0 and summary["平均分"] is None
    page = (run / HTML_NAME).read_text(encoding="utf-8")
    assert "案卷评查报告" in page and "未发现不合规或无法判定的评查项" in page
    assert render_html(load_run(run)) == page
