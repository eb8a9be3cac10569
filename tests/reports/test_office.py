"""LibreOffice renders a .docx to PDF as a reader would open it; pages are read back with poppler."""
from __future__ import annotations

from docx import Document
from docx.shared import Mm

from casereview.reports.office import to_pdf
from tests.pdf_pages import is_a4, page_sizes_mm, pdf_text


def test_docx_to_pdf_keeps_page_size_and_chinese_text(tmp_path):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    doc.add_paragraph("评查情况通报")
    doc.add_page_break()
    doc.add_paragraph("第二页")
    src = tmp_path / "通报.docx"
    doc.save(src)
    pdf = to_pdf(src, tmp_path / "pdf")
    sizes = page_sizes_mm(pdf)
    assert len(sizes) == 2 and all(is_a4(s) for s in sizes)
    text = pdf_text(pdf)
    assert "评查情况通报" in text and "第二页" in text


def test_letter_paper_is_not_taken_for_a4(tmp_path):
    doc = Document()  # python-docx's default template is US Letter
    doc.add_paragraph("x")
    src = tmp_path / "letter.docx"
    doc.save(src)
    assert not is_a4(page_sizes_mm(to_pdf(src, tmp_path))[0])
