"""Reviews: upload, inspect, start, progress; run, unit and case pages."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
