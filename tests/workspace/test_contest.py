"""A unit contests a machine 不合规 of its own; a reviewer accepts (the finding becomes 合规 unless told
otherwise) or rejects with a reason. Scores worked out by hand from rules/三项制度.yaml: JL02 deducts 15,
GS01 is a veto (score 0)."""
from __future__ import annotations

import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry, FindingReview
from tests.workspace.conftest import signed_in
from tests.workspace.test_confirm import confirmed, run_findings, seq_of, text_of
from tests.workspace.test_confirm_second import version_of

JL02_CASE = "A32015120240003162"     # U320151: only JL02 failed → 100 − 15 = 85 良好
VETO_CASE = "A32015120260003965"     # U320151: GS01 (veto) failed → 0 不合格


def score(app, run_id, case_id):
    case = confirmed(app, run_id).confirmed.cases.set_index("case_id").loc[case_id]
    return int(case["score"]), case["grade"]


def test_accepted_contest_counts_as_compliant(reviewed):
    app, run_id = reviewed
    findings = run_findings(app, run_id)
    jl02, pass_row = seq_of(findings, JL02_CASE, "JL02"), seq_of(findings, JL02_CASE, "GS01")
    assert findings.loc[jl02, "outcome"] == "fail" and findings.loc[pass_row, "outcome"] == "pass"
    contest = f"/runs/{run_id}/findings/{jl02}/contest"
    with signed_in(app, "dw1") as dw1:
        page = dw1.get(f"/runs/{run_id}/cases/{JL02_CASE}").text
        assert f'id="contest-form-{jl02}"' in page and f'id="contest-form-{pass_row}"' not in page
        r = dw1.post(contest, {"reason": " ", "version": "0"})
        assert r.status_code == 400 and "请填写申诉理由" in r.text
        r = dw1.post(f"/runs/{run_id}/findings/{pass_row}/contest", {"reason": "x", "version": "0"})
        assert r.status_code == 400 and "不合规" in r.text
        r = dw1.post(contest, {"reason": "执法记录仪视频已补交", "version": "0"}, follow_redirects=False)
        assert r.status_code == 303
        assert text_of(dw1.get(f"/runs/{run_id}/cases/{JL02_CASE}").text, f"state-{jl02}") == "单位申诉待处理"
        assert dw1.post(contest, {"reason": "再次申诉", "version": "0"}).status_code == 409
    with signed_in(app, "dw2") as dw2:                                 # another unit's finding: not there
        assert dw2.post(contest, {"reason": "x", "version": "1"}).status_code == 404
    assert score(app, run_id, JL02_CASE) == (85, "良好")               # pending: the machine's verdict stands
    with signed_in(app, "pc1") as pc1:
        assert pc1.post(contest, {"reason": "x", "version": "1"}).status_code == 403      # units only
        assert text_of(pc1.get(f"/runs/{run_id}/pending").text, "count-contests") == "1"
        r = pc1.post(f"/runs/{run_id}/findings/{jl02}/contest/decide",
                     {"decision": "accept", "outcome": "pass", "reason": "", "version": "1"}, follow_redirects=False)
        assert r.status_code == 303
        page = pc1.get(f"/runs/{run_id}/cases/{JL02_CASE}").text
        assert text_of(page, "confirmed-score") == "100" and text_of(page, "confirmed-grade") == "优秀"
        assert text_of(page, "machine-score") == "85"
        assert text_of(pc1.get(f"/runs/{run_id}/pending").text, "count-contests") == "0"
    with app.state.sessions() as db:
        row = db.scalar(sa.select(FindingReview).where(FindingReview.seq == jl02))
        assert (row.contest_status, row.contest_outcome, row.contested_by, row.contest_decided_by, row.version) == (
            "accepted", "pass", "dw1", "pc1", 2)
        actions = [e.action for e in db.scalars(sa.select(AuditEntry).where(
            AuditEntry.action.like("finding.%")).order_by(AuditEntry.id))]
        assert actions == ["finding.contest", "finding.contest_decide"]


def test_rejected_contest_keeps_the_machine_verdict(reviewed):
    app, run_id = reviewed
    gs01 = seq_of(run_findings(app, run_id), VETO_CASE, "GS01")
    with signed_in(app, "dw1") as dw1:
        dw1.get("/")
        dw1.post(f"/runs/{run_id}/findings/{gs01}/contest", {"reason": "两名执法人员均持证", "version": "0"})
    decide = f"/runs/{run_id}/findings/{gs01}/contest/decide"
    with signed_in(app, "pc2") as pc2:
        r = pc2.post(decide, {"decision": "reject", "reason": "", "version": version_of(app, gs01)})
        assert r.status_code == 400 and "驳回申诉须填写理由" in r.text
        r = pc2.post(decide, {"decision": "reject", "reason": "证件已过期", "version": version_of(app, gs01)},
                     follow_redirects=False)
        assert r.status_code == 303
        r = pc2.post(decide, {"decision": "accept", "reason": "", "version": version_of(app, gs01)})
        assert r.status_code == 400 and "没有待处理的申诉" in r.text
    assert score(app, run_id, VETO_CASE) == (0, "不合格")
    with app.state.sessions() as db:
        row = db.scalar(sa.select(FindingReview).where(FindingReview.seq == gs01))
        assert (row.contest_status, row.contest_decision, row.contest_outcome) == ("rejected", "证件已过期", None)
