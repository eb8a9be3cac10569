"""Big-volume test size: CI volumes by default, the full volumes with CASEREVIEW_SCALE=full (`.ci/full`)."""
from __future__ import annotations

import os

SCALE = os.environ.get("CASEREVIEW_SCALE", "ci")
if SCALE not in ("ci", "full"):
    raise ValueError(f"CASEREVIEW_SCALE must be ci or full, not {SCALE!r}")
FULL = SCALE == "full"


def volume(ci: int, full: int) -> int:
    """How many generated case files a big-volume test reviews: `ci` in CI, `full` in the full run."""
    return full if FULL else ci
