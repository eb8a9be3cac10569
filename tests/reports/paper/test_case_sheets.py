"""评查表: one A4 page per case — read back from the PDF LibreOffice makes of the sample's unit holding its longest
case, and of a case whose reasons are far too long for one page."""
from __future__ import annotations

import csv
import dataclasses

import pytest

from casereview.reports.office import to_pdfs
from casereview.reports.paper import CASE_SHEETS_DIR
from casereview.reports.paper import case_sheets as cs
from casereview.reports.paper.case_header import CaseHead, CaseHeads
from casereview.reports.paper.output import file_names
from casereview.reports.paper.wording import pack_line
from tests.pdf_pages import is_a4, keep_page_images, page_sizes_mm, pdf_text
from tests.reports.paper.docx_read import paragraphs

# read by hand from the sample's 案件 and 人员 sheets: case, unit, 承办人 (320151004 胡玲, 320151006 叶艳强), party
# 傅某某 (个人: printed 傅**), 立案日期, 决定日期
HAND_CASE = ("A32015120240000405", "U320151", "胡玲（320151004）、叶艳强（320151006）", "傅**", "2024-01-16",
             "2024-01-30")
PARTY_NAMES = ("傅某某", "朱某某", "梁某", "何某某", "薛某某")     # persons, parties of the unit's cases
CASE_RULES = ["GS01", "GS02", "GS03", "GS04", "GS05", "JL01", "JL02", "JL03", "FS01", "FS02", "FS03",
              "CX01", "CX02", "CX03"]       # the standard pack's case-level rules (FS04 is judged per unit)


def _csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def long_reasons(sample_paper, tmp_path_factory):
    """(the 评查表 .docx of two cases whose every reason is 400 characters, their case ids)."""
    run = sample_paper.run
    two = run.cases[run.cases["unit_id"] == "U320151"].sort_values("case_id").head(2)
    findings = run.findings[run.findings["case_id"].isin(two["case_id"])].copy()
    findings["reason"] = "当事人陈述材料缺失" * 45
    small = dataclasses.replace(run, cases=two, findings=findings)
    docx = tmp_path_factory.mktemp("long-reasons") / "长理由.docx"
    assert cs.write_case_sheets(small, "U320151", "测试单位", CaseHeads({}, False), docx) == 2
    return docx, list(two["case_id"])


@pytest.fixture(scope="module")
def printed(worst_unit_docx, long_reasons, tmp_path_factory):
    """The PDFs of the worst unit's 评查表 and of the long reasons, converted in one LibreOffice start."""
    return to_pdfs([worst_unit_docx, long_reasons[0]], tmp_path_factory.mktemp("case-sheets-pdf"))


@pytest.fixture(scope="module")
def worst_unit_docx(sample_paper, sample_run):
    """The 评查表 .docx of the unit holding the case with the most text."""
    unit = _worst_unit_id(sample_paper, sample_run)
    names = dict((u, n) for u, n in [(r["unit_id"], r["unit_name"]) for r in _csv(sample_run.folder / "units.csv")])
    return sample_paper.out / CASE_SHEETS_DIR / f"{file_names([(unit, names[unit])], '评查表')[unit]}.docx"


def _worst_unit_id(sample_paper, sample_run) -> str:
    """The unit holding the case with the most text, and always HAND_CASE's unit — the same one in the sample."""
    run = sample_paper.run
    by_case = {k: g for k, g in run.findings.groupby("case_id")}
    subtitle = pack_line(run)
    heights = {c["case_id"]: cs.page_height_mm(cs.case_sheet(run, c, by_case[c["case_id"]], CaseHead(), "单位"),
                                               subtitle, 9) for _, c in run.cases.iterrows()}
    longest = max(heights, key=heights.get)
    cases = _csv(sample_run.folder / "cases.csv")
    unit = next(c["unit_id"] for c in cases if c["case_id"] == longest)
    assert unit == HAND_CASE[1], "the sample's longest case moved to another unit: convert that one too"
    return unit


@pytest.fixture(scope="module")
def worst_unit(sample_paper, sample_run, printed):
    """(unit id, its case ids in order, the PDF of its 评查表, every case id of the run)."""
    unit = _worst_unit_id(sample_paper, sample_run)
    cases = _csv(sample_run.folder / "cases.csv")
    keep_page_images(printed[0], "paper")
    ids = sorted(c["case_id"] for c in cases if c["unit_id"] == unit)
    return unit, ids, printed[0], {c["case_id"] for c in cases}


def test_one_a4_page_per_case(worst_unit):
    _, ids, pdf, _ = worst_unit
    sizes = page_sizes_mm(pdf)
    assert len(sizes) == len(ids)
    assert all(is_a4(s) and s[0] < s[1] for s in sizes)


def test_each_page_names_its_own_case_and_no_other(worst_unit):
    _, ids, pdf, every = worst_unit
    pages = pdf_text(pdf).split("\f")
    for case_id, page in zip(ids, pages):
        assert case_id in page
        assert not [o for o in every - {case_id} if o in page], case_id


def test_hand_checked_case_page(worst_unit, sample_run):
    case_id, _, handlers, party, filed, decided = HAND_CASE
    _, ids, pdf, _ = worst_unit
    n = ids.index(case_id) + 1
    page = pdf_text(pdf, n, n)
    flat = "".join(page.split())
    assert handlers in flat and party in flat and filed in flat and decided in flat
    everything = pdf_text(pdf)
    assert not [name for name in PARTY_NAMES if name in everything]
    for rule in CASE_RULES:
        assert rule in page
    row = next(c for c in _csv(sample_run.folder / "cases.csv") if c["case_id"] == case_id)
    assert f"得分：{row['score']}" in flat and f"等级：{row['grade']}" in flat
    for words in ("评查人（签名）", "复核人（签名）", "日期："):
        assert words in flat
    assert "合规" in flat and "不适用" in flat and "依据（简称）" in flat


def test_long_reasons_are_shortened_never_spilled(long_reasons, printed):
    """Two cases whose every reason is 400 characters still print on two pages, the reasons cut with a pointer."""
    pdf = printed[1]
    assert len(page_sizes_mm(pdf)) == 2
    text = "".join(pdf_text(pdf).split())
    assert cs.CUT_MARK in text
    for case_id in long_reasons[1]:
        assert case_id in text


def test_a_unit_without_cases_gets_one_page_saying_so(sample_paper, tmp_path):
    run = sample_paper.run
    empty = dataclasses.replace(run, cases=run.cases.iloc[0:0], findings=run.findings.iloc[0:0])
    docx = tmp_path / "空.docx"
    assert cs.write_case_sheets(empty, "U320151", "测试单位", CaseHeads({}, False), docx) == 0
    assert any("没有该单位的案卷" in p for p in paragraphs(docx))
