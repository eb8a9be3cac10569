"""The 待核实 list: 无法判定 findings not yet confirmed, cases to check, counts done / left; a unit sees its own."""
from __future__ import annotations

from tests.workspace.conftest import signed_in
from tests.workspace.test_confirm import CASE, run_findings, seq_of, text_of
from tests.workspace.web import UNIT_A


def test_pending_list_counts_and_scope(reviewed):
    app, run_id = reviewed
    findings = run_findings(app, run_id)
    unknown = findings[findings["outcome"] == "unknown"]
    own = unknown[unknown["unit_id"] == UNIT_A]
    jl01 = seq_of(findings, CASE, "JL01")
    with signed_in(app, "pc1") as b:
        page = b.get(f"/runs/{run_id}/pending").text
        assert (text_of(page, "count-done"), text_of(page, "count-left")) == ("0", str(len(unknown)))
        assert f'href="/runs/{run_id}/cases/{CASE}#f-{jl01}"' in page
        b.post(f"/runs/{run_id}/findings/{jl01}/confirm", {"outcome": "pass", "reason": "有记录", "version": "0"})
        page = b.get(f"/runs/{run_id}/pending").text
        assert (text_of(page, "count-done"), text_of(page, "count-left")) == ("1", str(len(unknown) - 1))
        assert f'id="p-{jl01}"' not in page
    with signed_in(app, "dw1") as b:
        page = b.get(f"/runs/{run_id}/pending").text
        assert (text_of(page, "count-done"), text_of(page, "count-left")) == ("1", str(len(own) - 1))
        assert page.count('<tr id="p-') == len(own) - 1
        other = unknown[unknown["unit_id"] != UNIT_A].iloc[0]["case_id"]
        assert other not in page
