"""The annual report as a Word document (python-docx): title, body and year, tables, 情况说明."""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from casereview.reports.annual.atomic import atomic_target
from casereview.reports.annual.narrative import narrative
from casereview.reports.annual.tables import report_tables
from casereview.reports.mask import mask_text

FONT = "宋体"
HEADING_FONT = "黑体"


def report_title(fig: dict) -> str:
    return f"{fig['year']}年度行政执法统计年报"


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    """Control characters Word cannot store are dropped."""
    return _XML_ILLEGAL.sub("", text)


def _font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def _paragraph(doc, text: str, *, size: float = 12, bold: bool = False, center: bool = False,
               font: str = FONT, indent: bool = False):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(_clean(text)), font, size, bold)
    return p


def write_docx(fig: dict, path: Path) -> Path:
    """Write the .docx atomically (a temporary file renamed into place)."""
    doc = Document()
    _paragraph(doc, report_title(fig), size=18, bold=True, center=True, font=HEADING_FONT)
    _paragraph(doc, f"填报单位：{mask_text(fig['body'])}", center=True)
    _paragraph(doc, f"统计期间：{fig['period'][0]} 至 {fig['period'][1]}", center=True)
    _paragraph(doc, "情况说明", size=14, bold=True, font=HEADING_FONT)
    for text in narrative(fig):
        _paragraph(doc, text, indent=True)
    for table in report_tables(fig):
        _paragraph(doc, table.title, size=13, bold=True, font=HEADING_FONT)
        grid = doc.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, head in zip(grid.rows[0].cells, table.headers):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(_clean(head)), FONT, 10.5, bold=True)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row):
                _font(cell.paragraphs[0].add_run(_clean(value)), FONT, 10.5)
    _paragraph(doc, "说明", size=13, bold=True, font=HEADING_FONT)
    for note in fig["notes"]:
        _paragraph(doc, mask_text(note), size=10.5)
    with atomic_target(path) as tmp:
        doc.save(str(tmp))
    return Path(path)
