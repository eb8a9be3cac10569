"""Machine and confirmed outcomes of one stored run, as two Runs of the same shape.

`confirmed` is the run with people's verdicts (人工复核, accepted contests) in place of the machine's
outcomes, and scores, grades and unit rates recomputed from them; rows line up with `machine` one to one,
so a page shows machine / confirmed side by side and a download writes `confirmed` with the usual writers.

STUB (skeleton): confirmed == machine until the 人工复核 work fills it in; the signature is the contract."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from casereview.engine.run.result import Run
from casereview.history.store import read_run


@dataclass(frozen=True)
class ConfirmedRun:
    run_id: int
    machine: Run
    confirmed: Run


def confirmed_run(db: Session, history_db: str, run_id: int) -> ConfirmedRun:
    """The stored run `run_id` as the machine decided it and as people confirmed it."""
    machine = read_run(history_db, run_id)
    return ConfirmedRun(run_id, machine, machine)
