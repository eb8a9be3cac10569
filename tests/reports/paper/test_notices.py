"""整改通知书 per unit and the 评查情况通报: every failed finding of the unit and no other (checked against the run's
CSV files read with the csv module), due dates in working days, the ranking and its rule, the length limit."""
from __future__ import annotations

import csv
from collections import Counter

import pytest

from casereview.reports.office import to_pdfs
from casereview.reports.paper import BULLETIN_NAME, NOTICES_DIR, notice_settings
from casereview.reports.paper.bulletin import bulletin_text
from casereview.reports.paper.notices import notice_text
from casereview.reports.paper.output import file_names
from casereview.reports.paper.ranking import RATE_RANKING_RULE
from casereview.reports.paper.wording import drafted_length
from tests.pdf_pages import is_a4, keep_page_images, page_sizes_mm, pdf_text
from tests.reports.paper.docx_read import paragraphs, table_rows

DUE = "2026年12月11日"     # 2026-11-20 (Fri) + 15 working days: 11-23…27, 11-30…12-04, 12-07…12-11; no holiday between


def _csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def units(sample_run) -> dict[str, str]:
    rows = _csv(sample_run.folder / "units.csv")
    return dict((r["unit_id"], r["unit_name"]) for r in rows)


def _notice(sample_paper, units, unit_id):
    stem = file_names(list(units.items()), "整改通知书")[unit_id]
    return sample_paper.out / NOTICES_DIR / f"{stem}.docx"


def test_each_notice_lists_exactly_the_units_failed_findings(sample_paper, sample_run, units):
    findings = _csv(sample_run.folder / "findings.csv")
    unit_findings = _csv(sample_run.folder / "unit_findings.csv")
    assert sum(f["outcome"] == "fail" for f in findings) > 100       # the sample has failures to list
    for unit_id in units:
        expected = Counter((f["case_id"], f["rule_id"]) for f in findings
                           if f["unit_id"] == unit_id and f["outcome"] == "fail")
        expected_units = Counter(f["rule_id"] for f in unit_findings if f["unit_id"] == unit_id and f["outcome"] == "fail")
        path = _notice(sample_paper, units, unit_id)
        tables = [table_rows(path, 0)] if expected else []
        if expected_units:
            tables.append(table_rows(path, len(tables)))
        listed = Counter((r[1], r[2].split()[0]) for r in tables[0][1:]) if expected else Counter()
        assert listed == expected, unit_id
        if expected_units:
            assert Counter(r[1].split()[0] for r in tables[-1][1:]) == expected_units
        for table in tables:
            assert table[0][-1] == "整改期限" and {r[-1] for r in table[1:]} == {DUE}
        numbers = [int(r[0]) for t in tables for r in t[1:]]
        assert numbers == list(range(1, sum(expected.values()) + sum(expected_units.values()) + 1))


def test_unit_level_failure_is_listed_for_its_unit(sample_run, sample_paper, units):
    """U320151's 法制审核人员占比 is below 5% (3 of 65, read from the sample's 单位 sheet): a 整改 item of its own."""
    rows = table_rows(_notice(sample_paper, units, "U320151"), 1)
    assert [r[1].split()[0] for r in rows[1:]] == ["FS04"]


def test_notice_text_names_the_unit_period_and_due_date(sample_paper, units):
    text = "".join(paragraphs(_notice(sample_paper, units, "U320101")))
    assert text.startswith("行政执法案卷评查整改通知书" + units["U320101"] + "：")
    assert "15个工作日内" in text and DUE in text and "附件：整改事项清单" in text
    assert "2026年11月20日" in text          # the date line: the notice date, by default the as-of date


def test_drafted_text_stays_within_the_limit(sample_paper, units):
    run = sample_paper.run
    for limit in (sample_paper.settings.max_chars, 300):
        settings = notice_settings(run, max_chars=limit)
        for unit_id, name in units.items():
            paragraphs_ = notice_text(run, unit_id, name, settings)
            assert drafted_length(paragraphs_) <= limit
            assert any("个工作日内" in p for p in paragraphs_)        # the requirement is never dropped
        assert drafted_length(bulletin_text(run, sample_paper.heads, settings)) <= limit


def test_bulletin_ranking_follows_its_stated_rule(sample_paper, sample_run, units):
    path = sample_paper.out / BULLETIN_NAME
    text = "".join(paragraphs(path))
    assert RATE_RANKING_RULE in text
    totals = [r for r in _csv(sample_run.folder / "units.csv") if r["level"] == "all"]
    expected = sorted(totals, key=lambda r: (-round(int(r["pass"]) / (int(r["pass"]) + int(r["fail"])), 4), r["unit_id"]))
    rows = table_rows(path, 0)
    assert rows[0][0] == "名次"
    assert [r[1] for r in rows[1:]] == [r["unit_name"] for r in expected]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, len(expected) + 1)]
    assert [(r[4], r[5]) for r in rows[1:]] == [(r["pass"], r["fail"]) for r in expected]


def test_bulletin_lists_frequent_problems_with_counts_and_an_example(sample_paper, sample_run):
    findings = _csv(sample_run.folder / "findings.csv")
    fails = Counter(f["rule_id"] for f in findings if f["outcome"] == "fail")
    failed_cases = {(f["rule_id"], f["case_id"]) for f in findings if f["outcome"] == "fail"}
    text = paragraphs(sample_paper.out / BULLETIN_NAME)
    items = [p for p in text if p.startswith("（") and "不合规" in p]
    assert len(items) >= 3
    top = [r for r, _ in sorted(fails.items(), key=lambda kv: -kv[1])]
    for item in items:
        rule = item.split("）：")[0].rsplit("（", 1)[1]
        assert f"不合规{fails[rule]}项" in item
        case_id = item.split("如", 1)[1].split("案：")[0][-18:]
        assert (rule, case_id) in failed_cases
    assert items[0].split("）：")[0].endswith(f"（{top[0]}")
    assert DUE in "".join(text)


@pytest.fixture(scope="module")
def letter_pdfs(sample_paper, units, tmp_path_factory):
    out = tmp_path_factory.mktemp("letters-pdf")
    pdfs = to_pdfs([_notice(sample_paper, units, "U320151"), sample_paper.out / BULLETIN_NAME], out)
    for pdf in pdfs:
        keep_page_images(pdf, "paper")
    return pdfs


def test_letters_print_on_a4(letter_pdfs):
    notice, bulletin = letter_pdfs
    sizes = page_sizes_mm(notice)
    assert all(is_a4(s) for s in sizes)
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]      # letter portrait, annex landscape
    assert all(is_a4(s) and s[0] < s[1] for s in page_sizes_mm(bulletin))
    annex = "".join(pdf_text(notice, len(sizes), len(sizes)).split())
    assert "整改期限" in "".join(pdf_text(notice).split()) and DUE in annex
