"""评查报告.html as text: self-contained, escaped, every unit drilled down, figures equal the run folder's."""
from __future__ import annotations

import dataclasses
import re

import pandas as pd

from casereview.reports.from_run import load_run
from casereview.reports.html import HTML_NAME, render_html


def _page(run) -> str:
    return (run.folder / HTML_NAME).read_text(encoding="utf-8")


def test_self_contained(sample_run):
    page = _page(sample_run)
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_charts_and_sections_present(sample_run):
    page = _page(sample_run)
    for chart in ("chart-unit-rates", "chart-grades", "chart-problems"):
        assert f'id="{chart}"' in page
    for heading in ("总体情况", "图表", "单位排名", "各单位问题清单", "数据问题"):
        assert f"<h2>{heading}" in page


def test_every_unit_has_a_row_and_a_drill_down(sample_run):
    page = _page(sample_run)
    units = pd.read_csv(sample_run.folder / "units.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    n = units["unit_id"].nunique()
    table = page.split('id="unit-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == n + 1
    assert len(re.findall(r'<details id="unit-\d+"', page)) == n
    for i in range(n):
        assert f'href="#unit-{i}"' in table


def test_drill_down_counts_equal_findings(sample_run):
    page = _page(sample_run)
    f = pd.read_csv(sample_run.folder / "findings.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    counts = re.findall(r"（不合规 (\d+) 项，无法判定 (\d+) 项）</summary>", page)
    assert sum(int(a) for a, _ in counts) == int((f["outcome"] == "fail").sum())
    assert sum(int(b) for _, b in counts) == int((f["outcome"] == "unknown").sum())


def test_same_page_from_the_run_folder(sample_run):
    """The page rebuilt from the folder is the review's own, officer names (officers.csv) included."""
    assert render_html(dataclasses.replace(sample_run.result, officer_names=None)) != _page(sample_run)
    assert render_html(load_run(sample_run.folder)) == _page(sample_run)


def test_engine_and_handlers_as_people_read_them(sample_run):
    page = _page(sample_run)
    assert "引擎：向量化引擎" in page
    # 人员 sheet of the sample: 320101001 曹秀, 320101004 高英国 (case A32010120240002845's 承办人)
    assert "高英国（320101004）、曹秀（320101001）" in page


def test_values_are_escaped(hostile_run, markup):
    page = _page(hostile_run)
    assert markup not in page
    assert "&lt;img src=x onerror=&quot;document.title=1&quot;&gt;" in page
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in page
