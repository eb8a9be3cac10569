"""Background reviews: jobs left by a dead server fail at start-up, a failed review shows its Chinese error and
never a traceback, stage labels as the CLI's, the workers stop with the app."""
from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry, Job
from casereview.workspace import create_app, jobs
from casereview.workspace.audit import now
from casereview.workspace.jobs import ORPHANED, stage_label
from tests.workspace.conftest import signed_in
from tests.workspace.review_steps import page, start, text_of, upload, wait
from tests.workspace.web import SAMPLE


def _add_job(app, status: str) -> int:
    with app.state.sessions() as db:
        job = Job(status=status, created_by="pc1", created_at=now(), input_name="x.xlsx", input_path="/nowhere")
        db.add(job)
        db.commit()
        return job.id


def test_jobs_left_running_fail_at_start_up(ws_app):
    ids = {s: _add_job(ws_app, s) for s in ("queued", "running", "uploaded", "failed")}
    ws_app.state.engine.dispose()
    again = create_app(ws_app.state.settings)
    try:
        with again.state.sessions() as db:
            rows = {j.id: j for j in db.scalars(sa.select(Job))}
            audited = list(db.scalars(sa.select(AuditEntry.target).where(AuditEntry.action == "job.orphaned")))
        assert rows[ids["queued"]].status == rows[ids["running"]].status == "failed"
        assert rows[ids["queued"]].message == rows[ids["running"]].message == "服务重启，评查中断" == ORPHANED
        assert rows[ids["uploaded"]].status == "uploaded" and rows[ids["failed"]].message is None
        assert sorted(audited) == sorted([f"评查任务 {ids['queued']}", f"评查任务 {ids['running']}"])
    finally:
        again.state.engine.dispose()


def _zip_without_cases() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("人员.csv", "人员编号,姓名\nP1,张三\n".encode("utf-8"))
    return buf.getvalue()


def test_failed_review_shows_the_chinese_error(ws_app):
    with signed_in(ws_app, "pc1") as b:
        job_url = upload(b, "人员.zip", _zip_without_cases()).headers["location"]
        inspect = b.get(job_url).text
        assert "没有案件表" in inspect and 'id="start-review"' not in inspect
        assert start(b, job_url).status_code == 303       # posted all the same: the review itself refuses
        done = wait(b, job_url)
        shown = b.get(job_url).text
    assert done["status"] == "failed" and done["run_url"] is None
    assert done["message"].startswith("输入错误") and "没有案件表" in done["message"]
    assert "人员.zip" in done["message"] and str(ws_app.state.settings.uploads) not in done["message"]
    assert text_of(page(shown), "job-error") == done["message"] and "Traceback" not in shown


def test_unexpected_failure_is_one_line(ws_app, monkeypatch):
    def broken(*_a, **_kw):
        raise ValueError("secret internals")
    monkeypatch.setattr(jobs, "run_review", broken)
    with signed_in(ws_app, "pc1") as b:
        job_url = upload(b, SAMPLE.name, SAMPLE.read_bytes()).headers["location"]
        start(b, job_url)
        done = wait(b, job_url)
    assert done["message"] == "评查失败：程序内部错误（ValueError），详情见服务器日志"
    with ws_app.state.sessions() as db:
        assert db.scalar(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "job.fail"


def test_progress_is_recorded_stage_by_stage(ws_app, monkeypatch):
    seen = []
    real = jobs.run_review

    def watched(*a, progress, **kw):
        def spy(stage, done, total):
            progress(stage, done, total)
            with ws_app.state.sessions() as db:
                job = db.scalars(sa.select(Job)).one()
                seen.append((job.stage, job.done, job.total))
        return real(*a, progress=spy, **kw)
    monkeypatch.setattr(jobs, "run_review", watched)
    with signed_in(ws_app, "pc1") as b:
        job_url = upload(b, SAMPLE.name, SAMPLE.read_bytes()).headers["location"]
        start(b, job_url)
        assert wait(b, job_url)["status"] == "complete"
    stages = list(dict.fromkeys(s for s, *_ in seen))
    assert stages == ["load", "facts", "rules", "findings", "scoring", "due", "write"]
    assert ("write", 360, 360) in seen and ("load", 360, 360) in seen


@pytest.mark.parametrize("stage, label", [("load", "读入案卷"), ("rules", "执行规则"), ("write", "写出结果"),
                                          (None, "等待开始")])
def test_stage_labels_are_the_clis(stage, label):
    assert stage_label(stage) == label


def test_workers_stop_with_the_app(ws_app):
    with signed_in(ws_app, "pc1") as b:
        runner = ws_app.state.jobs
        assert runner.shutdown in ws_app.state.on_shutdown
        job_url = upload(b, SAMPLE.name, SAMPLE.read_bytes()).headers["location"]
        start(b, job_url)
        pool = runner.pool
        assert pool is not None
    assert runner.pool is None
    with pytest.raises(RuntimeError):          # stopped: the old pool takes no more work
        pool.submit(print)
    with ws_app.state.sessions() as db:        # the running review was waited for
        assert db.scalar(sa.select(Job.status)) == "complete"
