"""`Run`: everything one review produced, the single object every writer receives.

`review` fills it all (pack, calendar, facts, decided branches, findings, scores, rates, the due list);
a run read back from its folder or from history (reports.from_run.load_run, history.read_run) holds what
those keep: no pack, calendar or facts beyond case and unit ids, the due list from due.csv (None when absent).
Writers read it as it is; none reloads the pack or derives anything again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from casereview.casefiles.tables import empty_after_as_of
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model.pack import LoadedPack
from casereview.engine.model.rule import Grading


def officer_names(officers: pd.DataFrame | None) -> dict[str, str] | None:
    """officer id → name from the 人员 table (officers without a name left out); None without the table."""
    if officers is None:
        return None
    return {str(i): str(n).strip() for i, n in zip(officers["officer_id"], officers["name"])
            if isinstance(i, str) and isinstance(n, str) and n.strip()}


OFFICERS_CSV = "officers.csv"      # officer_id, name: the names documents show beside ids


def officer_frame(names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"officer_id": list(names), "name": list(names.values())})


@dataclass
class Run:
    findings: pd.DataFrame
    cases: pd.DataFrame                 # one row per case: score, grade ...
    unit_findings: pd.DataFrame
    units: pd.DataFrame                 # unit rates
    rejects: pd.DataFrame
    case_facts: pd.DataFrame
    unit_facts: pd.DataFrame
    info: dict = field(default_factory=dict)            # run.json: pack summary, as-of, engine, input, counts ...
    grading: Grading | None = None
    after_as_of: pd.DataFrame | None = field(default_factory=empty_after_as_of)   # None: not known (history)
    due: pd.DataFrame | None = None     # the due list (engine.run.due.DUE_COLUMNS); None: not known
    pack: LoadedPack | None = None      # the resolved pack chain the review ran with; None when read back
    calendar: WorkCalendar | None = None                # the review's calendar (with the user's years)
    decided: dict[str, np.ndarray] | None = None        # chosen branch per case rule, in case-fact order
    decided_units: dict[str, np.ndarray] | None = None
    unit_scores: pd.DataFrame | None = None             # ranked unit scores; only for packs with grading sections
    chains: dict[str, LoadedPack] | None = None         # label → pack, when units were judged by several chains
    # officer id → name from the input's 人员 table, for the documents people read (承办人 姓名（编号）);
    # None when read back: the run folder keeps no names
    officer_names: dict[str, str] | None = None
    # outcome → count of the case findings when `findings` holds only the problems (fail, unknown): a run read
    # for its reports (reports.from_run.load_for_reports); None when `findings` holds them all
    finding_counts: dict[str, int] | None = None
    # what the writers derive from the run and share, made by the first that needs it (reports.from_run.problems);
    # a copy made with dataclasses.replace (other findings, units ...) starts without
    derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def as_of(self) -> date | None:
        text = self.info.get("as_of")
        return date.fromisoformat(text) if text else None

    @property
    def engine(self) -> str | None:
        return self.info.get("engine")

    @property
    def counts(self) -> dict:
        return self.info.get("counts", {})
