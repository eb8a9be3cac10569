"""评查结果.xlsx as it prints (LibreOffice → PDF, converted once): A4 landscape, every sheet one page wide,
the sample's summary sheets in a few pages, 问题清单 with all its columns on every page; and no internal name
in any cell of the workbook or text of the HTML report.

Pages per sheet: every printed page carries the sheet's name at the top right (page header &A), so the pages
of a sheet are counted from the PDF's own text, with no second conversion."""
from __future__ import annotations

import re

import openpyxl
import pytest

from casereview.reports.html import HTML_NAME
from casereview.reports.office import office_command, to_pdf
from casereview.reports.workbook import WORKBOOK_NAME
from tests.pdf_pages import is_a4, keep_page_images, page_sizes_mm, page_texts
from tests.reports.internal_names import html_texts, internal_names, workbook_texts

pytestmark = pytest.mark.skipif(office_command() is None, reason="LibreOffice 未安装")

DETAIL_SHEETS = ("问题清单", "案卷")
MAX_SUMMARY_PAGES = 15


@pytest.fixture(scope="module")
def printed(sample_run, tmp_path_factory):
    pdf = to_pdf(sample_run.folder / WORKBOOK_NAME, tmp_path_factory.mktemp("workbook-pdf"))
    keep_page_images(pdf, "paper", 1, 2)
    return pdf


@pytest.fixture(scope="module")
def pages(printed, sample_run) -> dict[str, list[str]]:
    """Sheet name → the text of each of its pages, from the sheet name in each page's header line."""
    names = openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME, read_only=True).sheetnames
    out: dict[str, list[str]] = {n: [] for n in names}
    for text in page_texts(printed):
        first = next(line for line in text.splitlines() if line.strip())
        out[first.split()[-1]].append(text)
    return out


def test_every_page_is_a4_landscape(printed):
    sizes = page_sizes_mm(printed)
    assert sizes and all(is_a4(s) and s[0] > s[1] for s in sizes)


def test_every_sheet_prints_and_the_summary_sheets_are_short(pages):
    assert all(pages.values()), {k: len(v) for k, v in pages.items()}
    summary = sum(len(v) for k, v in pages.items() if k not in DETAIL_SHEETS)
    assert summary <= MAX_SUMMARY_PAGES, {k: len(v) for k, v in pages.items()}
    assert len(pages["汇总"]) <= 2 and len(pages["单位"]) <= 2
    assert "各单位分制度合规率" in "".join(pages["单位"])          # the chart prints with its table
    assert "排名规则：按总体合规率从高到低排名" in re.sub(r"\s+", "", "".join(pages["单位"]))


def test_problem_list_prints_all_columns_on_every_page(pages, sample_run):
    ws = openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME, read_only=True)["问题清单"]
    headers = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert headers[0] == "案件编号" and headers[-1] == "承办人"
    assert len(pages["问题清单"]) > 1
    for text in pages["问题清单"]:
        assert all(h in text for h in headers), [h for h in headers if h not in text]


def test_pages_name_the_run_and_count(printed):
    texts = page_texts(printed)
    for i, text in enumerate(texts, start=1):       # LibreOffice numbers the pages of the whole workbook
        assert "评查日 2026-11-20" in text and f"第 {i} 页，共 {len(texts)} 页" in text


def test_every_sheet_is_set_up_for_paper(sample_run):
    for ws in openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME):
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == \
            ("landscape", 9, 1, 0), ws.title          # fitToWidth 1 is the default, left out of the file
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows in ("1:1", "$1:$1"), ws.title


def test_long_text_wraps_in_taller_rows(sample_run):
    ws = openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME)["问题清单"]
    reason = next(c for c in ws[1] if c.value == "理由").column_letter
    assert ws[f"{reason}2"].alignment.wrap_text
    tall = [r for r in range(2, ws.max_row + 1) if (ws.row_dimensions[r].height or 0) > 16]
    assert len(tall) > ws.max_row // 2          # the sample's reasons and bases take two lines or more


def test_no_internal_name_in_the_workbook_or_the_html(sample_run):
    found = internal_names(workbook_texts(sample_run.folder / WORKBOOK_NAME))
    found += internal_names(html_texts(sample_run.folder / HTML_NAME))
    assert found == []


def test_data_problems_in_the_users_names(sample_run):
    ws = openpyxl.load_workbook(sample_run.folder / WORKBOOK_NAME)["数据问题"]
    rows = list(ws.iter_rows(values_only=True))
    head = dict(zip(rows[0], rows[1]))
    # the sample's 执法活动 sheet lists 320103012 twice for act A32010320240001327-1 (row 241)
    assert (head["表"], head["行号"], head["列"], head["影响范围"]) == ("执法活动", "241", "执法人员", "该取值")
    assert head["问题"] == "执法人员中 320103012 重复列出，按一人计"
