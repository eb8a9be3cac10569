"""整改: notices per unit, answers item by item, acceptance, re-review, the board."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from casereview.errors import UsageError
from casereview.history.connect import HistoryError
from casereview.history.workspace_models import ADMIN, REVIEWER, UNIT, Notice, NoticeItem, Unit
from casereview.workspace.deps import NotFound, Viewer, current_viewer, get_db
from casereview.workspace.notices import (ANSWER_KINDS, DUE_UNKNOWN, answer_item, board, decide_item, due_for,
                                          failed_by_unit, is_overdue, issue_notices, notice_items, read_confirmed,
                                          run_notices)
from casereview.workspace.pages import message_page, render

router = APIRouter()


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _run(db: Session, request: Request, run_id: int, viewer: Viewer):
    """The confirmed run; 404 when missing, or for a unit user when it has none of their units."""
    try:
        run = read_confirmed(db, request.app.state.settings.db, run_id)
    except HistoryError:
        raise NotFound() from None
    if viewer.units is not None and not viewer.units & set(run.cases["unit_id"].astype(str)):
        raise NotFound()
    return run


def _notice(db: Session, notice_id: int, viewer: Viewer) -> Notice:
    notice = db.get(Notice, notice_id)
    if notice is None:
        raise NotFound()
    viewer.check_unit(notice.unit_id)
    return notice


def _item(db: Session, notice: Notice, item_id: int) -> NoticeItem:
    item = db.get(NoticeItem, item_id)
    if item is None or item.notice_id != notice.id:
        raise NotFound()
    return item


def _unit_names(db: Session) -> dict[str, str]:
    return dict(db.execute(sa.select(Unit.unit_id, Unit.name)).all())


@router.get("/runs/{run_id}/notices")
def run_notices_page(request: Request, run_id: int, viewer: Viewer = Depends(current_viewer),
                     db: Session = Depends(get_db)):
    run = _run(db, request, run_id, viewer)
    notices = [n for n in run_notices(db, run_id) if viewer.allows(n.unit_id)]
    noticed = {n.unit_id: n for n in notices}
    failed = {u: rows for u, rows in failed_by_unit(run).items() if u and viewer.allows(u)}
    default_days, _ = due_for(run, date.today())
    return render(request, "rectify/issue.html", run_id=run_id, notices=notices, noticed=noticed, failed=failed,
                  names=_unit_names(db), default_days=default_days, can_issue=viewer.role in (ADMIN, REVIEWER),
                  counts={n.id: len(notice_items(db, n.id)) for n in notices}, DUE_UNKNOWN=DUE_UNKNOWN)


@router.post("/runs/{run_id}/notices")
def issue(request: Request, run_id: int, units: list[str] = Form(default=[]), due_days: str = Form(""),
          viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    _run(db, request, run_id, viewer)            # 404 before 403: a unit user learns nothing of other runs
    viewer.require(ADMIN, REVIEWER)
    try:
        days = int(due_days) if due_days.strip() else None
    except ValueError:
        return message_page(request, "无法下发整改通知", f"整改期限须为整数个工作日，实为“{due_days}”", 400)
    try:
        notices = issue_notices(db, request.app.state.settings.db, run_id, units or None, by=viewer.name,
                                due_days=days, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return message_page(request, "无法下发整改通知", str(e), 400)
    db.commit()
    target = f"/notices/{notices[0].id}" if len(notices) == 1 else f"/runs/{run_id}/notices"
    return RedirectResponse(target, status_code=303)


@router.get("/notices/{notice_id}")
def notice_page(request: Request, notice_id: int, viewer: Viewer = Depends(current_viewer),
                db: Session = Depends(get_db)):
    notice = _notice(db, notice_id, viewer)
    items = notice_items(db, notice.id)
    today = date.today()
    return render(request, "rectify/notice.html", notice=notice, items=items,
                  name=_unit_names(db).get(notice.unit_id),
                  overdue={i.id for i in items if is_overdue(i, notice.due_date, today)}, today=today,
                  can_answer=viewer.role == UNIT, can_decide=viewer.role in (ADMIN, REVIEWER),
                  ANSWER_KINDS=ANSWER_KINDS, DUE_UNKNOWN=DUE_UNKNOWN)


@router.post("/notices/{notice_id}/items/{item_id}/answer")
def answer(request: Request, notice_id: int, item_id: int, version: int = Form(...), kind: str = Form(""),
           note: str = Form(""), viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    item = _item(db, _notice(db, notice_id, viewer), item_id)
    viewer.require(UNIT)
    try:
        answer_item(db, item, version, kind, note, by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return message_page(request, "无法答复", str(e), 400)
    db.commit()
    return RedirectResponse(f"/notices/{notice_id}#item-{item_id}", status_code=303)


@router.post("/notices/{notice_id}/items/{item_id}/decide")
def decide(request: Request, notice_id: int, item_id: int, version: int = Form(...), decision: str = Form(""),
           note: str = Form(""), viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    item = _item(db, _notice(db, notice_id, viewer), item_id)
    viewer.require(ADMIN, REVIEWER)
    try:
        decide_item(db, item, version, decision, note, by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return message_page(request, "无法审核", str(e), 400)
    db.commit()
    return RedirectResponse(f"/notices/{notice_id}#item-{item_id}", status_code=303)


@router.get("/rectify")
def board_page(request: Request, viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    return render(request, "rectify/board.html", rows=board(db, viewer.units), DUE_UNKNOWN=DUE_UNKNOWN)
