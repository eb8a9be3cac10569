"""Signing in and out, the home page, and /healthz."""
from __future__ import annotations

import time
from collections import defaultdict, deque

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.orm import Session

from casereview.history.workspace_models import User
from casereview.workspace.accounts import sign_in
from casereview.workspace.audit import audit
from casereview.workspace.csrf import csrf_token
from casereview.workspace.deps import Viewer, current_viewer, get_db
from casereview.workspace.pages import message_page, render

router = APIRouter()

IP_WINDOW_SECONDS, IP_MAX_FAILURES = 600, 30       # failures from one address before it must wait
_failures: dict[str, deque] = defaultdict(deque)
IP_ADDRESSES_KEPT = 10_000       # addresses remembered at most; those with no recent failure are forgotten first


def _ip(request: Request) -> str:
    return request.client.host if request.client else "?"


def _too_many(ip: str) -> bool:
    cutoff = time.monotonic() - IP_WINDOW_SECONDS
    if len(_failures) > IP_ADDRESSES_KEPT:
        for stale in [a for a, q in _failures.items() if not q or q[-1] < cutoff]:
            del _failures[stale]
    q = _failures.get(ip)
    while q and q[0] < cutoff:
        q.popleft()
    return q is not None and len(q) >= IP_MAX_FAILURES


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host (//evil, https://evil, /\\evil)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    csrf_token(request)
    return render(request, "login.html", next=safe_next(next), error=None)


@router.post("/login")
def login(request: Request, username: str = Form(""), password: str = Form(""), next: str = Form("/"),
          db: Session = Depends(get_db)):
    ip, settings = _ip(request), request.app.state.settings
    if _too_many(ip):
        return message_page(request, "尝试过于频繁", "登录失败次数过多，请 10 分钟后再试。", 429)
    result = sign_in(db, username, password, max_failed=settings.max_failed_logins,
                     lock_minutes=settings.lock_minutes, ip=ip)
    db.commit()
    if result.user is None:
        _failures[ip].append(time.monotonic())
        return render(request, "login.html", status_code=401, next=safe_next(next), error=result.error,
                      username=username)
    request.session.clear()                      # a new session on sign-in: nothing carried over
    request.session.update(uid=result.user.id, epoch=result.user.session_epoch)
    csrf_token(request)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, db: Session = Depends(get_db)):
    """Signing out ends every session of the user: a copy of the signed cookie taken before is refused too
    (the cookie is the whole session, so only the user's session epoch can outlive it)."""
    user = db.get(User, request.session.get("uid")) if request.session.get("uid") is not None else None
    if user is not None and user.session_epoch == request.session.get("epoch"):
        user.session_epoch += 1
        audit(db, user.username, "logout", ip=_ip(request))
        db.commit()
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home(request: Request, viewer: Viewer = Depends(current_viewer)):
    return render(request, "home.html")


@router.get("/healthz")
def healthz(db: Session = Depends(get_db)):
    try:
        db.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return {"status": "ok"}
