"""Two reviewers render the same finding and both confirm: the first is stored, the second told who and when."""
from __future__ import annotations

import re

import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry, FindingReview
from tests.workspace.conftest import signed_in
from tests.workspace.test_confirm import CASE, run_findings, seq_of

VERSION = re.compile(r'action="/runs/\d+/findings/(\d+)/confirm".*?name="version" value="(\d+)"', re.S)


def rendered_version(html: str, seq: int) -> str:
    return dict(VERSION.findall(html))[str(seq)]


def test_second_of_two_concurrent_confirmations_gets_409(reviewed):
    app, run_id = reviewed
    jl01 = seq_of(run_findings(app, run_id), CASE, "JL01")
    url = f"/runs/{run_id}/cases/{CASE}"
    with signed_in(app, "pc1") as one, signed_in(app, "pc2") as two:
        v1, v2 = rendered_version(one.get(url).text, jl01), rendered_version(two.get(url).text, jl01)
        assert v1 == v2 == "0"
        first = one.post(f"/runs/{run_id}/findings/{jl01}/confirm",
                         {"outcome": "fail", "reason": "无全过程记录", "version": v1}, follow_redirects=False)
        second = two.post(f"/runs/{run_id}/findings/{jl01}/confirm",
                          {"outcome": "pass", "reason": "有记录", "version": v2}, follow_redirects=False)
        assert first.status_code == 303
        assert second.status_code == 409
        assert "该发现已被 pc1 于" in second.text and "修改" in second.text
        # pc2 reloads, sees pc1's verdict and version 1, and may now change it
        page = two.get(url).text
        assert rendered_version(page, jl01) == "1"
        third = two.post(f"/runs/{run_id}/findings/{jl01}/confirm",
                         {"outcome": "pass", "reason": "补充材料显示有记录", "version": "1"}, follow_redirects=False)
        assert third.status_code == 303
        stale = one.post(f"/runs/{run_id}/findings/{jl01}/confirm",
                         {"outcome": "na", "reason": "x", "version": "1"}, follow_redirects=False)
        assert stale.status_code == 409 and "pc2" in stale.text
    with app.state.sessions() as db:
        row = db.scalar(sa.select(FindingReview).where(FindingReview.seq == jl01))
        assert (row.confirmed_outcome, row.confirmed_by, row.version) == ("pass", "pc2", 2)
        entries = db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "finding.confirm")
                             .order_by(AuditEntry.id)).all()
        assert [(e.username, e.before and e.before["confirmed_outcome"], e.after["confirmed_outcome"])
                for e in entries] == [("pc1", None, "fail"), ("pc2", "fail", "pass")]
