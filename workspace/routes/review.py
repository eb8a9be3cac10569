"""人工复核: confirmed outcomes, a unit's contest of a machine 不合规, second-reviewer mode."""
from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
