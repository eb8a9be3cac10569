"""Tables in Word documents: grid tables of fixed column widths, exact line heights, the header row repeated on every
page and no row split across pages — built as one piece of XML (a case-sheet batch has tens of thousands of cells)."""
from __future__ import annotations

import zlib
from xml.sax.saxutils import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from casereview.reports.paper.measure import CELL_PAD_MM
from casereview.reports.paper.style import BODY_FONTS, LINE_FACTOR, clean, pick_font

_JC = {"left": "left", "center": "center", "right": "right"}


def cell_style(doc, size: float, fonts: tuple[str, ...] = BODY_FONTS) -> str:
    """The paragraph style of table cells at `size` points in the first installed font of `fonts` (created once per
    document): no spacing, exact lines."""
    font = pick_font(fonts)
    name = f"CaseReviewCell{int(size * 10)}-{zlib.crc32(font.encode()):08x}"
    if doc.styles.element.get_by_name(name) is None:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(round(size * LINE_FACTOR, 1))
    return doc.styles[name].style_id


def table(doc, widths_mm, rows, *, size: float, header: bool = True, align: list[str] | None = None,
          label_columns: bool = False, fonts: tuple[str, ...] = BODY_FONTS,
          header_fonts: tuple[str, ...] | None = None):
    """A grid table of fixed column widths (CELL_PAD_MM padding), rows never split across pages, appended to `doc`.
    `header`: the first row centred and repeated on every page — in `header_fonts` when given, else bold;
    `label_columns`: a form — even columns are bold centred labels; `align` per column (left/center/right).
    A value's line breaks stay line breaks."""
    style = cell_style(doc, size, fonts)
    align = align or ["left"] * len(widths_mm)
    twips = [round(w * 1440 / 25.4) for w in widths_mm]
    pad = round(Mm(CELL_PAD_MM).twips)
    head_props = (f'<w:rPr><w:rFonts w:eastAsia="{escape(pick_font(header_fonts))}"/></w:rPr>' if header_fonts
                  else "<w:rPr><w:b/></w:rPr>")
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{doc.styles["Table Grid"].style_id}"/>'
           f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/></w:tblCellMar>'
           '<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{t}"/>' for t in twips) + "</w:tblGrid>"]
    for i, values in enumerate(rows):
        head = header and i == 0
        out.append('<w:tr><w:trPr><w:cantSplit/>' + ('<w:tblHeader/>' if head else '') + '</w:trPr>')
        for j, value in enumerate(values):
            label = label_columns and j % 2 == 0
            props = head_props if head else "<w:rPr><w:b/></w:rPr>" if label else ""
            jc = "center" if head or label else _JC[align[j]]
            runs = "<w:r><w:br/></w:r>".join(
                f'<w:r>{props}<w:t xml:space="preserve">{escape(clean(part))}</w:t></w:r>'
                for part in str(value).split("\n"))
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{twips[j]}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                       f'<w:pStyle w:val="{style}"/><w:jc w:val="{jc}"/></w:pPr>{runs}</w:p></w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    tbl = parse_xml("".join(out))
    body = doc.element.body
    body.insert(len(body) - 1 if body[-1].tag == qn("w:sectPr") else len(body), tbl)
    return tbl
