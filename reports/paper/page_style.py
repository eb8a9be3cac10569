"""The page every paper document shares: A4, official margins, Chinese fonts, exact line heights, page numbers.

Fonts: the document names 仿宋 (body) and 黑体 (headings) as Word on an office PC has them; where they are
missing (LibreOffice on Linux) fontconfig substitutes an installed CJK face (Noto CJK). Every paragraph has
an exact line height, so a page holds the same number of lines whatever face is substituted — the case
sheets rely on that to fit one case on one page.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
A4 = (210, 297)                       # mm
LINE_FACTOR = 1.3                     # exact line height = font size × this
DOCUMENT_LINE = 28                    # 公文 body: 三号 (16 pt) text on 28 pt lines, 22 lines a page
PT_MM = 25.4 / 72
CELL_PADDING_MM = 1.9 * 2             # Word's default left + right cell margins (0.19 cm each)

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean(text) -> str:
    """Text as Word can store it: control characters dropped, None as empty."""
    return _XML_ILLEGAL.sub("", "" if text is None else str(text))


def new_document(margins_mm: tuple[float, float, float, float] = (37, 35, 28, 26), *, font_size: float = 16,
                 page_numbers: bool = True):
    """An empty A4 portrait document; margins (top, bottom, left, right) in mm — the default is the 公文 page
    (GB/T 9704); body text in 仿宋 of `font_size` points."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(A4[0]), Mm(A4[1])
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(font_size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if page_numbers:
        _page_number_footer(section)
    return doc


def landscape_section(doc, margins_mm: tuple[float, float, float, float] = (25, 22, 25, 25)):
    """A new A4 landscape section on a new page (for wide tables); the footer's page numbers continue."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(A4[1]), Mm(A4[0])
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    return section


def text_width_mm(doc) -> float:
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def text_height_mm(doc) -> float:
    section = doc.sections[-1]
    return (section.page_height - section.top_margin - section.bottom_margin) / Mm(1)


def set_font(run, size: float | None = None, *, bold: bool = False, font: str = BODY_FONT) -> None:
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if size:
        run.font.size = Pt(size)
    run.bold = bold


def exact_lines(paragraph, size: float, line: float | None = None) -> None:
    """An exact line height (`line` points, default size × LINE_FACTOR): the same on every machine, whatever
    face is substituted."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line or round(size * LINE_FACTOR, 1))


def paragraph(doc_or_cell, text: str = "", *, size: float = 16, bold: bool = False, font: str = BODY_FONT,
              align: str = "left", indent: bool = False, before: float = 0, after: float = 0,
              page_break: bool = False, line: float | None = None, keep_with_next: bool = False):
    """A paragraph of one run; `align` left/center/right/justify, `indent` two characters (正文), `line` its exact
    line height in points (default size × LINE_FACTOR)."""
    p = doc_or_cell.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if page_break:
        fmt.page_break_before = True
    if keep_with_next:
        fmt.keep_with_next = True
    exact_lines(p, size, line)
    if text:
        set_font(p.add_run(clean(text)), size, bold=bold, font=font)
    return p


def cell_style(doc, size: float) -> str:
    """The paragraph style of table cells at `size` points (created once per document): fonts, exact lines."""
    name = f"CaseReviewCell{int(size * 10)}"
    if name not in [s.name for s in doc.styles]:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(round(size * LINE_FACTOR, 1))
    return doc.styles[name].style_id


def table(doc, widths_mm: list[float], rows: list[list[str]], *, size: float, header: bool = True,
          align: list[str] | None = None, label_columns: bool = False):
    """A grid table of fixed column widths, no row split across pages. `header`: the first row bold, centred
    and repeated on every page; `label_columns`: a form — even columns are bold centred labels.
    Built as one piece of XML (a case-sheet batch has tens of thousands of cells)."""
    style = cell_style(doc, size)
    align = align or ["left"] * len(widths_mm)
    twips = [round(w * 1440 / 25.4) for w in widths_mm]
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{doc.styles["Table Grid"].style_id}"/>'
           f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{t}"/>' for t in twips) + "</w:tblGrid>"]
    for i, values in enumerate(rows):
        head = header and i == 0
        out.append('<w:tr><w:trPr><w:cantSplit/>' + ('<w:tblHeader/>' if head else '') + '</w:trPr>')
        for j, value in enumerate(values):
            bold = head or (label_columns and j % 2 == 0)
            jc = "center" if bold else {"left": "left", "center": "center", "right": "right"}[align[j]]
            runs = "<w:r><w:br/></w:r>".join(
                f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}<w:t xml:space="preserve">{escape(clean(part))}</w:t></w:r>'
                for part in str(value).split("\n"))
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[j]}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                       f'<w:pStyle w:val="{style}"/><w:jc w:val="{jc}"/></w:pPr>{runs}</w:p></w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    tbl = parse_xml("".join(out))
    body = doc.element.body
    body.insert(len(body) - 1 if body[-1].tag == qn("w:sectPr") else len(body), tbl)
    return tbl


def official_title(doc, title: str) -> None:
    """The title of a letter or bulletin: 二号 黑体, centred."""
    paragraph(doc, title, size=22, font=HEADING_FONT, align="center", after=16, line=36)


def official_body(doc, paragraphs: list[str], headings, after=None) -> None:
    """The drafted text: the first paragraph is the addressee, `headings` in 黑体, the rest indented 正文;
    `after(paragraph_text)` is called after each (to put a table under the paragraph that announces it)."""
    for i, text in enumerate(paragraphs):
        if text in headings:
            paragraph(doc, text, size=16, font=HEADING_FONT, indent=True, line=DOCUMENT_LINE, keep_with_next=True)
        else:
            paragraph(doc, text, size=16, indent=i > 0, line=DOCUMENT_LINE,
                      keep_with_next=i == len(paragraphs) - 1)
        if after is not None:
            after(text)


def signature(doc, issuer: str, day) -> None:
    """The issuer (to be stamped) and the date, right-aligned; kept on the page of the last paragraph."""
    paragraph(doc, issuer, size=16, align="right", before=28, line=DOCUMENT_LINE, keep_with_next=True)
    paragraph(doc, chinese_date(day), size=16, align="right", line=DOCUMENT_LINE)


def chinese_date(d) -> str:
    """2026-11-20 → 2026年11月20日 (the date line of an official document)."""
    return f"{d.year}年{d.month}月{d.day}日"


def text_units(text: str) -> float:
    """Width of `text` in em: CJK and full-width characters 1, others (digits, Latin) about half, plus the quarter
    em a renderer puts between Chinese and Latin text."""
    wide = [ord(ch) > 0x2E7F or ch in "“”‘’" for ch in text]
    changes = sum(a != b for a, b in zip(wide, wide[1:]))
    return sum(1.0 if w else 0.55 for w in wide) + 0.25 * changes


def lines_needed(text: str, width_mm: float, size: float) -> int:
    """Lines a text needs in a column `width_mm` wide (cell padding taken off) at `size` points."""
    per_line = max(1.0, (width_mm - CELL_PADDING_MM) / (size * PT_MM))
    total = 0
    for part in str(text).split("\n"):
        units = text_units(part)
        total += max(1, int(-(-units // per_line)))       # ceil
    return total


def _page_number_footer(section) -> None:
    """— 1 — centred in the footer (公文 style page number)."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run("— "), 10.5)
    run = p.add_run()
    set_font(run, 10.5)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text is None:
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    set_font(p.add_run(" —"), 10.5)
