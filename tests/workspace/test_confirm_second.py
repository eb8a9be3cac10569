"""Second-reviewer mode: a first verdict is pending; a different reviewer agrees (final) or disagrees (a third
reviewer decides); only final verdicts reach the confirmed run."""
from __future__ import annotations

import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry, FindingReview
from casereview.workspace.settings_store import second_reviewer_on, set_second_reviewer
from tests.workspace.conftest import signed_in
from tests.workspace.test_confirm import CASE, confirmed, run_findings, seq_of, text_of


def mode_on(app):
    with app.state.sessions() as db:
        set_second_reviewer(db, True, "admin")
        db.commit()
        assert second_reviewer_on(db)
        entry = db.scalar(sa.select(AuditEntry).where(AuditEntry.action == "setting.change"))
        assert (entry.before, entry.after) == ({"value": None}, {"value": {"on": True}})


def version_of(app, seq) -> str:
    with app.state.sessions() as db:
        row = db.scalar(sa.select(FindingReview).where(FindingReview.seq == seq))
        return str(row.version if row else 0)


def post(b, run_id, seq, outcome, app, reason="复核意见"):
    return b.post(f"/runs/{run_id}/findings/{seq}/confirm",
                  {"outcome": outcome, "reason": reason, "version": version_of(app, seq)}, follow_redirects=False)


def case_score(app, run_id) -> int:
    return int(confirmed(app, run_id).confirmed.cases.set_index("case_id").loc[CASE, "score"])


def test_agreeing_second_reviewer_makes_it_final(reviewed):
    app, run_id = reviewed
    mode_on(app)
    jl01 = seq_of(run_findings(app, run_id), CASE, "JL01")
    with signed_in(app, "pc1") as pc1, signed_in(app, "pc2") as pc2:
        pc1.get("/")
        assert post(pc1, run_id, jl01, "fail", app).status_code == 303
        assert case_score(app, run_id) == 100                          # pending: not counted yet
        page = pc1.get(f"/runs/{run_id}/cases/{CASE}").text
        assert text_of(page, f"state-{jl01}") == "待复核（初核：pc1）"
        assert text_of(page, f"confirmed-{jl01}") == "无法判定"
        assert post(pc1, run_id, jl01, "fail", app).status_code == 303     # pc1 again: still only the first
        assert case_score(app, run_id) == 100
        pc2.get("/")
        assert post(pc2, run_id, jl01, "fail", app).status_code == 303
        assert case_score(app, run_id) == 90                           # agreed: 100 − JL01's 10
        page = pc2.get(f"/runs/{run_id}/cases/{CASE}").text
        assert text_of(page, f"state-{jl01}") == "已确认"


def test_disagreement_goes_to_a_third_reviewer(reviewed):
    app, run_id = reviewed
    mode_on(app)
    jl01 = seq_of(run_findings(app, run_id), CASE, "JL01")
    with signed_in(app, "pc1") as pc1, signed_in(app, "pc2") as pc2, signed_in(app, "pc3") as pc3:
        post(pc1, run_id, jl01, "fail", app)
        post(pc2, run_id, jl01, "pass", app)
        assert case_score(app, run_id) == 100
        pending = pc1.get(f"/runs/{run_id}/pending").text
        assert text_of(pending, "count-third") == "1"
        assert f'id="p-{jl01}"' in pending and "待第三人裁定" in pending
        r = post(pc1, run_id, jl01, "fail", app)                       # neither first nor second may decide
        assert r.status_code == 400 and "第三位评查员" in r.text
        assert post(pc3, run_id, jl01, "fail", app).status_code == 303
        assert case_score(app, run_id) == 90
        assert text_of(pc3.get(f"/runs/{run_id}/pending").text, "count-third") == "0"
    with app.state.sessions() as db:
        row = db.scalar(sa.select(FindingReview).where(FindingReview.seq == jl01))
        assert (row.confirmed_by, row.second_by, row.third_by, row.needs_third) == ("pc1", "pc2", "pc3", False)
        steps = [e.after["step"] for e in db.scalars(sa.select(AuditEntry).where(
            AuditEntry.action == "finding.confirm").order_by(AuditEntry.id))]
        assert steps == ["初核", "复核", "第三人裁定"]
