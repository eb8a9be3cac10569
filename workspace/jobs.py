"""Background reviews: a pool of workers runs queued jobs (ws_jobs) and keeps their stage and counts current.

A job is made when a file is uploaded (status `uploaded`), queued when the reviewer starts it, and ends
complete (with its run id) or failed (with the Chinese error people read; never a traceback)."""
from __future__ import annotations

import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.engine.run.stages import STAGE_LABELS
from casereview.errors import CaseReviewError, UsageError
from casereview.history.models import COMPLETE, CaseScore, Run
from casereview.history.workspace_models import JOB_DONE, JOB_FAILED, JOB_RUNNING, QUEUED, Job
from casereview.workspace.audit import audit, now
from casereview.workspace.confirmed import machine_run
from casereview.workspace.notices import recheck_from
from casereview.workspace.reviewing import ReviewChoices, learn_units, run_review
from casereview.workspace.settings import Settings

UPLOADED = "uploaded"                       # input stored; the reviewer has not started it yet
STATUS_LABELS = {UPLOADED: "待开始", QUEUED: "排队中", JOB_RUNNING: "评查中", JOB_DONE: "已完成", JOB_FAILED: "失败"}
ORPHANED = "服务重启，评查中断"
SOURCE_PREFIX = "source:"                   # input_path of a configured database source: source:<name>
SAVE_EVERY = 0.3                            # seconds between progress writes within one stage
log = logging.getLogger(__name__)


def stage_label(stage: str | None) -> str:
    return STAGE_LABELS.get(stage or "", stage or "等待开始")


def input_of(input_path: str | None, settings: Settings) -> str:
    """What the loader reads: the stored upload, or the URL of a configured database source."""
    path = input_path or ""
    if path.startswith(SOURCE_PREFIX):
        name = path.removeprefix(SOURCE_PREFIX)
        if name not in settings.sources:
            raise UsageError(f"数据源“{name}”已不在配置中（serve --source）")
        return settings.sources[name]
    return path


def fail_orphans(db: Session) -> int:
    """Jobs left queued or running by a server that stopped: failed, with ORPHANED; the caller commits."""
    jobs = list(db.scalars(sa.select(Job).where(Job.status.in_([QUEUED, JOB_RUNNING]))))
    for job in jobs:
        before = job.status
        job.status, job.message, job.finished_at = JOB_FAILED, ORPHANED, now()
        audit(db, None, "job.orphaned", f"评查任务 {job.id}", {"status": before}, {"status": JOB_FAILED})
    return len(jobs)


def previous_overlapping(db: Session, run_id: int) -> int | None:
    """The latest complete run before `run_id` sharing at least one case id with it."""
    mine = sa.select(CaseScore.case_id).where(CaseScore.run_id == run_id)
    return db.scalar(sa.select(sa.func.max(CaseScore.run_id))
                     .join(Run, Run.id == CaseScore.run_id)
                     .where(CaseScore.run_id < run_id, CaseScore.case_id.in_(mine), Run.status == COMPLETE))


class JobRunner:
    """settings.review_workers threads running queued jobs; `shutdown` waits for the running ones."""

    def __init__(self, sessions, settings: Settings):
        self.sessions, self.settings = sessions, settings
        self.pool: ThreadPoolExecutor | None = None       # made on first use, again after a shutdown

    def submit(self, job_id: int):
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=max(1, self.settings.review_workers),
                                           thread_name_prefix="review")
        return self.pool.submit(self.run, job_id)

    def shutdown(self) -> None:
        """Queued jobs are dropped (they fail at the next start-up); running ones are waited for."""
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def run(self, job_id: int) -> None:
        with self.sessions() as db:
            job = db.get(Job, job_id)
            if job is None or job.status != QUEUED:
                return
            job.status, job.stage, job.done, job.total = JOB_RUNNING, "load", 0, None
            db.commit()
            choices, source = ReviewChoices.from_params(job.params or {}), job.input_path
            shown = job.input_name or ""
        try:
            out = self.settings.runs / f"run-{job_id}-{uuid.uuid4().hex[:8]}"
            source = input_of(source, self.settings)
            run_id = run_review(self.settings.db, source, out, choices,
                                shown_source=shown, progress=self._progress(job_id))
            self._finish(job_id, run_id)
        except CaseReviewError as e:
            self._fail(job_id, self._as_uploaded(str(e), source, shown))
        except Exception as e:  # noqa: BLE001 - people read one line; the traceback goes to the log
            log.exception("评查任务 %s 失败", job_id)
            self._fail(job_id, f"评查失败：程序内部错误（{type(e).__name__}），详情见服务器日志")

    def _progress(self, job_id: int):
        last = {"stage": None, "at": 0.0}

        def report(stage: str, done: int, total: int | None) -> None:
            t = time.monotonic()
            if stage == last["stage"] and t - last["at"] < SAVE_EVERY and (total is None or done < total):
                return
            last.update(stage=stage, at=t)
            with self.sessions() as db:
                db.execute(sa.update(Job).where(Job.id == job_id).values(stage=stage, done=done, total=total))
                db.commit()
        return report

    def _finish(self, job_id: int, run_id: int) -> None:
        """Complete: the run id, the units it taught, re-checked 整改 items — one transaction."""
        # read (and cached for recheck_from) before our transaction: on SQLite a transaction holds the file
        unit_facts = machine_run(self.settings.db, run_id).unit_facts
        with self.sessions() as db:
            job = db.get(Job, job_id)
            job.status, job.run_id, job.finished_at, job.message = JOB_DONE, run_id, now(), None
            if job.previous_run_id is None:
                job.previous_run_id = previous_overlapping(db, run_id)
            learn_units(db, unit_facts)
            rechecked = recheck_from(db, self.settings.db, run_id)
            audit(db, job.created_by, "job.complete", f"评查任务 {job_id}", {"status": JOB_RUNNING},
                  {"status": JOB_DONE, "run_id": run_id, "previous_run_id": job.previous_run_id,
                   "rechecked": rechecked})
            db.commit()

    def _as_uploaded(self, message: str, source, shown: str) -> str:
        """The error as people know their file: the upload's own name, never the server's folder."""
        if source and shown:
            message = message.replace(str(source), shown)
        return message.replace(str(self.settings.uploads) + "/", "")

    def _fail(self, job_id: int, message: str) -> None:
        with self.sessions() as db:
            job = db.get(Job, job_id)
            job.status, job.message, job.finished_at = JOB_FAILED, message, now()
            audit(db, job.created_by, "job.fail", f"评查任务 {job_id}", {"status": JOB_RUNNING},
                  {"status": JOB_FAILED, "message": message})
            db.commit()


def start_jobs(app) -> JobRunner:
    """At start-up: fail what a dead server left running, then the workers (stopped with the app)."""
    with app.state.sessions() as db:
        fail_orphans(db)
        db.commit()
    runner = JobRunner(app.state.sessions, app.state.settings)
    app.state.jobs = runner
    app.state.on_shutdown.append(runner.shutdown)
    return runner
