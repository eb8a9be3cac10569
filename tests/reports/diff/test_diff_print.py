"""复查对比.xlsx as it prints (LibreOffice → PDF, converted once): landscape A4, each sheet one page wide, so
every label of 汇总 prints on the same page as its value."""
from __future__ import annotations

import re

import openpyxl
import pytest

from casereview.reports.diff import diff_folders
from casereview.reports.diff_book import WORKBOOK_NAME, write_diff
from casereview.reports.office import office_command, to_pdf
from tests.pdf_pages import is_a4, keep_page_images, page_sizes_mm, page_texts

pytestmark = pytest.mark.skipif(office_command() is None, reason="LibreOffice 未安装")


@pytest.fixture(scope="module")
def book(corrections, tmp_path_factory):
    out = tmp_path_factory.mktemp("diff_print") / "out"
    write_diff(diff_folders(*corrections), out)
    return out / WORKBOOK_NAME


@pytest.fixture(scope="module")
def printed(book, tmp_path_factory):
    pdf = to_pdf(book, tmp_path_factory.mktemp("diff_pdf"))
    keep_page_images(pdf, "paper", 1, 2)
    return pdf


def test_landscape_a4_pages(printed):
    sizes = page_sizes_mm(printed)
    assert sizes and all(is_a4(s) and s[0] > s[1] for s in sizes)


def test_summary_labels_and_values_on_one_page(book, printed):
    rows = list(openpyxl.load_workbook(book)["汇总"].iter_rows(min_row=2, values_only=True))
    summary = [t for t in page_texts(printed) if re.search(r"\S+\s+汇总\s*$", t.splitlines()[0] if t else "")
               or "前次规则包" in t]
    assert len(summary) == 1
    flat = re.sub(r"\s+", "", summary[0])
    for label, value in rows:
        assert label in flat and re.sub(r"\s+", "", str(value if value is not None else "")) in flat, label
