"""Machine and confirmed outcomes of one stored run, as two Runs of the same shape.

`confirmed` is the run with people's final verdicts (人工复核, accepted contests) in place of the machine's
outcomes, and cases (score, grade, veto, 待核实 …) and unit rates recomputed from them by the engine's own
scoring and aggregation with the run's pack; rows line up with `machine` one to one, so a page shows
machine / confirmed side by side and a download writes `confirmed` with the usual writers."""
from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from casereview.engine.model.pack import LoadedPack, load_pack
from casereview.engine.run.aggregate import unit_rates
from casereview.engine.run.result import Run
from casereview.engine.run.review_chains import PACK_COLUMN
from casereview.engine.run.scoring import score_cases
from casereview.errors import CaseReviewError
from casereview.history.store import read_run
from casereview.reports.from_run import unchanged_pack
from casereview.workspace.verdicts import final_outcomes, review_stamp

MACHINE_OUTCOME = "machine_outcome"      # confirmed.findings: what the machine said, beside the final outcome
_CACHE_SIZE = 8                          # confirmed runs kept (per run and state of its verdicts)
_MACHINES_KEPT = 4                       # stored runs kept: they never change, read once while kept
_cache: dict[tuple, "ConfirmedRun"] = {}
_machines: dict[tuple[str, int], Run] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class ConfirmedRun:
    """Both Runs are cached and shared between requests: read them, copy before changing a frame."""

    run_id: int
    machine: Run
    confirmed: Run


def confirmed_run(db: Session, history_db: str, run_id: int) -> ConfirmedRun:
    """The stored run `run_id` as the machine decided it and as people confirmed it.

    The stored run is read once on a connection of its own; on SQLite every transaction holds the file's
    write lock, so an open transaction of `db` with nothing pending is ended before that first read."""
    with _lock:
        known = (history_db, run_id) in _machines
    if not known and db.in_transaction() and not (db.new or db.dirty or db.deleted):
        db.commit()
    machine = machine_run(history_db, run_id)
    key = (history_db, *review_stamp(db, run_id))
    with _lock:
        if key in _cache:
            return _cache[key]
    result = ConfirmedRun(run_id, machine, with_verdicts(machine, final_outcomes(db, run_id)))
    with _lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = result
    return result


def machine_run(history_db: str, run_id: int) -> Run:
    with _lock:
        found = _machines.get((history_db, run_id))
    if found is None:
        found = read_run(history_db, run_id)
        with _lock:
            if len(_machines) >= _MACHINES_KEPT:
                _machines.pop(next(iter(_machines)))
            _machines[(history_db, run_id)] = found
    return found


def with_verdicts(machine: Run, verdicts: dict[int, str]) -> Run:
    """`machine` with the outcomes of rows `verdicts` names (seq -> outcome) replaced and scores recomputed."""
    findings = machine.findings.copy()
    findings[MACHINE_OUTCOME] = machine.findings["outcome"]
    if not verdicts:
        return dataclasses.replace(machine, findings=findings)
    packs = run_packs(machine)
    seqs = np.array([s for s in verdicts if s in findings.index], dtype=int)
    findings.loc[seqs, "outcome"] = [verdicts[s] for s in seqs]
    if packs is None:               # the pack's files changed since: outcomes only, scores as the machine gave
        return dataclasses.replace(machine, findings=findings)
    findings["deduction"] = _deductions(findings, packs)
    cases, units = _rescored(machine, findings, packs)
    return dataclasses.replace(machine, findings=findings, cases=cases, units=units,
                               grading=next(iter(packs.values())).pack.grading)


