"""整改: notices per unit, answers item by item, acceptance, re-review, the board."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
