"""Case files from compact rows, reviewed once and decided on every engine with identical branches demanded
(specs and tests)."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from casereview.engine.model.schema import BOOL, DATE, DATETIME, INT, LIST, NUMBER, TABLES
from casereview.casefiles.tables import CaseFileSet, empty_rejects
from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.backends import registry
from casereview.engine.model.pack import LoadedPack, load_pack
from casereview.engine.run.review import ReviewResult, decide, review

# every independent backend; dask is left out: it runs vector's decisions per partition (tests/test_dask_engine.py)
BACKENDS = [name for name in registry.BACKENDS if name != "dask"]
PACKS: dict[tuple[str, ...], LoadedPack] = {}     # loaded packs by key: overlay names, or ("pack=PATH", *overlays)


def frame(name: str, rows: list[dict]) -> pd.DataFrame:
    """A canonical frame (as a loader returns it) from dicts with canonical column names.

    Date-times given as 'YYYY-MM-DD' only are marked as having no time of day.
    """
    table = TABLES[name]
    df = pd.DataFrame(rows if rows else [], columns=None if rows else table.names)
    for c in table.columns:
        if c.name not in df:
            df[c.name] = None
        raw = df[c.name]
        if c.kind == DATETIME:
            df[c.name + "__has_time"] = raw.map(lambda v: isinstance(v, str) and len(v.strip()) > 10).astype(bool)
            df[c.name] = pd.to_datetime(raw, format="ISO8601")
        elif c.kind == DATE:
            df[c.name] = pd.to_datetime(raw, format="ISO8601")
        elif c.kind == BOOL:
            df[c.name] = raw.astype("boolean")
        elif c.kind == NUMBER:
            df[c.name] = pd.to_numeric(raw).astype(float)
        elif c.kind == INT:
            df[c.name] = pd.to_numeric(raw).astype("Int64")
        elif c.kind == LIST:
            df[c.name] = raw.map(lambda v: tuple(v) if isinstance(v, (list, tuple)) else ())
        else:
            df[c.name] = raw.astype(object).where(raw.notna(), None)
    df["_row"] = range(2, len(df) + 2)
    df["_invalid"] = [()] * len(df)
    return df


def casefile_set(cases: list[dict], **tables: list[dict] | None) -> CaseFileSet:
    """Tables given as None are absent from the input (a missing table)."""
    frames = {"cases": frame("cases", cases)}
    for name, rows in tables.items():
        if rows is not None:
            frames[name] = frame(name, rows)
    return CaseFileSet(frames, empty_rejects(), {n: len(f) for n, f in frames.items()}, source="test")


def pack(overlays: tuple[str, ...] = ()) -> LoadedPack:
    """The standard pack with these overlays, loaded once per process (or a pack put in PACKS under its key)."""
    if overlays not in PACKS:
        PACKS[overlays] = load_pack(overlays=list(overlays))
    return PACKS[overlays]


def run(cases: list[dict], *, as_of: date = date(2026, 11, 20), overlays: tuple[str, ...] = (),
        calendar: WorkCalendar | None = None, **tables) -> ReviewResult:
    """Review once (vector engine); decide the same facts on every engine and demand the same branch for
    every rule and row; return the review.

    Only the decision step depends on the engine (facts, findings and scores are computed from its
    branches alike), so equal branches on the same facts mean equal findings, at the cost of one review.
    """
    return review_on_every_engine(casefile_set(cases, **tables), pack(overlays), as_of, calendar)


def review_on_every_engine(cfs: CaseFileSet, loaded: LoadedPack, as_of: date,
                           calendar: WorkCalendar | None = None) -> ReviewResult:
    """One review (vector engine) of a case file set, its facts decided again on every engine (see `run`)."""
    result = review(cfs, loaded, as_of, engine="vector", calendar=calendar)
    for level, facts in (("case", result.case_facts), ("unit", result.unit_facts)):
        assert_same_branches(facts, {backend: decide(backend, loaded, facts, level) for backend in _engines()}, level)
    return result


def _engines() -> list[str]:
    for backend in BACKENDS:
        if not registry.BACKENDS[backend].available():
            raise AssertionError(f"引擎 {backend} 不可用：{registry.BACKENDS[backend].unavailable_reason()}；"
                                 f"{'、'.join(BACKENDS)} 必须都参与测试")
    return BACKENDS


def assert_same_branches(facts: pd.DataFrame, decided: dict[str, dict[str, np.ndarray]], level: str) -> None:
    """Every engine chose the same branch of every rule for every row of `facts` (engine → rule → branches)."""
    key = "case_id" if level == "case" else "unit_id"
    ids = facts[key] if key in facts else facts.index.to_series()
    (base_engine, base), *others = decided.items()
    for engine, branches in others:
        assert branches.keys() == base.keys(), f"{level} 规则不同：{base_engine} {sorted(base)} ≠ {engine} {sorted(branches)}"
        for rule_id, chosen in base.items():
            differ = np.flatnonzero(np.asarray(chosen) != np.asarray(branches[rule_id]))
            assert not len(differ), (
                f"规则 {rule_id} 的分支不同（{base_engine} ≠ {engine}）：" + "；".join(
                    f"{ids.iloc[i]}: {chosen[i]} ≠ {branches[rule_id][i]}" for i in differ[:5]))


def outcome(result, case_id: str, rule_id: str) -> tuple[str, str]:
    f = result.findings
    row = f[(f["case_id"] == case_id) & (f["rule_id"] == rule_id)]
    assert len(row) == 1, f"expected one finding for {case_id}/{rule_id}, got {len(row)}"
    return row["outcome"].iloc[0], row["reason"].iloc[0]
