"""Per-request dependencies: the database session, the signed-in user, roles and unit scope.

A unit user sees only its own units: `Viewer.check_unit` answers 404 for any other unit, so a URL guessed
for another unit's case, run, download or notice looks exactly like one that does not exist."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from casereview.history.workspace_models import ADMIN, REVIEWER, UNIT, User
from casereview.workspace.accounts import user_units


class LoginRequired(Exception):
    """No valid session: the app redirects to the login page."""


class Forbidden(Exception):
    """Signed in, but the role may not do this (403)."""


class NotFound(Exception):
    """Nothing there, or nothing this user may see (404, the same page either way)."""


class Conflict(Exception):
    """Someone else changed the record since it was read (409); the message says who and when."""


@dataclass(frozen=True)
class Viewer:
    """The signed-in user and the units they may see (None: every unit)."""

    user: User
    units: frozenset[str] | None

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def role(self) -> str:
        return self.user.role

    def allows(self, unit_id: str | None) -> bool:
        return self.units is None or (unit_id is not None and unit_id in self.units)

    def check_unit(self, unit_id: str | None) -> None:
        if not self.allows(unit_id):
            raise NotFound()

    def require(self, *roles: str) -> None:
        if self.role not in roles:
            raise Forbidden()


ID_PARAMS = ("run_id", "seq", "job_id", "notice_id", "item_id", "user_id")
MAX_ID = 2**63 - 1          # the largest id a database column holds (a bigger one overflowed into a 500)


def ids_in_range(request: Request) -> None:
    """App-wide dependency: a numeric id in the path beyond any stored id is simply not there (404)."""
    for name in ID_PARAMS:
        value = str(request.path_params.get(name, ""))
        if value.lstrip("-").isdigit() and not -MAX_ID <= int(value) <= MAX_ID:
            raise NotFound()


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as db:
        yield db


def current_viewer(request: Request, db: Session = Depends(get_db)) -> Viewer:
    """The user of a valid session: it exists, is enabled, and its password has not changed since."""
    uid, epoch = request.session.get("uid"), request.session.get("epoch")
    user = db.get(User, uid) if uid is not None else None
    if user is None or user.disabled or user.session_epoch != epoch:
        request.session.pop("uid", None)
        raise LoginRequired()
    units = frozenset(user_units(db, user)) if user.role == UNIT else None
    request.state.viewer = Viewer(user, units)
    return request.state.viewer


def require_roles(*roles: str):
    """A dependency admitting only these roles (403 for the others)."""
    def check(viewer: Viewer = Depends(current_viewer)) -> Viewer:
        viewer.require(*roles)
        return viewer
    return check


admin_only = require_roles(ADMIN)
reviewers = require_roles(ADMIN, REVIEWER)
