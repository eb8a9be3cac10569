"""Which units and cases an annual report covers, and the review of that year's cases."""
from __future__ import annotations

import dataclasses

from dataclasses import dataclass
from datetime import date

import pandas as pd

from casereview.casefiles.asof import happened
from casereview.engine.model.schema import CASE_CHILDREN
from casereview.casefiles.tables import CaseFileSet
from casereview.casefiles.workdays import WorkCalendar
from casereview.errors import UsageError
from casereview.engine.model.pack import LoadedPack
from casereview.engine.run.result import Run
from casereview.engine.run.review import review


@dataclass(frozen=True)
class Scope:
    """The units a report covers (in the units table's order; ids only seen in cases come last)."""

    unit_ids: tuple[str, ...]
    names: dict[str, str]
    chosen: str | None          # the --unit given, or None for the whole body

    def name(self, unit_id: str) -> str:
        return self.names.get(unit_id) or unit_id


def resolve_scope(cfs: CaseFileSet, unit: str | None = None) -> Scope:
    """`unit` (a unit id or name) and every unit below it through parent_id; None = all units."""
    units = cfs.table("units")
    ids, names, parents = [], {}, {}
    if units is not None:
        for uid, name, parent in zip(units["unit_id"], units["name"], units["parent_id"]):
            ids.append(uid)
            names[uid] = name if isinstance(name, str) and name.strip() else uid
            parents[uid] = parent if isinstance(parent, str) else None
    for uid in cfs.tables["cases"]["unit_id"].drop_duplicates():
        if uid not in names:
            ids.append(uid)
            names[uid] = uid
    if unit is None:
        return Scope(tuple(ids), names, None)
    roots = {u for u in ids if unit in (u, names[u])}
    if not roots and unit not in parents.values():
        shown = "、".join(f"{u}（{names[u]}）" for u in ids[:20])
        raise UsageError(f"单位“{unit}”不在输入中（单位编码或名称；可选：{shown}）")
    roots.add(unit)
    chosen = [u for u in ids if _under(u, roots, parents)]
    return Scope(tuple(chosen), names, unit)


def _under(uid: str, roots: set[str], parents: dict[str, str | None]) -> bool:
    seen = set()
    while uid is not None and uid not in seen:
        if uid in roots:
            return True
        seen.add(uid)
        uid = parents.get(uid)
    return False


def decided_in(cases: pd.DataFrame, year: int) -> pd.Series:
    """Cases whose decision date lies in 1 Jan – 31 Dec of `year`."""
    return cases["decision_date"].dt.year.eq(year).fillna(False).astype(bool)


def year_casefiles(cfs: CaseFileSet, year: int, scope: Scope, as_of: date | None = None) -> CaseFileSet:
    """The cases of `scope` decided in `year` by `as_of` (default: the day after the year), with their acts,
    recordings, reviews and documents; a decision after `as_of` has not happened."""
    cases = cfs.tables["cases"]
    seen = happened(cases, as_of or default_as_of(year))
    keep = cases[decided_in(seen, year).to_numpy() & cases["unit_id"].isin(scope.unit_ids).to_numpy()]
    ids = set(keep["case_id"])
    tables = {"cases": keep}
    for name, frame in cfs.tables.items():
        if name in CASE_CHILDREN:
            tables[name] = frame[frame["case_id"].isin(ids)]
        elif name == "units":
            tables[name] = frame[frame["unit_id"].isin(scope.unit_ids)]
        elif name != "cases":
            tables[name] = frame
    counts = {name: len(frame) for name, frame in tables.items()}
    return dataclasses.replace(cfs, tables=tables, rejects=cfs.rejects.iloc[0:0], counts_in=counts,
                               notes=list(cfs.notes))


def default_as_of(year: int) -> date:
    """The day after the year ends: every decision of the year has happened."""
    return date(year + 1, 1, 1)


def review_year(cfs: CaseFileSet, loaded: LoadedPack, year: int, scope: Scope, *, as_of: date | None = None,
                calendar: WorkCalendar | None = None) -> Run:
    """The vector engine's review of the year's cases (three-systems rates come from it)."""
    as_of = as_of or default_as_of(year)
    return review(year_casefiles(cfs, year, scope, as_of), loaded, as_of, engine="vector",
                  calendar=calendar)
