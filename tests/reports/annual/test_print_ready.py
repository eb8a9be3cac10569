"""The sample's annual report (.docx) as it prints (LibreOffice → PDF, converted once): A4 pages in official
form, page numbers, fonts the machine has, the 各单位情况 table on a landscape page within its width, every
unit name and amount whole on one line; no internal name in any run or cell."""
from __future__ import annotations

import re

import docx
import pytest
from docx.shared import Mm

from casereview.cli.main import main
from casereview.reports.office import office_command, to_pdf
from casereview.reports.paper.style import installed_families
from tests.pdf_pages import is_a4, keep_page_images, page_sizes_mm, page_texts
from tests.reports.conftest import SAMPLE
from tests.reports.internal_names import docx_texts, internal_names

pytestmark = pytest.mark.skipif(office_command() is None, reason="LibreOffice 未安装")

YEAR = 2025
UNIT_TABLE = "八、各单位情况"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("annual-print") / "年报"
    assert main(["annual", str(SAMPLE), "--year", str(YEAR), "--out", str(out)]) == 0
    return out / f"{YEAR}年行政执法统计年报.docx"


@pytest.fixture(scope="module")
def printed(report, tmp_path_factory):
    pdf = to_pdf(report, tmp_path_factory.mktemp("annual-pdf"))
    keep_page_images(pdf, "paper", 1, 2)
    return pdf


def _unit_table(report):
    d = docx.Document(str(report))
    heading = None
    for block in d.element.body.iterchildren():
        if block.tag.endswith("}p"):
            heading = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")) or heading
        elif block.tag.endswith("}tbl") and heading == UNIT_TABLE:
            return docx.table.Table(block, d)
    raise AssertionError("no unit table")


def test_a4_pages_unit_table_on_a_landscape_one(printed):
    sizes = page_sizes_mm(printed)
    assert sizes and all(is_a4(s) for s in sizes)
    landscape = [i for i, s in enumerate(sizes) if s[0] > s[1]]
    texts = page_texts(printed)
    assert landscape and all(UNIT_TABLE in texts[i] or "单位" in texts[i] for i in landscape)
    assert UNIT_TABLE in "".join(texts[i] for i in landscape)


def test_official_margins_and_fonts(report):
    d = docx.Document(str(report))
    first = d.sections[0]
    margins = [round(m / Mm(1)) for m in (first.top_margin, first.bottom_margin, first.left_margin,
                                          first.right_margin)]
    assert margins == [37, 35, 28, 26]
    xml = "".join(docx_part.blob.decode("utf-8", "ignore") for docx_part in d.part.package.parts
                  if docx_part.partname.endswith(".xml"))
    east_asia = set(re.findall(r'<w:rFonts [^>]*w:eastAsia="([^"]+)"', xml))
    langs = {el.get(docx.oxml.ns.qn("w:eastAsia")) for el in d.styles.element.iter(docx.oxml.ns.qn("w:lang"))}
    assert langs == {"zh-CN"}                        # Chinese, not the template's Japanese or English
    have = installed_families()
    if have is not None:                             # every Chinese font the document names is installed here
        assert east_asia and east_asia <= have, east_asia - have


def test_page_numbers_in_the_footer(printed):
    texts = page_texts(printed)
    for i, text in enumerate(texts, start=1):
        assert re.search(rf"—\s*{i}\s*—", text), i


def test_unit_table_fits_its_page_width(report):
    d = docx.Document(str(report))
    landscape = next(s for s in d.sections if s.page_width > s.page_height)
    width = (landscape.page_width - landscape.left_margin - landscape.right_margin) / Mm(1)
    grid = _unit_table(report)._tbl.tblGrid
    total = sum(int(c.get(docx.oxml.ns.qn("w:w"))) for c in grid.findall(docx.oxml.ns.qn("w:gridCol"))) / 56.693
    assert total <= width + 0.5


def test_unit_names_and_amounts_whole_on_one_line(report, printed):
    rows = [[c.text for c in row.cells] for row in _unit_table(report).rows][1:]
    lines = "\n".join(page_texts(printed)).splitlines()
    for row in rows:
        for value in (row[0], row[6]):                 # 单位, 罚款金额（元）
            assert any(value in line for line in lines), value
        assert any(row[0] in line and row[6] in line for line in lines), row   # the whole row on one line


def test_no_internal_name_in_any_run_or_cell(report):
    assert internal_names(docx_texts(report)) == []
