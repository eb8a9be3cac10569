"""Vector decisions: per rule, the first branch whose condition holds, for all rows at once."""
from __future__ import annotations

import numpy as np
import pandas as pd

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.backends.base import Backend
from casereview.engine.backends.computed import with_computed
from casereview.engine.backends.vector.compile import evaluate
from casereview.engine.model.pack import CompiledRule, LoadedPack


def first_branches(compiled: list[CompiledRule], facts: pd.DataFrame,
                   calendar: WorkCalendar | None = None) -> dict[str, np.ndarray]:
    """For each rule, the index of the first branch that holds, per row (-1: none holds).

    `calendar`: for the date functions the conditions call (see computed.with_computed)."""
    facts = with_computed(facts, (b.condition for c in compiled for b in c.branches), calendar)
    out, present = {}, {}        # present: each fact column's non-null rows, found once for every condition
    for c in compiled:
        chosen = np.full(len(facts), -1, dtype=np.int16)
        for i, branch in enumerate(c.branches):
            open_rows = chosen == -1
            if not open_rows.any():
                break
            chosen[open_rows & evaluate(branch.condition, facts, present)] = i
        out[c.rule.id] = chosen
    return out


class VectorBackend(Backend):
    """The default backend: pandas/numpy column arithmetic in this process."""

    name = "vector"
    label = "向量化（pandas）"

    def decide(self, loaded: LoadedPack, facts: pd.DataFrame, level: str, *, calendar: WorkCalendar | None = None,
               **options) -> dict[str, np.ndarray]:
        return first_branches(loaded.rules(level), facts, calendar)
