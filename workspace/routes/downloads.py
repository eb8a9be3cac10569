"""Downloads: workbook, HTML report, annual report, sample list, 整改通知, with confirmed outcomes."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from casereview.history.models import COMPLETE, CaseScore, UnitRate
from casereview.history.models import Run as RunRow
from casereview.history.workspace_models import UNIT, VIEWER, Job, Unit
from casereview.workspace.confirmed import confirmed_run
from casereview.workspace.deps import NotFound, Viewer, current_viewer, get_db
from casereview.workspace.downloads import (DEFAULT_PER_UNIT, DEFAULT_SEED, KINDS, Ask, Download, NoDownload, build,
                                          shown_source)
from casereview.workspace.pages import message_page, render

router = APIRouter()
MASKED_ROLES = (UNIT, VIEWER)


@router.get("/runs/{run_id}/downloads")
def downloads_page(request: Request, run_id: int, viewer: Viewer = Depends(current_viewer),
                   db: Session = Depends(get_db)):
    """What this run offers this viewer: the files, and a 整改通知书 for each of the units they may see."""
    row = db.get(RunRow, run_id)
    if row is None or row.status != COMPLETE:
        raise NotFound()
    units = [(u, name) for u, name in run_units(db, run_id) if viewer.allows(u)]
    if not units:
        raise NotFound()
    year = (row.as_of.year - 1) if row.as_of else None
    return render(request, "downloads/run.html", run_id=run_id, units=units, kinds=KINDS, year=year,
                  per_unit=DEFAULT_PER_UNIT, seed=DEFAULT_SEED, as_of=row.as_of)


def run_units(db: Session, run_id: int) -> list[tuple[str, str]]:
    """(unit id, name) of the run's cases: the name an admin set, else the run's own, else the id."""
    ids = db.scalars(sa.select(CaseScore.unit_id).where(CaseScore.run_id == run_id).distinct())
    own = dict(db.execute(sa.select(UnitRate.unit_id, UnitRate.unit_name).where(UnitRate.run_id == run_id)).all())
    admin = dict(db.execute(sa.select(Unit.unit_id, Unit.name)).all())
    return sorted((u, admin.get(u) or own.get(u) or u) for u in ids if u)


@router.get("/runs/{run_id}/download/{kind}")
def download(request: Request, run_id: int, kind: str, unit: str | None = None, year: int | None = None,
             per_unit: int = DEFAULT_PER_UNIT, seed: int = DEFAULT_SEED,
             viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    row = db.get(RunRow, run_id)
    if kind not in KINDS or row is None or row.status != COMPLETE:
        raise NotFound()
    if unit is not None:
        viewer.check_unit(unit)
    upload = db.scalar(sa.select(Job.input_name).where(Job.run_id == run_id).limit(1))
    db.commit()          # end this session's transaction: on SQLite it holds the file the run is read from
    run = shown_source(confirmed_run(db, request.app.state.settings.db, run_id).confirmed, upload)
    if viewer.units is not None and not set(run.cases["unit_id"].astype(str)) & viewer.units:
        raise NotFound()
    ask = Ask(kind, viewer.units, viewer.role in MASKED_ROLES, unit=unit, year=year, per_unit=per_unit, seed=seed)
    try:
        file = build(run, Path(row.out_dir) if row.out_dir else None, ask)
    except NoDownload as e:
        return message_page(request, "无法下载", str(e), 404)
    return attachment(file)


def attachment(file: Download) -> Response:
    """The file with its Chinese name (RFC 5987 filename*, and a plain ASCII fallback for old clients)."""
    fallback = "download" + Path(file.filename).suffix
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file.filename)}"
    return Response(file.content, media_type=file.media_type, headers={"Content-Disposition": disposition})
