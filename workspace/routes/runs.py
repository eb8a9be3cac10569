"""Reviews: upload, inspect, start, progress; the run list, run and unit pages (the case page is review.py's)."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from casereview.casefiles.inspect import inspect_input
from casereview.casefiles.inspect_text import COLUMN_TITLES, column_rows, table_details, table_head
from casereview.errors import CaseReviewError
from casereview.history.models import Run as RunRow
from casereview.history.workspace_models import JOB_DONE, JOB_FAILED, QUEUED, Job
from casereview.workspace.audit import audit, now
from casereview.workspace.deps import NotFound, Viewer, current_viewer, get_db, reviewers
from casereview.workspace.jobs import SOURCE_PREFIX, STATUS_LABELS, UPLOADED, input_of, stage_label
from casereview.workspace.pages import message_page, render
from casereview.workspace.reviewing import ReviewChoices, bundled_overlays, bundled_packs, engines
from casereview.workspace.run_views import RATE_RANKING_RULE, has_units, run_page, run_row, unit_page, visible_runs
from casereview.workspace.uploads import receive, store

router = APIRouter()


def _settings(request: Request):
    return request.app.state.settings


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/runs")
def runs_list(request: Request, viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    jobs = [] if viewer.units is not None else list(db.scalars(
        sa.select(Job).where(Job.status != JOB_DONE).order_by(Job.id.desc()).limit(20)))
    names = dict(db.execute(sa.select(Job.run_id, Job.input_name).where(Job.run_id.is_not(None))).all())
    return render(request, "runs/list.html", runs=visible_runs(db, viewer), jobs=jobs, names=names,
                  STATUS_LABELS=STATUS_LABELS, stage_label=stage_label)


@router.get("/runs/new")
def new_run(request: Request, viewer: Viewer = Depends(reviewers)):
    return render(request, "runs/new.html", sources=sorted(_settings(request).sources), error=None)


@router.post("/runs/new")
async def upload(request: Request, file: UploadFile | None = File(None), source: str = Form(""),
                 viewer: Viewer = Depends(reviewers), db: Session = Depends(get_db)):
    settings = _settings(request)
    try:
        if source:
            if source not in settings.sources:
                return render(request, "runs/new.html", status_code=400, sources=sorted(settings.sources),
                              error=f"未知数据源“{source}”")
            path, name, kind = SOURCE_PREFIX + source, f"数据源 {source}", "source"
        elif file is not None and file.filename:
            received, name = await receive(file, settings.uploads, settings.max_upload_mb)
            stored = store(received, name)
            path, kind = str(stored.path), stored.kind
        else:
            return render(request, "runs/new.html", status_code=400, sources=sorted(settings.sources),
                          error="请选择要上传的文件或数据源")
    except CaseReviewError as e:
        return render(request, "runs/new.html", status_code=400, sources=sorted(settings.sources), error=str(e))
    job = Job(status=UPLOADED, created_by=viewer.name, created_at=now(), input_name=name, input_path=path)
    db.add(job)
    db.flush()
    audit(db, viewer.name, "job.upload", f"评查任务 {job.id}", None, {"input": name, "kind": kind}, _ip(request))
    db.commit()
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _job(db: Session, viewer: Viewer, job_id: int) -> Job:
    """A job the viewer may see: a unit user only a finished one whose run holds their units."""
    job = db.get(Job, job_id)
    if job is None or (viewer.units is not None and (job.status != JOB_DONE or job.run_id is None
                                                     or not has_units(db, viewer, job.run_id))):
        raise NotFound()
    return job


def _chosen(pack: str | None, overlays: list[str]) -> tuple[str, list[str]]:
    packs, known = bundled_packs(), bundled_overlays()
    return (pack if pack in packs else packs[0]), [o for o in overlays if o in known]


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: int, viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    job = _job(db, viewer, job_id)
    if job.status == JOB_DONE:
        return RedirectResponse(f"/runs/{job.run_id}", status_code=303)
    if job.status != UPLOADED:
        return render(request, "runs/job.html", job=job, STATUS_LABELS=STATUS_LABELS, stage=stage_label(job.stage))
    params = request.query_params
    pack, overlays = _chosen(params.get("pack"), params.getlist("overlay"))
    inspection, error = None, None
    try:
        inspection = inspect_input(input_of(job.input_path, _settings(request)), pack=pack, overlays=overlays)
    except CaseReviewError as e:
        error = str(e)
    return render(request, "runs/inspect.html", job=job, inspection=inspection, error=error, pack=pack,
                  overlays=overlays, packs=bundled_packs(), all_overlays=bundled_overlays(), engines=engines(),
                  today=date.today().isoformat(), runs=visible_runs(db, viewer), table_head=table_head,
                  table_details=table_details, column_rows=column_rows, COLUMN_TITLES=COLUMN_TITLES)


@router.post("/jobs/{job_id}/start")
def start(request: Request, job_id: int, pack: str = Form(...), overlay: list[str] = Form([]),
          as_of: str = Form(...), engine: str = Form("vector"), previous_run_id: str = Form(""),
          viewer: Viewer = Depends(reviewers), db: Session = Depends(get_db)):
    job = _job(db, viewer, job_id)
    if job.status != UPLOADED:
        return message_page(request, "已开始", "该评查任务已经开始，不能再次开始。", 409)
    problem = _check_choices(db, pack, overlay, as_of, engine, previous_run_id)
    if problem:
        return message_page(request, "选项有误", problem, 400)
    choices = ReviewChoices(as_of=date.fromisoformat(as_of), pack=pack, overlays=tuple(overlay), engine=engine)
    job.status, job.params = QUEUED, choices.as_params()
    job.previous_run_id = int(previous_run_id) if previous_run_id else None
    audit(db, viewer.name, "job.start", f"评查任务 {job.id}", {"status": UPLOADED},
          {"status": QUEUED, **job.params, "previous_run_id": job.previous_run_id}, _ip(request))
    db.commit()
    request.app.state.jobs.submit(job.id)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _check_choices(db: Session, pack: str, overlays: list[str], as_of: str, engine: str,
                   previous_run_id: str) -> str | None:
    if pack not in bundled_packs():
        return f"未知规则包“{pack}”"
    unknown = [o for o in overlays if o not in bundled_overlays()]
    if unknown:
        return f"未知叠加包“{'、'.join(unknown)}”"
    try:
        date.fromisoformat(as_of)
    except ValueError:
        return f"评查日“{as_of}”不是有效日期（应为 YYYY-MM-DD）"
    if engine not in engines():
        return f"引擎“{engine}”在本机不可用（可选：{'、'.join(engines())}）"
    if previous_run_id and (not previous_run_id.isdigit() or db.get(RunRow, int(previous_run_id)) is None):
        return f"没有编号为 {previous_run_id} 的评查记录"
    return None


@router.get("/jobs/{job_id}/progress")
def progress(request: Request, job_id: int, viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    job = _job(db, viewer, job_id)
    return {"status": job.status, "status_label": STATUS_LABELS.get(job.status, job.status),
            "stage": job.stage, "stage_label": stage_label(job.stage), "done": job.done, "total": job.total,
            "message": job.message if job.status == JOB_FAILED else None,
            "run_url": f"/runs/{job.run_id}" if job.status == JOB_DONE else None}


@router.get("/runs/{run_id}")
def run_detail(request: Request, run_id: int, viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    run = run_row(db, viewer, run_id)
    page = run_page(db, _settings(request).db, viewer, run_id)
    job = db.scalar(sa.select(Job).where(Job.run_id == run_id))
    previous = job.previous_run_id if job is not None else None
    if previous is not None and not has_units(db, viewer, previous):
        previous = None
    return render(request, "runs/run.html", run=run, page=page, job=job, previous=previous,
                  ranking_rule=RATE_RANKING_RULE)


@router.get("/runs/{run_id}/units/{unit_id}")
def unit_detail(request: Request, run_id: int, unit_id: str, viewer: Viewer = Depends(current_viewer),
                db: Session = Depends(get_db)):
    viewer.check_unit(unit_id)
    run = run_row(db, viewer, run_id)
    page = unit_page(db, _settings(request).db, viewer, run_id, unit_id)
    return render(request, "runs/unit.html", run=run, page=page)
