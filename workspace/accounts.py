"""Accounts: create, change password, disable, and sign in with throttling (used by the UI and the CLI)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.errors import UsageError
from casereview.history.workspace_models import ROLE_LABELS, UNIT, User, UserUnit
from casereview.workspace.audit import audit, now
from casereview.workspace.passwords import hash_password, verify_password

# One hash to verify against when the user does not exist: the answer takes as long either way.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$nNG6R0eyKKddnQ9vFCZ+6w$pw4VzlGJ062FhcGFUQG8YaY9qMEYo8PdGtv0h37JN1E"


@dataclass(frozen=True)
class SignIn:
    user: User | None
    error: str | None       # the Chinese message shown on the login page


def find_user(db: Session, username: str) -> User | None:
    return db.scalar(sa.select(User).where(User.username == username))


def user_units(db: Session, user: User) -> list[str]:
    return list(db.scalars(sa.select(UserUnit.unit_id).where(UserUnit.user_id == user.id).order_by(UserUnit.unit_id)))


def add_user(db: Session, username: str, password: str, role: str, *, display_name: str | None = None,
             units: list[str] = (), by: str | None = None, ip: str | None = None) -> User:
    """A new account; a unit user needs at least one unit. Audited; the caller commits."""
    username = username.strip()
    if not username or len(username) > 64:
        raise UsageError("用户名须为 1–64 个字符")
    if role not in ROLE_LABELS:
        raise UsageError(f"未知角色 {role}，可选：" + "、".join(f"{k}（{v}）" for k, v in ROLE_LABELS.items()))
    if role == UNIT and not units:
        raise UsageError("单位用户须至少指定一个单位（--unit）")
    if find_user(db, username) is not None:
        raise UsageError(f"用户 {username} 已存在")
    user = User(username=username, display_name=display_name or username, password_hash=hash_password(password),
                role=role, disabled=False, failed_logins=0, session_epoch=0, created_at=now())
    db.add(user)
    db.flush()
    for unit_id in dict.fromkeys(units):
        db.add(UserUnit(user_id=user.id, unit_id=unit_id))
    audit(db, by, "user.add", f"用户 {username}", None, {"role": role, "units": list(units)}, ip=ip)
    return user


def set_password(db: Session, username: str, password: str, *, by: str | None = None,
                 ip: str | None = None) -> User:
    """New password; sessions signed in with the old one end, a lock is lifted."""
    user = _existing(db, username)
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    user.failed_logins, user.locked_until = 0, None
    audit(db, by, "user.passwd", f"用户 {username}", ip=ip)
    return user


def set_disabled(db: Session, username: str, disabled: bool = True, *, by: str | None = None,
                 ip: str | None = None) -> User:
    user = _existing(db, username)
    before = user.disabled
    user.disabled = disabled
    user.session_epoch += 1
    audit(db, by, "user.disable" if disabled else "user.enable", f"用户 {username}",
          {"disabled": before}, {"disabled": disabled}, ip=ip)
    return user


def _existing(db: Session, username: str) -> User:
    user = find_user(db, username)
    if user is None:
        raise UsageError(f"没有用户 {username}")
    return user


def sign_in(db: Session, username: str, password: str, *, max_failed: int, lock_minutes: int,
            ip: str | None = None) -> SignIn:
    """Check a password; repeated failures lock the account. Every attempt is audited; the caller commits."""
    user = find_user(db, username.strip())
    t = now()
    if user is None:
        verify_password(_DUMMY_HASH, password)
        # the typed name is not kept: people type their password into the name box
        audit(db, None, "login.fail", f"未知用户（输入 {len(username)} 个字符）", ip=ip)
        return SignIn(None, "用户名或密码错误")
    if user.locked_until is not None and user.locked_until > t:
        audit(db, user.username, "login.locked", ip=ip)
        minutes = max(1, int((user.locked_until - t).total_seconds() // 60) + 1)
        return SignIn(None, f"密码错误次数过多，账户已锁定，请 {minutes} 分钟后再试或联系管理员")
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= max_failed:
            user.locked_until, user.failed_logins = t + timedelta(minutes=lock_minutes), 0
            audit(db, user.username, "login.lock", after={"locked_minutes": lock_minutes}, ip=ip)
            return SignIn(None, f"密码错误次数过多，账户已锁定 {lock_minutes} 分钟")
        audit(db, user.username, "login.fail", ip=ip)
        return SignIn(None, "用户名或密码错误")
    if user.disabled:
        audit(db, user.username, "login.disabled", ip=ip)
        return SignIn(None, "账户已停用，请联系管理员")
    user.failed_logins, user.locked_until = 0, None
    audit(db, user.username, "login", ip=ip)
    return SignIn(user, None)


def set_units(db: Session, username: str, units: list[str], *, by: str | None = None, ip: str | None = None) -> User:
    """Replace a user's units (a unit user keeps at least one). Audited; the caller commits."""
    user = _existing(db, username)
    units = list(dict.fromkeys(u.strip() for u in units if u.strip()))
    if user.role == UNIT and not units:
        raise UsageError("单位用户须至少指定一个单位")
    before = user_units(db, user)
    db.execute(sa.delete(UserUnit).where(UserUnit.user_id == user.id))
    for unit_id in units:
        db.add(UserUnit(user_id=user.id, unit_id=unit_id))
    user.session_epoch += 1          # a session keeps the units it started with: end it
    audit(db, by, "user.units", f"用户 {username}", {"units": before}, {"units": units}, ip=ip)
    return user
