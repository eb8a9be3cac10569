"""Administration: users, units, rule packs, settings, the audit log."""
from __future__ import annotations

import json

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from casereview.errors import UsageError
from casereview.history.workspace_models import ADMIN, AuditEntry, User
from casereview.workspace.accounts import add_user, set_disabled, set_password, set_units, user_units
from casereview.workspace.deps import NotFound, Viewer, admin_only, get_db
from casereview.workspace.pages import render
from casereview.workspace.packs_list import bundled_packs
from casereview.workspace.settings_store import second_reviewer_on, set_second_reviewer
from casereview.workspace.units import add_unit, all_units, rename_unit

router = APIRouter(prefix="/admin")
AUDIT_PAGE = 200


def _ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _done(request: Request, path: str, message: str) -> RedirectResponse:
    """After a change: back to the page, which shows `message` once."""
    request.session["flash"] = message
    return RedirectResponse(path, status_code=303)


def _flash(request: Request) -> str | None:
    return request.session.pop("flash", None)


def _units_of(text: str) -> list[str]:
    return [u for u in (p.strip() for p in text.replace("，", ",").replace("、", ",").split(",")) if u]


def _user(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise NotFound()
    return user


# users

def _users_page(request: Request, db: Session, error: str | None = None, status_code: int = 200):
    users = list(db.scalars(sa.select(User).order_by(User.username)))
    units = {u.id: user_units(db, u) for u in users}
    return render(request, "admin/users.html", status_code=status_code, users=users, units=units,
                  known_units=all_units(db), error=error, flash=_flash(request))


@router.get("/users")
def users_page(request: Request, viewer: Viewer = Depends(admin_only), db: Session = Depends(get_db)):
    return _users_page(request, db)


@router.post("/users")
def user_add(request: Request, username: str = Form(...), password: str = Form(...), role: str = Form(...),
             display_name: str = Form(""), units: str = Form(""), viewer: Viewer = Depends(admin_only),
             db: Session = Depends(get_db)):
    try:
        add_user(db, username, password, role, display_name=display_name.strip() or None, units=_units_of(units),
                 by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return _users_page(request, db, str(e), 400)
    db.commit()
    return _done(request, "/admin/users", f"已添加用户 {username.strip()}")


@router.post("/users/{user_id}/password")
def user_password(request: Request, user_id: int, password: str = Form(...), viewer: Viewer = Depends(admin_only),
                  db: Session = Depends(get_db)):
    user = _user(db, user_id)
    try:
        set_password(db, user.username, password, by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return _users_page(request, db, str(e), 400)
    db.commit()
    return _done(request, "/admin/users", f"已重设 {user.username} 的密码，其已登录的会话随之失效")


@router.post("/users/{user_id}/disabled")
def user_disabled(request: Request, user_id: int, disabled: str = Form(...), viewer: Viewer = Depends(admin_only),
                  db: Session = Depends(get_db)):
    user = _user(db, user_id)
    stop = disabled == "1"
    if stop and user.role == ADMIN and _enabled_admins(db) <= 1:
        return _users_page(request, db, "不能停用唯一一个启用中的管理员账户", 400)
    if stop and user.id == viewer.user.id:
        return _users_page(request, db, "不能停用自己的账户", 400)
    set_disabled(db, user.username, stop, by=viewer.name, ip=_ip(request))
    db.commit()
    return _done(request, "/admin/users", f"已{'停用' if stop else '启用'}用户 {user.username}")


def _enabled_admins(db: Session) -> int:
    return db.scalar(sa.select(sa.func.count()).select_from(User)
                     .where(User.role == ADMIN, User.disabled.is_(False))) or 0


@router.post("/users/{user_id}/units")
def user_units_change(request: Request, user_id: int, units: str = Form(""), viewer: Viewer = Depends(admin_only),
                      db: Session = Depends(get_db)):
    user = _user(db, user_id)
    try:
        set_units(db, user.username, _units_of(units), by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return _users_page(request, db, str(e), 400)
    db.commit()
    return _done(request, "/admin/users", f"已更新 {user.username} 的所属单位")


# units

def _units_page(request: Request, db: Session, error: str | None = None, status_code: int = 200):
    return render(request, "admin/units.html", status_code=status_code, units=all_units(db), error=error,
                  flash=_flash(request))


@router.get("/units")
def units_page(request: Request, viewer: Viewer = Depends(admin_only), db: Session = Depends(get_db)):
    return _units_page(request, db)


@router.post("/units")
def unit_add(request: Request, unit_id: str = Form(...), name: str = Form(...), field: str = Form(""),
             viewer: Viewer = Depends(admin_only), db: Session = Depends(get_db)):
    try:
        add_unit(db, unit_id, name, field, by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return _units_page(request, db, str(e), 400)
    db.commit()
    return _done(request, "/admin/units", f"已添加单位 {unit_id.strip()}")


@router.post("/units/{unit_id}/name")
def unit_rename(request: Request, unit_id: str, name: str = Form(...), viewer: Viewer = Depends(admin_only),
                db: Session = Depends(get_db)):
    try:
        rename_unit(db, unit_id, name, by=viewer.name, ip=_ip(request))
    except UsageError as e:
        db.rollback()
        return _units_page(request, db, str(e), 400)
    db.commit()
    return _done(request, "/admin/units", f"已将单位 {unit_id} 更名为 {name.strip()}")


# packs, settings, audit

@router.get("/packs")
def packs_page(request: Request, viewer: Viewer = Depends(admin_only)):
    return render(request, "admin/packs.html", packs=bundled_packs())


@router.get("/settings")
def settings_page(request: Request, viewer: Viewer = Depends(admin_only), db: Session = Depends(get_db)):
    return render(request, "admin/settings.html", second_reviewer=second_reviewer_on(db), flash=_flash(request))


@router.post("/settings")
def settings_change(request: Request, second_reviewer: str = Form("0"), viewer: Viewer = Depends(admin_only),
                    db: Session = Depends(get_db)):
    on = second_reviewer == "1"
    if on != second_reviewer_on(db):
        set_second_reviewer(db, on, viewer.name, _ip(request))
        db.commit()
    return _done(request, "/admin/settings", f"双人复核已{'开启' if on else '关闭'}")


@router.get("/audit")
def audit_page(request: Request, user: str = "", action: str = "", viewer: Viewer = Depends(admin_only),
               db: Session = Depends(get_db)):
    q = sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(AUDIT_PAGE)
    if user.strip():
        q = q.where(AuditEntry.username == user.strip())
    if action.strip():
        q = q.where(AuditEntry.action.startswith(action.strip(), autoescape=True))
    entries = list(db.scalars(q))
    actions = list(db.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
    return render(request, "admin/audit.html", entries=entries, user=user, action=action, actions=actions,
                  shown=_json, limit=AUDIT_PAGE)


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)
