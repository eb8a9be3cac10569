"""LibreOffice renders a .docx to PDF as a reader would open it; pages are read back with poppler. Several documents
go through one LibreOffice start (to_pdfs), each to its own PDF, in order."""
from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Mm

from casereview.reports.office import to_pdfs
from tests.pdf_pages import is_a4, page_sizes_mm, pdf_text


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """(A4 通报 of two pages, python-docx's default US Letter page) converted in one start."""
    src = tmp_path_factory.mktemp("office")
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.add_paragraph("评查情况通报")
    doc.add_page_break()
    doc.add_paragraph("第二页")
    doc.save(src / "通报.docx")
    letter = Document()            # python-docx's default template is US Letter
    letter.add_paragraph("x")
    letter.save(src / "letter.docx")
    return to_pdfs([src / "通报.docx", src / "letter.docx"], src / "pdf")


def test_docx_to_pdf_keeps_page_size_and_chinese_text(converted):
    pdf = converted[0]
    assert pdf.name == "通报.pdf"
    sizes = page_sizes_mm(pdf)
    assert len(sizes) == 2 and all(is_a4(s) for s in sizes)
    text = pdf_text(pdf)
    assert "评查情况通报" in text and "第二页" in text


def test_letter_paper_is_not_taken_for_a4(converted):
    assert converted[1].name == "letter.pdf"
    assert not is_a4(page_sizes_mm(converted[1])[0])

