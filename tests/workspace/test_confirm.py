"""人工复核 of one finding: the confirmed score, grade and unit rate recomputed; reasons required; audited.

Expectations worked out by hand from rules/三项制度.yaml: JL01 deducts 10, GS04 deducts 5; grades 优秀 ≥ 90,
良好 ≥ 80, 合格 ≥ 60; a unit's rate for a rule = pass / (pass + fail) (docs/format.md)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from casereview.history.models import Run as RunRow
from casereview.history.workspace_models import AuditEntry, FindingReview
from casereview.workspace.confirmed import confirmed_run
from tests.workspace.conftest import signed_in
from tests.workspace.web import UNIT_A

CASE = "A32015120260001118"        # of U320151: GS04, JL01 and CX03 无法判定, nothing failed (machine 100 优秀)


def run_findings(app, run_id) -> pd.DataFrame:
    """findings.csv of the run folder: its row number is the finding's seq."""
    with app.state.sessions() as db:
        folder = Path(db.scalar(sa.select(RunRow.out_dir).where(RunRow.id == run_id)))
    return pd.read_csv(folder / "findings.csv", dtype=str, keep_default_na=False)


def seq_of(findings: pd.DataFrame, case_id: str, rule_id: str) -> int:
    rows = findings.index[(findings["case_id"] == case_id) & (findings["rule_id"] == rule_id)]
    assert len(rows) == 1
    return int(rows[0])


def text_of(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', html)
    assert found, element_id
    return found.group(1).strip()


def confirmed(app, run_id):
    with app.state.sessions() as db:
        return confirmed_run(db, app.state.settings.db, run_id)


def test_confirm_unknown_fail_drops_score_by_the_rules_deduction(reviewed):
    app, run_id = reviewed
    findings = run_findings(app, run_id)
    jl01, gs04 = seq_of(findings, CASE, "JL01"), seq_of(findings, CASE, "GS04")
    assert findings.loc[jl01, "outcome"] == "unknown" and findings.loc[gs04, "outcome"] == "unknown"
    unit_jl01 = findings[(findings["unit_id"] == UNIT_A) & (findings["rule_id"] == "JL01")]
    passed, failed = int((unit_jl01["outcome"] == "pass").sum()), int((unit_jl01["outcome"] == "fail").sum())

    with signed_in(app, "pc1") as b:
        page = b.get(f"/runs/{run_id}/cases/{CASE}").text
        assert text_of(page, "machine-score") == "100" and text_of(page, "confirmed-score") == "100"
        r = b.post(f"/runs/{run_id}/findings/{jl01}/confirm",
                   {"outcome": "fail", "reason": "卷内无执法全过程记录", "version": "0"}, follow_redirects=False)
        assert r.status_code == 303
        page = b.get(f"/runs/{run_id}/cases/{CASE}").text
        assert text_of(page, "machine-score") == "100" and text_of(page, "machine-grade") == "优秀"
        assert text_of(page, "confirmed-score") == "90" and text_of(page, "confirmed-grade") == "优秀"   # 100 − 10
        assert text_of(page, f"machine-{jl01}") == "无法判定" and text_of(page, f"confirmed-{jl01}") == "不合规"
        b.post(f"/runs/{run_id}/findings/{gs04}/confirm",
               {"outcome": "fail", "reason": "未出示执法证件", "version": "0"}, follow_redirects=False)
        page = b.get(f"/runs/{run_id}/cases/{CASE}").text
        assert text_of(page, "confirmed-score") == "85" and text_of(page, "confirmed-grade") == "良好"  # 90 − 5

    run = confirmed(app, run_id)
    case = run.confirmed.cases.set_index("case_id").loc[CASE]
    assert case["score"] == 85 and case["failed_rules"] == "GS04;JL01" and case["unknown_rules"] == "CX03"
    assert run.confirmed.findings.loc[jl01, "machine_outcome"] == "unknown"
    assert run.confirmed.findings.loc[jl01, "deduction"] == 10
    jl01_row = lambda units: units[(units["unit_id"] == UNIT_A) & (units["rule_id"] == "JL01")].iloc[0]
    machine, people = jl01_row(run.machine.units), jl01_row(run.confirmed.units)
    assert (machine["pass"], machine["fail"]) == (passed, failed)              # a / b
    assert (people["pass"], people["fail"]) == (passed, failed + 1)           # c / d: one 无法判定 now 不合规
    assert machine["rate"] == round(passed / (passed + failed), 4)
    assert people["rate"] == round(passed / (passed + failed + 1), 4)
    assert list(run.confirmed.findings.index) == list(run.machine.findings.index)
    with app.state.sessions() as db:
        row = db.scalar(sa.select(FindingReview).where(FindingReview.seq == jl01))
        assert (row.confirmed_outcome, row.confirmed_by, row.version) == ("fail", "pc1", 1)
        entry = db.scalar(sa.select(AuditEntry).where(AuditEntry.action == "finding.confirm")
                          .order_by(AuditEntry.id))
        assert entry.before is None and entry.after["confirmed_outcome"] == "fail"


def test_without_verdicts_confirmed_equals_machine(reviewed):
    app, run_id = reviewed
    run = confirmed(app, run_id)
    assert run.confirmed.cases.equals(run.machine.cases)
    assert run.confirmed.units.equals(run.machine.units)


def test_reason_is_required_and_outcome_checked(reviewed):
    app, run_id = reviewed
    jl01 = seq_of(run_findings(app, run_id), CASE, "JL01")
    with signed_in(app, "pc1") as b:
        b.get(f"/runs/{run_id}/cases/{CASE}")
        r = b.post(f"/runs/{run_id}/findings/{jl01}/confirm", {"outcome": "fail", "reason": "  ", "version": "0"})
        assert r.status_code == 400 and "请填写复核理由" in r.text
        r = b.post(f"/runs/{run_id}/findings/{jl01}/confirm", {"outcome": "maybe", "reason": "x", "version": "0"})
        assert r.status_code == 400
    with app.state.sessions() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(FindingReview)) == 0


