"""Downloads: workbook, HTML report, annual report, sample list, 整改通知, with confirmed outcomes."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