def run_packs(run: Run) -> dict[str, LoadedPack] | None:
    """chain label -> its pack ("" for a run with one pack), when every pack file is unchanged; else None."""
    summary = run.info.get("pack", {})
    chains = summary.get("chains")
    if not chains:
        loaded = unchanged_pack(summary)
        return None if loaded is None else {"": loaded}
    files = summary.get("files") or []
    packs = {}
    for chain in chains:
        try:
            loaded = load_pack(files[0], list(chain.get("overlays") or ()))
        except (CaseReviewError, OSError, IndexError):
            return None
        if loaded.digest != chain.get("sha256"):
            return None
        packs[chain["label"]] = loaded
    return packs


def _chain_of(frame: pd.DataFrame) -> pd.Series:
    return frame[PACK_COLUMN] if PACK_COLUMN in frame.columns else pd.Series("", index=frame.index)


def _deductions(findings: pd.DataFrame, packs: dict[str, LoadedPack]) -> pd.Series:
    """Each failed row's rule deduction from its pack, as the engine writes it; 0 for the others."""
    per_rule = {(label, r.id): r.deduction for label, p in packs.items() for r in p.pack.active_rules}
    full = pd.Series([per_rule.get(k, 0.0) for k in zip(_chain_of(findings), findings["rule_id"])],
                     index=findings.index, dtype=float)
    out = full.where(findings["outcome"] == "fail", 0.0)
    return _like(findings["deduction"], out)


def _rescored(machine: Run, findings: pd.DataFrame, packs: dict[str, LoadedPack]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """cases and units as the engine computes them from these findings, chain by chain, in the machine's order."""
    case_parts, unit_parts = [], []
    case_chain, unit_chain = _chain_of(machine.cases), _unit_chains(machine, packs)
    for label, loaded in packs.items():
        facts = machine.cases[case_chain == label]
        rows = findings[_chain_of(findings) == label]
        cases = score_cases(rows, facts, loaded.pack.grading, {r.id: r.section for r in loaded.pack.active_rules})
        if PACK_COLUMN in machine.cases.columns:
            cases[PACK_COLUMN] = label
        case_parts.append(cases.set_index(facts.index))
        unit_facts = machine.unit_facts[machine.unit_facts["unit_id"].map(unit_chain) == label]
        units = unit_rates(rows, machine.unit_findings[machine.unit_findings["unit_id"].isin(unit_facts["unit_id"])],
                           unit_facts, [c.rule.id for c in loaded.compiled], loaded.pack.systems)
        unit_parts.append(units)
    cases = pd.concat(case_parts).reindex(machine.cases.index)
    order = {u: i for i, u in enumerate(machine.unit_facts["unit_id"])}
    units = pd.concat(unit_parts, ignore_index=True)
    units = units.iloc[np.argsort(units["unit_id"].map(order).to_numpy(), kind="stable")].reset_index(drop=True)
    return _like_frame(machine.cases, cases), _like_frame(machine.units, units)


def _unit_chains(machine: Run, packs: dict[str, LoadedPack]) -> dict[str, str]:
    """unit id -> chain label (run.json's pack.chains lists each chain's units)."""
    if list(packs) == [""]:
        return {u: "" for u in machine.unit_facts["unit_id"]}
    return {u: c["label"] for c in machine.info["pack"]["chains"] for u in c.get("units", ())}


def _like_frame(machine: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """`new` with the machine frame's columns and dtypes (whole numbers stay int64, as read back)."""
    new = new.reindex(columns=machine.columns)
    return pd.DataFrame({c: _like(machine[c], new[c].reset_index(drop=True)) for c in machine.columns},
                        index=machine.index)


def _like(model: pd.Series, values: pd.Series) -> pd.Series:
    if pd.api.types.is_integer_dtype(model.dtype):
        numeric = pd.to_numeric(values)
        if numeric.notna().all() and (numeric == numeric.round()).all():
            return numeric.astype("int64")
        return numeric
    if pd.api.types.is_bool_dtype(model.dtype):
        return values.fillna(False).astype(bool)
    if pd.api.types.is_float_dtype(model.dtype):
        return pd.to_numeric(values).astype(float)
    return values.astype(model.dtype) if len(values) else values
