"""Shared by the invariant, determinism, safe-output and property tests: inputs and reviewed run folders."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from casereview.casefiles.generate import generate_tables
from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from casereview.engine.run.review import review
from casereview.reports.html import html_writer
from casereview.reports.run_folder import write_run
from casereview.reports.workbook import workbook_writer
from tests.support import pack

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
AS_OF = date(2026, 11, 20)
BAD_TYPE_ID = "BAD-TYPE"


def generated_input_with_rejects(dest: Path, n_cases: int, seed: int) -> Path:
    """Generated case files as an English CSV folder, plus three rejected cases and one rejected act:

    the first case repeated (both copies rejected as duplicates), a case of an unknown case type,
    and an act pointing at a case that does not exist. Cases in = n + 2, rejected 3."""
    tables, _ = generate_tables(n_cases, seed)
    folder = write_tables(tables, dest, "csv", headers="en")
    cases = pd.read_csv(folder / "cases.csv", dtype=str, keep_default_na=False)
    bad_type = cases.iloc[[1]].assign(case_id=BAD_TYPE_ID, case_type="未知类别")
    pd.concat([cases, cases.iloc[[0]], bad_type]).to_csv(folder / "cases.csv", index=False)
    acts = pd.read_csv(folder / "acts.csv", dtype=str, keep_default_na=False)
    orphan = acts.iloc[[0]].assign(act_id="ORPHAN-ACT", case_id="NO-SUCH-CASE")
    pd.concat([acts, orphan]).to_csv(folder / "acts.csv", index=False)
    return folder


def review_into(source, out: Path, *, engine: str = "vector", as_of: date = AS_OF, overlays=(),
                reports: bool = True) -> Path:
    """Load, review and write a full run folder (CSVs, and the workbook and HTML report by default)."""
    result = review(load_casefiles(source), pack(tuple(overlays)), as_of, engine=engine)
    return write_run(result, out, extra_writers=[workbook_writer, html_writer] if reports else [])


def decisions(cfs, engine: str | tuple[str, ...], as_of: date, overlays=(), calendar=None) -> dict:
    """Per level (case, unit): the fact table and the branch each rule chose — the engine-specific
    part of a review. With several engines, `chosen` maps engine -> branches (facts derived once).

    Findings are rendered from (fact row, chosen branch) by shared code (engine/render.py), row by row,
    so equal facts and equal chosen branches give equal findings; comparing these is ~3× cheaper than
    comparing whole reviews, which keeps 1,000 examples per property within CI time."""
    from casereview.engine.facts.derive import derive_case_facts, derive_unit_facts
    from casereview.casefiles.workdays import WorkCalendar
    from casereview.engine.run.review import decide
    loaded = pack(tuple(overlays))
    cal = calendar or WorkCalendar.official()
    facts = {"case": derive_case_facts(cfs, loaded.params, as_of, cal, loaded.conditions("case")),
             "unit": derive_unit_facts(cfs, loaded.params)}
    engines = (engine,) if isinstance(engine, str) else engine
    out = {}
    for level, f in facts.items():
        chosen = {e: decide(e, loaded, f, level) for e in engines}
        out[level] = (f, chosen[engine] if isinstance(engine, str) else chosen)
    return out


def comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Date-times in nanoseconds and a missing text as None: pandas picks the time unit and the missing
    marker (None or NaN) of a column from all its rows, so the same record may differ only in these."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].astype("datetime64[ns]")
        elif out[col].dtype == object:
            out[col] = out[col].where(out[col].notna(), None)
    return out


def row_values(frame: pd.DataFrame) -> list[dict]:
    """Rows as plain values, every missing value as None: what a row says, whatever the column dtypes."""
    plain = frame.astype(object)
    return plain.where(plain.notna(), None).to_dict("records")
