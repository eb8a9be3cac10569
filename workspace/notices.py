"""整改: notices issued per unit from a run's failed findings, answers, acceptance, and re-review.

STUB (skeleton): `recheck_from` is the contract the background reviews call after a run is stored."""
from __future__ import annotations

from sqlalchemy.orm import Session


def recheck_from(db: Session, history_db: str, run_id: int) -> int:
    """After run `run_id` is stored: open items on earlier notices of the same cases whose rule now passes
    become 复查通过 (recheck_run_id = run_id). The number of items so marked; the caller commits."""
    return 0
