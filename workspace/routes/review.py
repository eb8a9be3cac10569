"""人工复核: the case page, confirmed outcomes, a unit's contest of a machine 不合规, second-reviewer mode, 待核实."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from casereview.history.workspace_models import ADMIN, REVIEWER, UNIT
from casereview.workspace import review_actions
from casereview.workspace.case_view import case_page, finding_ref, pending_page, run_for
from casereview.workspace.deps import Viewer, current_viewer, get_db
from casereview.workspace.pages import message_page, render
from casereview.workspace.review_actions import Refused
from casereview.workspace.verdicts import OUTCOME_CHOICES

router = APIRouter()


def _history_db(request: Request) -> str:
    return request.app.state.settings.db


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _ref(request: Request, db: Session, viewer: Viewer, run_id: int, seq: int, *roles: str):
    """The finding acted on: 404 outside the viewer's units first, then 403 for a role that may not act."""
    ref = finding_ref(run_for(db, _history_db(request), run_id, viewer), seq, viewer)
    viewer.require(*roles)
    return ref


def _back(run_id: int, case_id: str, seq: int) -> RedirectResponse:
    return RedirectResponse(f"/runs/{run_id}/cases/{quote(case_id)}#f-{seq}", status_code=303)


@router.get("/runs/{run_id}/cases/{case_id:path}")      # path: a case id may hold a slash
def case(request: Request, run_id: int, case_id: str, viewer: Viewer = Depends(current_viewer),
         db: Session = Depends(get_db)):
    run = run_for(db, _history_db(request), run_id, viewer)
    return render(request, "review/case.html", choices=OUTCOME_CHOICES, **case_page(db, run, case_id, viewer))


@router.get("/runs/{run_id}/pending")
def pending(request: Request, run_id: int, viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    run = run_for(db, _history_db(request), run_id, viewer)
    return render(request, "review/pending.html", **pending_page(db, run, viewer))


@router.post("/runs/{run_id}/findings/{seq}/confirm")
def confirm(request: Request, run_id: int, seq: int, outcome: str = Form(""), reason: str = Form(""),
            version: int = Form(...), viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    ref = _ref(request, db, viewer, run_id, seq, ADMIN, REVIEWER)
    try:
        review_actions.confirm(db, viewer.name, ref, outcome, reason, version, _ip(request))
    except Refused as e:
        return message_page(request, "无法提交复核", str(e), 400)
    db.commit()
    return _back(run_id, ref.case_id, seq)


@router.post("/runs/{run_id}/findings/{seq}/contest")
def contest(request: Request, run_id: int, seq: int, reason: str = Form(""), version: int = Form(...),
            viewer: Viewer = Depends(current_viewer), db: Session = Depends(get_db)):
    ref = _ref(request, db, viewer, run_id, seq, UNIT)
    try:
        review_actions.contest(db, viewer.name, ref, reason, version, _ip(request))
    except Refused as e:
        return message_page(request, "无法提交申诉", str(e), 400)
    db.commit()
    return _back(run_id, ref.case_id, seq)


@router.post("/runs/{run_id}/findings/{seq}/contest/decide")
def decide(request: Request, run_id: int, seq: int, decision: str = Form(""), outcome: str = Form("pass"),
           reason: str = Form(""), version: int = Form(...), viewer: Viewer = Depends(current_viewer),
           db: Session = Depends(get_db)):
    ref = _ref(request, db, viewer, run_id, seq, ADMIN, REVIEWER)
    if decision not in ("accept", "reject"):
        return message_page(request, "无法处理申诉", "请选择“申诉成立”或“驳回申诉”", 400)
    try:
        review_actions.decide_contest(db, viewer.name, ref, decision == "accept", outcome, reason, version,
                                      _ip(request))
    except Refused as e:
        return message_page(request, "无法处理申诉", str(e), 400)
    db.commit()
    return _back(run_id, ref.case_id, seq)
