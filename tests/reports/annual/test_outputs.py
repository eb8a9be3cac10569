"""The written .docx (read back with python-docx), HTML and CSV: figures, narrative length, masking, injection."""
from __future__ import annotations

import re
import zipfile
from html import escape

import docx
import pandas as pd
import pytest

from casereview.reports.annual import MAX_CHARS, narrative
from tests.reports.annual.fixture import BODY, ID_IN_PARTY, ID_IN_UNIT, ID_MASKED, INJECTION, PARTY_NAMES, UNITS

FORMULAS = [INJECTION, UNITS[0]["name"], BODY]          # = … , @SUM(A1) …, -1 …


def _docx_text(path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def _docx_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def _tables(path) -> dict[str, list[list[str]]]:
    """Each table of the .docx keyed by the heading paragraph just before it."""
    d = docx.Document(str(path))
    out, heading = {}, None
    for block in d.element.body.iterchildren():
        if block.tag.endswith("}p"):
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            heading = text or heading
        elif block.tag.endswith("}tbl"):
            table = docx.table.Table(block, d)
            out[heading] = [[c.text for c in row.cells] for row in table.rows]
    return out


def test_files_written(annual_run):
    for suffix in ("docx", "html", "csv"):
        assert annual_run.file(suffix).stat().st_size > 0


def test_docx_title_body_and_tables(annual_run):
    d = docx.Document(str(annual_run.file("docx")))
    assert d.paragraphs[0].text == "2025年度行政执法统计年报"
    assert d.paragraphs[1].text == f"填报单位：{BODY}"
    tables = _tables(annual_run.file("docx"))
    penalties = dict(row for row in tables["三、行政处罚（按最重处罚种类计，件）"][1:])
    assert penalties["罚款"] == "3" and penalties["吊销许可证件"] == "1" and penalties["暂扣许可证件、降低资质等级"] == "0"
    assert penalties["合计"] == "9"
    amounts = dict(row for row in tables["四、罚没金额（元）"][1:])
    assert amounts["罚款金额"] == "53,800.00" and amounts["没收金额"] == "—"
    remedies = dict(row for row in tables["六、行政复议、行政诉讼与纠错（件）"][1:])
    assert remedies == {"行政复议": "—", "行政诉讼": "—", "决定被变更、撤销": "1"}
    systems = {row[0]: row for row in tables["七、三项制度执行情况（评查项）"][1:]}
    assert systems["审核"][1:] == ["4", "2", "2", "40", "66.7%"]
    assert systems["记录"][5] == "—"
    units = tables["八、各单位情况"]
    assert [r[1] for r in units[1:]] == ["11", "4", "0"]


def test_narrative_within_limit_and_in_both_outputs(annual_run):
    text = _docx_text(annual_run.file("docx"))
    html = annual_run.file("html").read_text(encoding="utf-8")
    d = docx.Document(str(annual_run.file("docx")))
    heads = [p.text for p in d.paragraphs]
    start = heads.index("情况说明") + 1
    paragraphs = heads[start:heads.index("一、行政执法决定总体情况（按执法类别，件）")]
    assert 0 < len("\n".join(paragraphs)) <= MAX_CHARS
    assert paragraphs[0].startswith(f"2025年，{BODY}共作出行政执法决定15件")
    assert "本年度未实施行政征收、行政征用、行政裁决" in paragraphs[0]
    assert "罚款金额合计53,800.00元" in text
    assert all(f"<p>{escape(p)}</p>" in html for p in paragraphs)


def test_narrative_never_exceeds_the_limit():
    long_name = "很长的单位名称" * 500
    fig = {"year": 2025, "body": long_name, "decided": 1, "powers": {"行政处罚": 1},
           "licensing": {"申请": 0, "准予": 0, "不予": 0}, "penalties": {"罚款": 1}, "penalty_cases": 1,
           "amounts": {"罚款金额": 1.0, "罚款未填金额件数": 0},
           "review": {"法制审核": 0, "重大执法决定": 0, "重大决定经审核": 0, "听证": 0}, "remedies": {"变更撤销": 0},
           "systems": [{"system": "公示", "pass": 1, "fail": 1, "unknown": 0, "na": 0, "rate": 0.5}],
           "per_unit": [{"name": long_name * 2, "systems": [{"system": "全部", "rate": r}]} for r in (0.1, 0.9)]}
    fig["powers"] = {t: fig["powers"].get(t, 0) for t in
                     ("行政许可", "行政处罚", "行政强制", "行政检查", "行政征收", "行政征用", "行政确认", "行政裁决", "其他")}
    assert len("\n".join(narrative(fig))) <= MAX_CHARS
    assert len("\n".join(narrative(fig, limit=120))) <= 120


@pytest.mark.parametrize("suffix", ["docx", "html", "csv"])
def test_no_party_name_or_id_number_in_any_output(annual_run, suffix):
    path = annual_run.file(suffix)
    text = _docx_xml(path) + _docx_text(path) if suffix == "docx" else path.read_text(encoding="utf-8-sig")
    names = {n for p in PARTY_NAMES for n in re.split(r"\s+", p) if not n.isdigit()}
    assert len(names) == 19
    leaked = [n for n in names if n in text]
    assert leaked == []
    assert ID_IN_PARTY not in text and ID_IN_UNIT not in text
    assert ID_MASKED in text            # the ID number in U3's name is shown masked


def test_formula_strings_are_plain_text_in_the_docx(annual_run):
    path = annual_run.file("docx")
    text, xml = _docx_text(path), _docx_xml(path)
    for s in FORMULAS:
        assert s in text
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        footers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer")]
    assert "instrText" not in body and "fldSimple" not in body and "<w:hyperlink" not in xml   # no field, no link
    fields = [f for x in footers for f in re.findall(r"<w:instrText[^>]*>([^<]*)<", x)]
    assert fields and set(f.strip() for f in fields) == {"PAGE"}        # page numbers are the only field


def test_formula_strings_are_neutralised_in_the_csv(annual_run):
    csv = pd.read_csv(annual_run.file("csv"), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    units = set(csv["单位"])
    assert {"'" + s for s in FORMULAS} <= units
    assert not any(u.startswith(("=", "+", "-", "@")) for u in units)
    row = csv[(csv["单位"] == "'" + BODY) & (csv["项目"] == "罚款金额")]
    assert row["数值"].tolist() == ["53800.0"]


def test_html_is_self_contained_and_escaped(annual_run):
    html = annual_run.file("html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    assert "@media print" in html
