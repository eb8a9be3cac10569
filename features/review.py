"""Reviewing a scenario's case file on both engines (features.engines.run), alone or batched with others.

A review costs about the same for one case as for hundreds, so scenarios with the same pack, overlays,
review date and missing tables are reviewed together: every id of scenario n gets the prefix ⟦n⟧,
the findings are split by prefix and the prefix is removed again. Identical to reviewing each scenario
alone (tests/features/test_batching.py checks it); a batch that raises falls back to one review per
scenario, so a failure is always reported on the scenario that causes it. Results are kept for the
life of the process under the pack's digest and the case file, so the same scenario on the same pack
is reviewed once even when the specs run twice (pytest, then `casereview rules test` in-process).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from casereview.engine.model.pack import load_pack, resolve_pack_path
from casereview.features import engines
from casereview.rules import STANDARD_PACK

ID_COLUMNS = {
    "cases": ("case_id", "unit_id"),
    "acts": ("act_id", "case_id"),
    "recordings": ("recording_id", "case_id", "act_id"),
    "reviews": ("review_id", "case_id", "reviewer_id"),
    "documents": ("doc_id", "case_id"),
    "officers": ("officer_id", "unit_id"),
    "units": ("unit_id", "parent_id"),
}
LIST_ID_COLUMNS = {"cases": ("handler_ids",), "acts": ("officer_ids",)}


@dataclass
class ScenarioResult:
    """The part of a review that belongs to one scenario."""

    findings: pd.DataFrame
    cases: pd.DataFrame
    unit_findings: pd.DataFrame
    units: pd.DataFrame


_DONE: dict[tuple[str, str], ScenarioResult] = {}


def overlay_key(pack: str, overlays: tuple[str, ...]) -> tuple[str, ...]:
    """The `overlays` argument for engines.run; another base pack is loaded into its cache."""
    path = resolve_pack_path(pack).resolve()
    if path == STANDARD_PACK.resolve():
        return tuple(overlays)
    key = (f"pack={path}", *overlays)
    if key not in engines.PACKS:
        engines.PACKS[key] = load_pack(path, list(overlays))
    return key


def review_tables(group: tuple, tables: dict[str, list[dict] | None]):
    """Review on every engine (findings must agree); group = World.group_key()."""
    pack, overlays, as_of, _missing = group
    tables = dict(tables)
    cases = tables.pop("cases")
    return engines.run(cases, as_of=date.fromisoformat(as_of), overlays=overlay_key(pack, overlays), **tables)


def _normal(df: pd.DataFrame) -> pd.DataFrame:
    """Text columns as Python objects with None for blanks, whatever the other cases of a batch held."""
    df = df.reset_index(drop=True).copy()
    for c in df.columns:
        if df[c].dtype == object or pd.api.types.is_string_dtype(df[c]):
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def _frames(res) -> ScenarioResult:
    return ScenarioResult(_normal(res.findings), _normal(res.cases), _normal(res.unit_findings), _normal(res.units))


def memo_key(group: tuple, fingerprint: str) -> tuple[str, str]:
    """The loaded pack's digest (every pack and overlay file's bytes) and the scenario's case file."""
    pack, overlays, *_ = group
    return engines.pack(overlay_key(pack, overlays)).digest, fingerprint


def review_alone(world) -> ScenarioResult:
    key = memo_key(world.group_key(), world.fingerprint())
    if key not in _DONE:
        _DONE[key] = _frames(review_tables(world.group_key(), world.tables()))
    return _DONE[key]


# --- batches ----------------------------------------------------------------------------------

def _prefixed(tables: dict[str, list[dict] | None], prefix: str) -> dict[str, list[dict] | None]:
    out = {}
    for name, rows in tables.items():
        if rows is None:
            out[name] = None
            continue
        new_rows = []
        for row in rows:
            row = dict(row)
            for c in ID_COLUMNS[name]:
                if isinstance(row.get(c), str) and row[c]:
                    row[c] = prefix + row[c]
            for c in LIST_ID_COLUMNS.get(name, ()):
                if row.get(c):
                    row[c] = [prefix + v for v in row[c]]
            new_rows.append(row)
        out[name] = new_rows
    return out


_PREFIX = re.compile(r"⟦\d+⟧")


def _owner(value) -> str | None:
    """The batch prefix an id starts with (⟦n⟧), or None."""
    m = _PREFIX.match(value) if isinstance(value, str) else None
    return m.group(0) if m else None


def _strip(part: pd.DataFrame, prefix: str) -> pd.DataFrame:
    part = part.copy()
    for c in part.columns:
        if part[c].dtype == object:
            part[c] = pd.Series([v.replace(prefix, "") if isinstance(v, str) else v for v in part[c]], dtype=object)
    return part


def split(res, prefixes: list[str]) -> dict[str, ScenarioResult]:
    """Each scenario's part of a batched review, by prefix; every frame is normalised once, not per scenario."""
    parts: dict[str, dict[str, pd.DataFrame]] = {p: {} for p in prefixes}
    for name, col in (("findings", "case_id"), ("cases", "case_id"), ("unit_findings", "unit_id"), ("units", "unit_id")):
        df = _normal(getattr(res, name))
        owner = df[col].map(_owner)
        rows = df.groupby(owner, sort=False).indices
        for p in prefixes:
            part = df.iloc[rows.get(p, [])].reset_index(drop=True)
            parts[p][name] = _strip(part, p)
    return {p: ScenarioResult(**frames) for p, frames in parts.items()}


class Batches:
    """Scenarios announced before the run; each group is reviewed once, when its first result is asked."""

    def __init__(self):
        self.pending: dict[tuple, dict[str, dict]] = {}
        self.failed: set[tuple] = set()

    def announce(self, world) -> None:
        self.pending.setdefault(world.group_key(), {}).setdefault(world.fingerprint(), world.tables())

    def result(self, world) -> ScenarioResult | None:
        group, fp = world.group_key(), world.fingerprint()
        key = memo_key(group, fp)
        if key in _DONE:
            return _DONE[key]
        if group in self.failed or fp not in self.pending.get(group, {}):
            return None
        members = {f: t for f, t in self.pending.pop(group).items() if memo_key(group, f) not in _DONE}
        prefixes = {f: f"⟦{i}⟧" for i, f in enumerate(members)}
        combined: dict[str, list[dict] | None] = {}
        for f, tables in members.items():
            for name, rows in _prefixed(tables, prefixes[f]).items():
                combined[name] = None if rows is None else combined.get(name, []) + rows
        try:
            res = review_tables(group, combined)
        except Exception:            # noqa: BLE001 - the scenarios then run alone and report it themselves
            self.failed.add(group)
            return None
        scenario_results = split(res, list(prefixes.values()))
        for f, prefix in prefixes.items():
            _DONE[memo_key(group, f)] = scenario_results[prefix]
        return _DONE[key]


def result_for(world, batches: Batches | None) -> ScenarioResult:
    got = batches.result(world) if batches is not None else None
    return got if got is not None else review_alone(world)
