"""What every backend is: a name, a Chinese label, whether it can run here, and `decide`."""
from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np
import pandas as pd

from casereview.engine.model.pack import LoadedPack


class Backend(ABC):
    """One way of running a compiled pack over a fact table; none owns rule semantics of its own.

    `decide` answers, for each rule of the level, the index of the first branch that holds on each
    row of `facts` (-1 where none holds): the decision table's first-hit policy, the same on every backend.
    """

    name: str                     # as given to --engine
    label: str                    # in Chinese, for messages and help

    def available(self) -> bool:
        """Whether the backend's optional libraries are installed."""
        return True

    def unavailable_reason(self) -> str:
        """Why the backend cannot run here, in Chinese, with what to install or use instead."""
        return ""

    @abstractmethod
    def decide(self, loaded: LoadedPack, facts: pd.DataFrame, level: str, **options) -> dict[str, np.ndarray]:
        """rule id → chosen branch per row, for the pack's rules of `level` ("case" or "unit").

        `options` are backend-specific (dask: `scheduler`, `partitions`); a backend ignores the others."""
