"""A unit user on a run shared with other units: no page they can open names another unit, its cases or its
figures (run page, charts, pending list, notices, downloads page, the board, the run list)."""
from __future__ import annotations

import re

from tests.workspace.conftest import signed_in
from tests.workspace.review_steps import page, text_of
from tests.workspace.web import UNIT_A

# the bundled sample's units other than dw1's U320151, their case-id prefixes, and two of their names
OTHER_UNITS = re.compile(r"U3201(0[1-4]|5[23])")
OTHER_CASES = re.compile(r"A3201(0[1-4]|5[23])")
OTHER_NAMES = ("南京市公安局玄武分局", "鼓楼区市场监督管理局湖南路所")


def test_no_page_of_a_shared_run_shows_another_unit(reviewed):
    app, run_id = reviewed
    urls = [f"/runs/{run_id}", f"/runs/{run_id}/units/{UNIT_A}", f"/runs/{run_id}/pending",
            f"/runs/{run_id}/notices", f"/runs/{run_id}/downloads", "/runs", "/rectify", "/"]
    with signed_in(app, "dw1") as b:
        pages = {u: b.get(u) for u in urls}
    for url, r in pages.items():
        assert r.status_code == 200, url
        assert not OTHER_UNITS.search(r.text) and not OTHER_CASES.search(r.text), url
        assert not any(n in r.text for n in OTHER_NAMES), url
    assert text_of(page(pages[f"/runs/{run_id}"].text), "card-cases") == "29评查案件"     # U320151's 29 of 360
