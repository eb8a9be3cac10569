"""One review of a batch whose units are judged by different pack chains (engine.run.chains).

The cases (with their records) and units of each chain are reviewed by engine.run.review.review with that
chain's pack, then merged into ONE Run: findings in rule order then case order, cases in input order, unit
rows in the order a single-pack review gives. When one chain applies to every unit this is exactly
`review(cfs, that chain's pack, ...)`, byte for byte. With several, findings and cases carry a `pack`
column naming the chain, and run.json's `pack` a `chains` entry (units and case counts per chain).
"""
from __future__ import annotations

import dataclasses
import time
from datetime import date

import numpy as np
import pandas as pd

from casereview.casefiles.asof import cut_at
from casereview.casefiles.tables import CaseFileSet
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model.pack import pack_summary
from casereview.engine.model.schema import CASE_CHILDREN
from casereview.engine.run.chains import Chain, ChainAssignment
from casereview.engine.run.due import sort_due
from casereview.engine.run.invariants import check_result
from casereview.engine.run.result import Run, officer_names
from casereview.engine.run.review import input_columns, review

PACK_COLUMN = "pack"


def review_by_chain(cfs: CaseFileSet, chains: ChainAssignment, as_of: date, *, engine: str = "vector",
                    calendar: WorkCalendar | None = None, scheduler: str | None = None,
                    progress=None, with_due: bool = True) -> Run:
    """Each unit's cases judged by its chain's pack; one Run (see the module docstring)."""
    kw = dict(engine=engine, calendar=calendar, scheduler=scheduler, with_due=with_due)
    used = list(dict.fromkeys(chains.of_unit.values())) or [next(iter(chains.packs))]
    if len(used) == 1:
        result = review(cfs, chains.packs[used[0]], as_of, progress=progress, **kw)
        result.info["input"]["warnings"] += chains.warnings
        return result
    clock = time.perf_counter()
    cal = calendar or WorkCalendar.official()
    cut = cut_at(cfs, as_of)
    parts = {chain: review(_part(cut, chains, chain), chains.packs[chain], as_of, **dict(kw, calendar=cal))
             for chain in used}
    result = _merge(cut, chains, parts, as_of, engine, cal)
    result.info["timings"] = {"chains": round(time.perf_counter() - clock, 4)}
    rules = {chains.label(c): [r.rule.id for r in chains.packs[c].rules("case")] for c in used}
    check_result(result, cut.tables["cases"]["case_id"], rules)
    return result


def _part(cut: CaseFileSet, chains: ChainAssignment, chain: Chain) -> CaseFileSet:
    """The chain's units, their cases and the cases' records; officers whole; every reject (for the guards),
    counted so that in = evaluated + rejected holds for the part."""
    units = {u for u, c in chains.of_unit.items() if c == chain}
    tables = dict(cut.tables)
    tables["cases"] = cut.tables["cases"][cut.tables["cases"]["unit_id"].isin(units)].reset_index(drop=True)
    ids = set(tables["cases"]["case_id"])
    for name in CASE_CHILDREN:
        if name in tables:
            tables[name] = tables[name][tables[name]["case_id"].isin(ids)].reset_index(drop=True)
    if "units" in tables:
        tables["units"] = tables["units"][tables["units"]["unit_id"].isin(units)].reset_index(drop=True)
    part = dataclasses.replace(cut, tables=tables, after_as_of=cut.after_as_of.iloc[0:0], counts_in={})
    part.counts_in = {t: len(tables[t]) + part.rejected_records(t) for t in cut.counts_in if t in tables}
    return part


def _merge(cut: CaseFileSet, chains: ChainAssignment, parts: dict[Chain, Run], as_of: date,
           engine: str, cal: WorkCalendar) -> Run:
    default = chains.packs[next(iter(chains.packs))]
    rule_order = list(dict.fromkeys(r.rule.id for c in parts for r in chains.packs[c].compiled))
    systems = list(dict.fromkeys(s for c in parts for s in chains.packs[c].pack.systems))
    case_pos = _positions(cut.tables["cases"]["case_id"])
    labelled = {chains.label(c): run for c, run in parts.items()}
    findings = _ordered([_with_pack(r.findings, k) for k, r in labelled.items()],
                        rule=rule_order, case_id=case_pos)
    cases = _ordered([_with_pack(r.cases, k) for k, r in labelled.items()], case_id=case_pos)
    case_facts = _ordered([r.case_facts for r in parts.values()], case_id=case_pos)
    unit_pos = _positions(pd.Series(list(_unit_order(cut))))
    unit_facts = _ordered([r.unit_facts for r in parts.values()], unit_id=unit_pos)
    unit_findings = _ordered([r.unit_findings for r in parts.values()], rule=rule_order, unit_id=unit_pos)
    units = _ordered([r.units for r in parts.values()], unit_id=unit_pos)    # each unit: its own pack's rules
    dues = [r.due for r in parts.values() if r.due is not None]
    due = sort_due(pd.concat(dues, ignore_index=True)) if len(dues) == len(parts) else None
    summary = pack_summary(default)
    summary["chains"] = [{"label": chains.label(c), "overlays": list(c), "sha256": chains.packs[c].digest,
                          "units": sorted(u for u, uc in chains.of_unit.items() if uc == c),
                          "cases": int(len(run.cases))} for c, run in parts.items()]
    info = {
        "pack": summary,
        "as_of": as_of.isoformat(),
        "engine": engine,
        "input": {"source": cut.source, "digest": cut.digest, **input_columns(cut)},
        "counts": cut.reconcile(),
        "calendar_years": [min(cal.known_years()), max(cal.known_years())],
        "timings": {},
        "notes": list(cut.notes),
    }
    info["input"]["warnings"] += chains.warnings
    return Run(findings, cases, unit_findings, units, cut.rejects, case_facts, unit_facts, info,
               default.pack.grading, cut.after_as_of, due=due, pack=default, calendar=cal,
               chains={chains.label(c): chains.packs[c] for c in parts},
               officer_names=officer_names(cut.table("officers")))


def _unit_order(cut: CaseFileSet) -> dict:
    """Units as a single-pack review lists them: the units table, then units of cases in case order."""
    units = cut.tables.get("units")
    order = dict.fromkeys(units["unit_id"]) if units is not None else {}
    order.update(dict.fromkeys(u for u in pd.unique(cut.tables["cases"]["unit_id"]) if u not in order))
    return order


def _positions(ids: pd.Series) -> dict:
    return {v: i for i, v in enumerate(ids)}


def _with_pack(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    return frame.assign(**{PACK_COLUMN: label})


def _ordered(frames: list[pd.DataFrame], rule: list[str] | None = None, **positions: dict) -> pd.DataFrame:
    """Concatenated, then sorted by rule order (when given) and the position of the id column named."""
    out = pd.concat(frames, ignore_index=True)
    (column, pos), = positions.items()
    keys = [out[column].map(pos).to_numpy()]
    if rule is not None:
        keys.append(out["rule_id"].map({r: i for i, r in enumerate(rule)}).to_numpy())
    return out.iloc[np.lexsort(keys)].reset_index(drop=True)
