"""Enforcement units known to the workspace: listed, added and renamed by an admin."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.errors import UsageError
from casereview.history.workspace_models import Unit
from casereview.workspace.audit import audit


def all_units(db: Session) -> list[Unit]:
    return list(db.scalars(sa.select(Unit).order_by(Unit.unit_id)))


def add_unit(db: Session, unit_id: str, name: str, field: str | None = None, *, by: str | None,
             ip: str | None = None) -> Unit:
    unit_id, name = unit_id.strip(), name.strip()
    if not unit_id or len(unit_id) > 128 or not name:
        raise UsageError("单位编码（1–128 个字符）和单位名称都须填写")
    if db.get(Unit, unit_id) is not None:
        raise UsageError(f"单位 {unit_id} 已存在")
    unit = Unit(unit_id=unit_id, name=name, field=(field or "").strip() or None)
    db.add(unit)
    audit(db, by, "unit.add", f"单位 {unit_id}", None, {"name": unit.name, "field": unit.field}, ip=ip)
    return unit


def rename_unit(db: Session, unit_id: str, name: str, *, by: str | None, ip: str | None = None) -> Unit:
    unit = db.get(Unit, unit_id)
    if unit is None:
        raise UsageError(f"没有单位 {unit_id}")
    name = name.strip()
    if not name:
        raise UsageError("单位名称不能为空")
    before = unit.name
    unit.name = name
    audit(db, by, "unit.rename", f"单位 {unit_id}", {"name": before}, {"name": name}, ip=ip)
    return unit
