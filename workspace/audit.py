"""The audit log: every change written with who, when, what, before -> after."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.orm import Session

from casereview.history.workspace_models import AuditEntry


def now() -> datetime:
    """UTC without tzinfo, as every workspace timestamp is stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def audit(db: Session, who: str | None, action: str, target: str | None = None,
          before: dict | None = None, after: dict | None = None, ip: str | None = None) -> None:
    """Add an entry to the caller's transaction: it commits with the change it records, or not at all."""
    db.add(AuditEntry(at=now(), username=who, action=action, target=target, before=before, after=after, ip=ip))