def test_roles_and_units(reviewed):
    app, run_id = reviewed
    jl01 = seq_of(run_findings(app, run_id), CASE, "JL01")
    with signed_in(app, "dw1") as b:                       # its own unit's case: readable, not confirmable
        assert b.get(f"/runs/{run_id}/cases/{CASE}").status_code == 200
        r = b.post(f"/runs/{run_id}/findings/{jl01}/confirm", {"outcome": "pass", "reason": "x", "version": "0"})
        assert r.status_code == 403
    with signed_in(app, "dw2") as b:                       # another unit: as if it did not exist
        assert b.get(f"/runs/{run_id}/cases/{CASE}").status_code == 404
        assert b.get(f"/runs/{run_id}/cases/NO-SUCH-CASE").status_code == 404
        r = b.post(f"/runs/{run_id}/findings/{jl01}/confirm", {"outcome": "pass", "reason": "x", "version": "0"})
        assert r.status_code == 404                        # not 403: another unit's finding is not there at all
        assert b.post(f"/runs/{run_id}/findings/{jl01}/contest", {"reason": "x", "version": "0"}).status_code == 404
    with signed_in(app, "ld") as b:
        assert b.get(f"/runs/{run_id}/cases/{CASE}").status_code == 200
        r = b.post(f"/runs/{run_id}/findings/{jl01}/confirm", {"outcome": "pass", "reason": "x", "version": "0"})
        assert r.status_code == 403
    with signed_in(app, "pc1") as b:
        assert b.get(f"/runs/{run_id + 99}/cases/{CASE}").status_code == 404


def test_case_page_shows_its_records_in_chinese(reviewed):
    app, run_id = reviewed
    with signed_in(app, "dw1") as b:
        page = b.get(f"/runs/{run_id}/cases/{CASE}").text
    assert page.index("<h3>案件</h3>") < page.index("<h3>执法活动</h3>")
    assert "<th>活动编号</th>" in page and "<th>执法人员</th>" in page and "<th>文书名称</th>" in page
    assert f"<td>{CASE}-1</td>" in page                      # its act, the id the sample gives a case's first act
    assert "_row" not in page and "__has_time" not in page and "(&#39;" not in page
