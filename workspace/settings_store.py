"""Workspace settings an admin changes in the UI, kept in ws_settings (one JSON value per key).

Second-reviewer mode lives here until the 人工复核 work brings its own module; the key and value shape
(second_reviewer -> {"on": bool}) are the same either way."""
from __future__ import annotations

from sqlalchemy.orm import Session

from casereview.history.workspace_models import Setting
from casereview.workspace.audit import audit

SECOND_REVIEWER = "second_reviewer"


def read_setting(db: Session, key: str) -> dict | None:
    row = db.get(Setting, key)
    return row.value if row is not None else None


def write_setting(db: Session, key: str, value: dict, *, by: str | None, ip: str | None = None) -> None:
    """Set `key` to `value`, audited with the value before; the caller commits."""
    row = db.get(Setting, key)
    before = row.value if row is not None else None
    if row is None:
        db.add(Setting(key=key, value=value))
    else:
        row.value = value
    audit(db, by, "setting.change", f"设置 {key}", {"value": before}, {"value": value}, ip=ip)


def second_reviewer_on(db: Session) -> bool:
    return bool((read_setting(db, SECOND_REVIEWER) or {}).get("on"))


def set_second_reviewer(db: Session, on: bool, by: str | None, ip: str | None = None) -> None:
    write_setting(db, SECOND_REVIEWER, {"on": bool(on)}, by=by, ip=ip)
