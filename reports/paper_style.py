"""Word documents in official form (公文格式, GB/T 9704): A4 pages and margins, a font chain the machine has,
page numbers in the footer, landscape sections for wide tables, table column widths fitted to their text."""
from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

A4_MM = (210, 297)
# GB/T 9704 版心 156 × 225 mm: 天头 37 mm, 订口 28 mm, so bottom 35 mm and right 26 mm
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# a landscape page keeps the binding edge: the portrait margins turned with the page
LANDSCAPE_MARGINS_MM = {"top": 28, "bottom": 26, "left": 37, "right": 35}

# Font chains, the official font first; a document names the first one the machine has (fc-list), so what
# LibreOffice renders here is what the document says. Without fc-list (Windows, macOS) the official font.
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
              "宋体", "SimSun", "Noto Sans CJK SC")
TITLE_FONTS = ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC",
               "Source Han Serif SC", "宋体", "SimSun", "Noto Sans CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "微软雅黑",
                 "Microsoft YaHei")
TABLE_FONTS = ("宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC")
LATIN_FONTS = ("Times New Roman", "Liberation Serif", "DejaVu Serif")

SIZES_PT = {"二号": 22.0, "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0}
CELL_PAD_MM = 1.0           # left and right padding of every table cell
FIT_SIZES_PT = (10.5, 9.0, 8.0, 7.5)       # a wide table takes the largest size at which its text fits
HEADER_LINES = 3            # a header may wrap to this many lines; body cells never wrap inside a word


@functools.lru_cache(maxsize=1)
def installed_families() -> frozenset[str] | None:
    """Font family names fontconfig knows (every localized name), or None when fc-list is not there."""
    fc = shutil.which("fc-list")
    if fc is None:
        return None
    try:
        out = subprocess.run([fc, ":", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


def pick_font(chain: tuple[str, ...]) -> str:
    """The first font of `chain` installed here; the chain's first (official) font when none is or we cannot tell."""
    have = installed_families()
    if have:
        for name in chain:
            if name in have:
                return name
    return chain[0]


def set_run_font(run, east_asia: str, size_pt: float | None = None, bold: bool = False,
                 latin: str | None = None) -> None:
    """Chinese text in `east_asia`, digits and Latin letters in the Latin font of the chain."""
    latin = latin or pick_font(LATIN_FONTS)
    run.font.name = latin
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hAnsi"), latin)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.bold = bold


def set_default_font(doc, east_asia: str, size_pt: float) -> None:
    """The Normal style (every paragraph and table cell without its own font)."""
    style = doc.styles["Normal"]
    style.font.name = pick_font(LATIN_FONTS)
    style.font.size = Pt(size_pt)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)


def chinese_language(doc) -> None:
    """East Asian text is Chinese (zh-CN), not the template's Japanese: the CJK glyphs and line breaking
    a renderer picks follow it."""
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")


def page_setup(section, landscape: bool = False) -> None:
    """A4, portrait or landscape, with the official margins."""
    width, height = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    margins = LANDSCAPE_MARGINS_MM if landscape else MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.footer_distance = Mm(max(margins["bottom"] - 14, 7))
    section.header_distance = Mm(15)


def text_width_mm(section) -> float:
    """The width between the section's margins."""
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def official_document(doc) -> None:
    """First section: A4 portrait, official margins, page numbers; body text in the body font."""
    set_default_font(doc, pick_font(BODY_FONTS), SIZES_PT["三号"])
    chinese_language(doc)
    page_setup(doc.sections[0])
    page_number_footer(doc.sections[0])


def new_section(doc, landscape: bool):
    """A new section starting on a new page (landscape or portrait), its footer linked to the previous one."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=landscape)
    return section


def page_number_footer(section) -> None:
    """“— n —” centred at the foot of every page (a PAGE field, half-width digits)."""
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font = pick_font(TABLE_FONTS)
    set_run_font(p.add_run("— "), font, SIZES_PT["四号"])
    run = p.add_run()
    set_run_font(run, font, SIZES_PT["四号"])
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text.strip() == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._element.append(el)
    set_run_font(p.add_run(" —"), font, SIZES_PT["四号"])


def heading(doc, text: str, *, size_pt: float = SIZES_PT["三号"], fonts=HEADING_FONTS, center: bool = False,
            space_before_pt: float = 6, keep_with_next: bool = True):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(space_before_pt)
    p.paragraph_format.keep_with_next = keep_with_next
    set_run_font(p.add_run(text), pick_font(fonts), size_pt)
    return p


def body_paragraph(doc, text: str, *, size_pt: float = SIZES_PT["三号"], indent: bool = True, center: bool = False,
                   fonts=BODY_FONTS):
    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size_pt * 2)
    set_run_font(p.add_run(text), pick_font(fonts), size_pt)
    return p


# --- tables ---------------------------------------------------------------------------------------

def char_em(ch: str) -> float:
    """Width of one character in em: a CJK or full-width character 1, a digit or Latin letter about half."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    return 0.36 if ch in ",.:;'!|iIl1()[] " else 0.62 if ch in "%—mwMW@" else 0.56


def text_em(text: str) -> float:
    return sum(char_em(ch) for ch in text)


def _wrapped_em(text: str, lines: int) -> float:
    """The narrowest width (em) at which a header of CJK text fits in `lines` lines (it may break anywhere)."""
    total = text_em(text)
    if lines <= 1 or not text:
        return total
    two = text_em(text[:2])                        # never one character alone on a line
    return min(total, max(two, total / lines + 1.0))   # + 1 em: lines never break evenly


@dataclass(frozen=True)
class TableFit:
    size_pt: float
    widths_mm: tuple[float, ...]


def fit_columns(headers, rows, available_mm: float, sizes=FIT_SIZES_PT) -> TableFit:
    """Column widths fitted to the text: every body cell on one line (no word, name or number broken),
    headers on at most HEADER_LINES lines; the largest font size at which that fits, the spare width shared
    out in proportion to what each column asks; at the smallest size, the widths it needs (the table may
    then be wider than `available_mm`)."""
    for size in sizes:
        em_mm = size * 25.4 / 72
        body = [max((text_em(str(r[j])) for r in rows), default=0.0) for j in range(len(headers))]
        need = [max(b, _wrapped_em(str(h), HEADER_LINES)) * em_mm + 2 * CELL_PAD_MM + 0.6
                for b, h in zip(body, headers)]
        if sum(need) <= available_mm or size == sizes[-1]:
            spare = max(available_mm - sum(need), 0.0)
            wish = [max(text_em(str(h)) * em_mm + 2 * CELL_PAD_MM - n, 0.0) for h, n in zip(headers, need)]
            share = wish if sum(wish) <= spare else [spare * w / sum(wish) for w in wish]
            left = spare - sum(share)
            widths = [n + s + left / len(need) for n, s in zip(need, share)]
            return TableFit(size, tuple(round(w, 2) for w in widths))
    raise AssertionError("unreachable")


def fixed_table(doc, headers, rows, widths_mm, size_pt: float, *, numeric=lambda j: j > 0,
                header_fonts=HEADING_FONTS, body_fonts=TABLE_FONTS):
    """A grid table with fixed column widths, the header row repeated on every page, rows never split."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    _cell_margins(table, CELL_PAD_MM)
    head_font, body_font = pick_font(header_fonts), pick_font(body_fonts)
    _fill_row(table.rows[0], headers, widths_mm, head_font, size_pt, bold=False, numeric=lambda j: False,
              center=True)
    _repeat_header(table.rows[0])
    for values in rows:
        row = table.add_row()
        _fill_row(row, values, widths_mm, body_font, size_pt, bold=False, numeric=numeric, center=False)
        _cant_split(row)
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    return table


def _fill_row(row, values, widths_mm, font, size_pt, *, bold, numeric, center) -> None:
    for j, (cell, value, w) in enumerate(zip(row.cells, values, widths_mm)):
        cell.width = Mm(w)
        p = cell.paragraphs[0]
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.first_line_indent = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else \
            WD_ALIGN_PARAGRAPH.RIGHT if numeric(j) else WD_ALIGN_PARAGRAPH.LEFT
        set_run_font(p.add_run(str(value)), font, size_pt, bold=bold)


def _fixed_layout(table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _cell_margins(table, pad_mm: float) -> None:
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(Mm(pad_mm).twips)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _cant_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trPr.append(el)
