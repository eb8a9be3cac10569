"""The annual report's HTML in a real headless Chromium: no script errors, tables and narrative rendered as text."""
from __future__ import annotations

import re
from html import unescape

from tests.reports.annual.fixture import BODY, INJECTION, UNITS
from tests.reports.test_html_chromium import _dom, chromium  # noqa: F401  (the fixture is used by name)


def test_annual_html_loads_without_errors(chromium, annual_run, tmp_path):  # noqa: F811
    dom = _dom(chromium, tmp_path, annual_run.file("html"))
    assert "<title>2025年度行政执法统计年报</title>" in dom
    for key in ("powers", "licensing", "penalties", "amounts", "review", "remedies", "systems", "units"):
        assert f'id="table-{key}"' in dom, key
    narrative = re.search(r'<div class="narrative" id="narrative">(.*?)</div>', dom, re.S).group(1)
    paragraphs = [unescape(p) for p in re.findall(r"<p>(.*?)</p>", narrative)]
    assert paragraphs[0].startswith(f"2025年，{BODY}共作出行政执法决定15件")
    text = unescape(re.sub(r"<[^>]+>", "", dom))
    for s in (INJECTION, UNITS[0]["name"], BODY):   # formula starts shown as text, never run or linked
        assert s in text
    assert "<a " not in dom
