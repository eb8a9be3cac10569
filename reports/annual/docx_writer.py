"""The annual report as a Word document in official form (reports.paper.style): A4, 公文 margins and fonts,
page numbers; title block, 情况说明, the tables (各单位情况 on a landscape page, columns fitted to their text)."""
from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from casereview.reports.annual.atomic import atomic_target
from casereview.reports.annual.narrative import narrative
from casereview.reports.annual.tables import ReportTable, report_tables
from casereview.reports.mask import mask_text
from casereview.reports.paper import style as ps
from casereview.reports.paper.measure import FIT_SIZES_PT, fit_columns
from casereview.reports.paper.tables import table as word_table

BODY_PT = ps.SIZES_PT["三号"]
TABLE_PT = ps.SIZES_PT["五号"]
NOTE_PT = ps.SIZES_PT["小四"]
WIDE_TABLES = ("units",)          # tables printed on a landscape page of their own


def report_title(fig: dict) -> str:
    return f"{fig['year']}年度行政执法统计年报"


def write_docx(fig: dict, path: Path) -> Path:
    """Write the .docx atomically (a temporary file renamed into place)."""
    doc = ps.new_document()
    _title_block(doc, fig)
    ps.official_heading(doc, "情况说明", before=6)
    for text in narrative(fig):
        ps.paragraph(doc, text, size=BODY_PT, indent=True, line=ps.DOCUMENT_LINE)
    for table in report_tables(fig):
        if table.key in WIDE_TABLES:
            ps.new_section(doc, landscape=True)
            _table(doc, table)
            ps.new_section(doc, landscape=False)
        else:
            _table(doc, table)
    ps.official_heading(doc, "说明", before=6)
    for note in fig["notes"]:
        ps.paragraph(doc, mask_text(note), size=NOTE_PT, indent=True)
    with atomic_target(path) as tmp:
        doc.save(str(tmp))
    return Path(path)


def _title_block(doc, fig: dict) -> None:
    """Title (二号 小标宋), then the body and period (三号), a rule under them."""
    ps.official_title(doc, report_title(fig), after=12)
    ps.paragraph(doc, f"填报单位：{mask_text(fig['body'])}", size=BODY_PT, align="center", line=ps.DOCUMENT_LINE)
    last = ps.paragraph(doc, f"统计期间：{fig['period'][0]} 至 {fig['period'][1]}", size=BODY_PT, align="center",
                        line=ps.DOCUMENT_LINE, after=12)
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
    ps.official_heading(doc, table.title, size=ps.SIZES_PT["四号"], before=6)
    headers = [ps.clean(h) for h in table.headers]
    rows = [[ps.clean(v) for v in row] for row in table.rows]
    available = ps.text_width_mm(doc)
    sizes = tuple(s for s in FIT_SIZES_PT if s <= TABLE_PT)
    if table.key not in WIDE_TABLES and len(headers) <= 2:         # a two-column list: not the full width
        available = min(available, 120)
    fit = fit_columns(headers, rows, available, sizes)
    word_table(doc, fit.widths_mm, [headers] + rows, size=fit.size_pt, fonts=ps.TABLE_FONTS,
               header_fonts=ps.HEADING_FONTS, align=["left"] + ["right"] * (len(headers) - 1))
    ps.paragraph(doc, "", size=TABLE_PT)                            # a small gap after the table
