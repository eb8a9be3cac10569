"""Administration: users, units, rule packs, settings, the audit log."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
