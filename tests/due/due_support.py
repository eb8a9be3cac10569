"""Test helper: the due list of compact case rows, as of a date (same facts, pack and calendar as review)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from casereview.engine.facts.derive import derive_case_facts
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.run.due import due_items
from casereview.engine.model.pack import load_pack
from tests.support import casefile_set, pack


def due_list(cases: list[dict], as_of: date, *, overlays=(), pack_file=None, calendar: WorkCalendar | None = None,
             **tables) -> pd.DataFrame:
    loaded = load_pack(overlays=[pack_file]) if pack_file else pack(tuple(overlays))
    cal = calendar or WorkCalendar.official()
    cfs = casefile_set(cases, **tables)
    return due_items(derive_case_facts(cfs, loaded.params, as_of, cal, loaded.conditions("case")), loaded, as_of, cal)


def item(due: pd.DataFrame, rule_id: str, case_id: str = "C1") -> dict:
    rows = due[(due["rule_id"] == rule_id) & (due["case_id"] == case_id)]
    assert len(rows) == 1, f"{case_id} {rule_id}: {len(rows)} items\n{due.to_string()}"
    r = rows.iloc[0].to_dict()
    r["due"] = None if pd.isna(r["due_date"]) else pd.Timestamp(r["due_date"]).date().isoformat()
    r["wd"] = None if pd.isna(r["workdays_left"]) else int(r["workdays_left"])
    r["cd"] = None if pd.isna(r["calendar_days_left"]) else int(r["calendar_days_left"])
    return r


def rules_of(due: pd.DataFrame, case_id: str = "C1") -> list[str]:
    return sorted(due.loc[due["case_id"] == case_id, "rule_id"])
