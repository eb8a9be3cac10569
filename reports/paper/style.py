"""The page every Word document shares (公文格式, GB/T 9704): A4 and the official margins, a font chain the
machine has, exact line heights, the page-number footer, landscape sections, the title, body and signature.

Fonts: each chain lists the official font first; a document names the first one fontconfig knows (fc-list), so
what LibreOffice renders here is what the document says; without fc-list (Windows, macOS) the official font.
Every paragraph has an exact line height, so a page holds the same number of lines whatever face a reader's
machine substitutes — the case sheets rely on that to fit one case on one page.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

A4_MM = (210, 297)
# GB/T 9704 版心 156 × 225 mm: 天头 37 mm, 订口 28 mm, so bottom 35 mm and right 26 mm (top, bottom, left, right)
MARGINS_MM = (37, 35, 28, 26)
# a landscape page keeps the 版心: the portrait margins turned with the page (text 225 × 156 mm)
LANDSCAPE_MARGINS_MM = (28, 26, 37, 35)

BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC",
              "宋体", "SimSun", "Noto Sans CJK SC")
TITLE_FONTS = ("方正小标宋简体", "方正小标宋_GBK", "华文中宋", "STZhongsong", "Noto Serif CJK SC",
               "Source Han Serif SC", "宋体", "SimSun", "Noto Sans CJK SC")
HEADING_FONTS = ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "微软雅黑",
                 "Microsoft YaHei")
TABLE_FONTS = ("宋体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC")
LATIN_FONTS = ("Times New Roman", "Liberation Serif", "DejaVu Serif")

SIZES_PT = {"二号": 22.0, "三号": 16.0, "小三": 15.0, "四号": 14.0, "小四": 12.0, "五号": 10.5, "小五": 9.0}
LINE_FACTOR = 1.3                     # exact line height = font size × this
DOCUMENT_LINE = 28                    # 公文 body: 三号 (16 pt) text on 28 pt lines, 22 lines a page
TITLE_LINE = 36                       # 二号 title lines
PT_MM = 25.4 / 72

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


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


@functools.lru_cache(maxsize=None)
def pick_font(chain: tuple[str, ...]) -> str:
    """The first font of `chain` installed here; the chain's first (official) font when none is or we cannot tell."""
    have = installed_families()
    if have:
        for name in chain:
            if name in have:
                return name
    return chain[0]


def clean(text) -> str:
    """Text as Word can store it: control characters dropped, None as empty."""
    return _XML_ILLEGAL.sub("", "" if text is None else str(text))


def set_run_font(run, fonts: tuple[str, ...] = BODY_FONTS, size_pt: float | None = None, bold: bool = False) -> None:
    """Chinese text in the first installed font of `fonts`, digits and Latin letters in the Latin chain's."""
    latin = pick_font(LATIN_FONTS)
    run.font.name = latin
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), pick_font(fonts))
    rfonts.set(qn("w:hAnsi"), latin)
    if size_pt:
        run.font.size = Pt(size_pt)
    run.bold = bold


def new_document(margins_mm: tuple[float, float, float, float] = MARGINS_MM, *, size_pt: float = 16,
                 page_numbers: bool = True):
    """An empty A4 portrait document: margins (top, bottom, left, right) in mm, the 公文 page by default; body
    text in the body font of `size_pt` points, no space between paragraphs, East Asian text in Chinese (zh-CN,
    not the template's Japanese: the glyphs and line breaking a renderer picks follow it); page numbers."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = pick_font(LATIN_FONTS)
    normal.font.size = Pt(size_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), pick_font(BODY_FONTS))
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    page_setup(doc.sections[0], margins_mm)
    if page_numbers:
        page_number_footer(doc.sections[0])
    return doc


def page_setup(section, margins_mm: tuple[float, float, float, float] = MARGINS_MM, *,
               landscape: bool = False) -> None:
    """A4, portrait or landscape, with margins (top, bottom, left, right) in mm."""
    width, height = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(min(15, top / 2))
    section.footer_distance = Mm(max(bottom - 14, 7))


def new_section(doc, landscape: bool):
    """A new section on a new page, landscape or portrait with the official margins; the footer (page
    numbers) continues from the previous section."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, LANDSCAPE_MARGINS_MM if landscape else MARGINS_MM, landscape=landscape)
    return section


def text_width_mm(doc) -> float:
    """The width between the margins of the document's last section."""
    section = doc.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def text_height_mm(doc) -> float:
    section = doc.sections[-1]
    return (section.page_height - section.top_margin - section.bottom_margin) / Mm(1)


def page_number_footer(section) -> None:
    """“— n —” centred at the foot of every page: 四号 half-width digits (a PAGE field) between dashes."""
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    size = SIZES_PT["四号"]
    set_run_font(p.add_run("— "), TABLE_FONTS, size)
    run = p.add_run()
    set_run_font(run, TABLE_FONTS, size)
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
    set_run_font(p.add_run(" —"), TABLE_FONTS, size)


def exact_lines(paragraph, size: float, line: float | None = None) -> None:
    """An exact line height (`line` points, default size × LINE_FACTOR): the same whatever face is substituted."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line or round(size * LINE_FACTOR, 1))


def paragraph(doc_or_cell, text: str = "", *, size: float = 16, bold: bool = False, fonts=BODY_FONTS,
              align: str = "left", indent: bool = False, before: float = 0, after: float = 0,
              page_break: bool = False, line: float | None = None, keep_with_next: bool = False):
    """A paragraph of one run; `align` left/center/right/justify, `indent` two characters (正文), `line` its exact
    line height in points (default size × LINE_FACTOR)."""
    p = doc_or_cell.add_paragraph()
    p.alignment = _ALIGN[align]
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
        set_run_font(p.add_run(clean(text)), fonts, size, bold=bold)
    return p


def official_title(doc, title: str, *, after: float = 16):
    """The title of a document: 二号 小标宋 (or the nearest installed), centred."""
    return paragraph(doc, title, size=SIZES_PT["二号"], fonts=TITLE_FONTS, align="center", after=after,
                     line=TITLE_LINE, keep_with_next=True)


def official_heading(doc, text: str, *, size: float = 16, before: float = 0):
    """A heading inside the text: 黑体, kept with the paragraph after it."""
    return paragraph(doc, text, size=size, fonts=HEADING_FONTS, before=before,
                     line=DOCUMENT_LINE if size == 16 else None, keep_with_next=True)


def official_body(doc, paragraphs: list[str], headings, after=None) -> None:
    """The drafted text: the first paragraph is the addressee, `headings` in 黑体, the rest indented 正文 on 28 pt
    lines; `after(paragraph_text)` is called after each (to put a table under the paragraph that announces it)."""
    for i, text in enumerate(paragraphs):
        if text in headings:
            paragraph(doc, text, size=16, fonts=HEADING_FONTS, indent=True, line=DOCUMENT_LINE, keep_with_next=True)
        else:
            paragraph(doc, text, size=16, indent=i > 0, line=DOCUMENT_LINE, keep_with_next=i == len(paragraphs) - 1)
        if after is not None:
            after(text)


def signature(doc, issuer: str, day) -> None:
    """The issuer (to be stamped) and the date, right-aligned; kept on the page of the last paragraph."""
    paragraph(doc, issuer, size=16, align="right", before=28, line=DOCUMENT_LINE, keep_with_next=True)
    paragraph(doc, chinese_date(day), size=16, align="right", line=DOCUMENT_LINE)


def chinese_date(d) -> str:
    """2026-11-20 → 2026年11月20日 (the date line of an official document)."""
    return f"{d.year}年{d.month}月{d.day}日"
