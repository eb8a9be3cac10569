"""The annual report as a Word document in official form (reports.paper_style): A4, 公文 margins and fonts,
page numbers; title block, 情况说明, the tables (各单位情况 on a landscape page, columns fitted to their text)."""
from __future__ import annotations

import re
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from casereview.reports import paper_style as ps
from casereview.reports.annual.atomic import atomic_target
from casereview.reports.annual.narrative import narrative
from casereview.reports.annual.tables import ReportTable, report_tables
from casereview.reports.mask import mask_text

TABLE_PT = ps.SIZES_PT["五号"]
NOTE_PT = ps.SIZES_PT["小四"]
WIDE_TABLES = ("units",)          # tables printed on a landscape page of their own


def report_title(fig: dict) -> str:
    return f"{fig['year']}年度行政执法统计年报"


_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    """Control characters Word cannot store are dropped."""
    return _XML_ILLEGAL.sub("", text)


def write_docx(fig: dict, path: Path) -> Path:
    """Write the .docx atomically (a temporary file renamed into place)."""
    doc = Document()
    ps.official_document(doc)
    _title_block(doc, fig)
    ps.heading(doc, "情况说明")
    for text in narrative(fig):
        ps.body_paragraph(doc, _clean(text))
    for table in report_tables(fig):
        if table.key in WIDE_TABLES:
            ps.new_section(doc, landscape=True)
            _table(doc, table)
            ps.new_section(doc, landscape=False)
        else:
            _table(doc, table)
    ps.heading(doc, "说明")
    for note in fig["notes"]:
        ps.body_paragraph(doc, _clean(mask_text(note)), size_pt=NOTE_PT)
    with atomic_target(path) as tmp:
        doc.save(str(tmp))
    return Path(path)


def _title_block(doc, fig: dict) -> None:
    """Title (二号 小标宋), then the body and period (三号 楷体-like), a rule under them."""
    p = ps.heading(doc, _clean(report_title(fig)), size_pt=ps.SIZES_PT["二号"], fonts=ps.TITLE_FONTS,
                   center=True, space_before_pt=0)
    p.paragraph_format.space_after = Pt(12)
    ps.body_paragraph(doc, _clean(f"填报单位：{mask_text(fig['body'])}"), center=True)
    last = ps.body_paragraph(doc, f"统计期间：{fig['period'][0]} 至 {fig['period'][1]}", center=True)
    last.paragraph_format.space_after = Pt(12)
    _bottom_rule(last)


def _bottom_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "6"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _table(doc, table: ReportTable) -> None:
    """The table's title, then the table with column widths fitted to its text in the current section."""
    ps.heading(doc, _clean(table.title), size_pt=ps.SIZES_PT["四号"])
    headers = [_clean(h) for h in table.headers]
    rows = [[_clean(v) for v in row] for row in table.rows]
    available = ps.text_width_mm(doc.sections[-1])
    sizes = tuple(s for s in ps.FIT_SIZES_PT if s <= TABLE_PT)
    fit = ps.fit_columns(headers, rows, available, sizes)
    if table.key not in WIDE_TABLES and len(headers) <= 2:         # a two-column list: not the full width
        fit = ps.fit_columns(headers, rows, min(available, 120), sizes)
    ps.fixed_table(doc, headers, rows, fit.widths_mm, fit.size_pt)
    gap = doc.add_paragraph()                    # a small gap after the table
    gap.paragraph_format.space_after = Pt(0)
    gap.paragraph_format.line_spacing = Pt(TABLE_PT)
