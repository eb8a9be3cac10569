"""Property: dropping an optional column, or making one value unreadable, in any table never gives a pass
or fail that the intact input did not give — an outcome stays the same or becomes unknown (both engines).

A record rejected as a whole (an unreadable required value) vanishes: its own findings are gone and
its case's other outcomes, like everyone else's, may only become unknown."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.engine.model.catalogue import input_parts
from casereview.engine.facts.derive import derive_case_facts, derive_unit_facts
from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.schema import BOOL, DATE, DATETIME, ENUM, INT, NUMBER, TABLES
from casereview.casefiles.workdays import WorkCalendar
from casereview.casefiles.writers import write_tables
from casereview.engine.run.review import decide
from tests.engine.test_backend_agreement import OFFICERS as AGREEMENT_OFFICERS
from tests.properties.profile import PROFILE
from tests.properties.strategies import as_casefile_kwargs, case_set
from tests.support import casefile_set, pack

AS_OF = date(2025, 2, 10)
ENGINES = ("vector", "durable")
# a text each kind of column cannot read; any text with a control character is refused
UNREADABLE = {DATE: "2024-13-45", DATETIME: "2024-02-30 25:61", BOOL: "也许", NUMBER: "四十",
              INT: "40人", ENUM: "辅警"}
CONTROL = "坏\x01值"
WEIGHT = {"officers": 4, "acts": 2, "documents": 2, "units": 2}
# the agreement suite's officers, but the auxiliary holds a certificate number: read with an empty
# role (a rejected “辅警”) it would count as qualified
OFFICERS = [dict(o, certificate_no="Z4") if o["officer_id"] == "AUX" else o for o in AGREEMENT_OFFICERS]
READ = {input_parts(i)[:2] for f in [*pack().case_facts.values(), *pack().unit_facts.values()] for i in f.inputs}


@st.composite
def damaged(draw) -> tuple[dict, dict]:
    """(intact tables as CSV text frames, the same with one column dropped or one value unreadable)."""
    cases, rest = as_casefile_kwargs(draw(case_set()))
    rest["officers"] = OFFICERS
    if draw(st.booleans()):
        rest["units"] = [dict(unit_id="U1", enforcement_staff=draw(st.sampled_from([None, 19, 40])),
                              legal_reviewers=draw(st.sampled_from([None, 1, 2])))]
    frames = casefile_set(cases, **rest).tables
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_tables(frames, Path(tmp) / "in", "csv", headers="en")
        intact = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in Path(folder).glob("*.csv")}
    broken = {name: frame.copy() for name, frame in intact.items()}
    # officers, acts, documents and units: where a substitute value turns into a wrong pass or fail
    names = [n for n in TABLES for _ in range(WEIGHT.get(n, 1)) if n in intact and len(intact[n])]
    table = draw(st.sampled_from(names))
    t = TABLES[table]
    if draw(st.integers(0, 2)) == 0:
        optional = [c.name for c in t.columns if not c.required and c.name in broken[table]]
        broken[table] = broken[table].drop(columns=[draw(st.sampled_from(optional))])
    else:
        read = [c for c in t.names if (table, c) in READ]
        column = t.column(draw(st.sampled_from(read if read and draw(st.booleans()) else t.names)))
        row = draw(st.integers(0, len(broken[table]) - 1))
        text = draw(st.sampled_from([UNREADABLE.get(column.kind, CONTROL), CONTROL]))
        broken[table].loc[row, column.name] = text
    return intact, broken


def outcomes(tables: dict[str, pd.DataFrame], tmp: Path) -> dict[str, dict[tuple, str]]:
    """Per engine: (level, case or unit id, rule) -> outcome."""
    folder = tmp / "in"
    folder.mkdir()
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    cfs = load_casefiles(folder)
    loaded = pack()
    cal = WorkCalendar.official()
    facts = {"case": derive_case_facts(cfs, loaded.params, AS_OF, cal, loaded.conditions("case")),
             "unit": derive_unit_facts(cfs, loaded.params)}
    out = {}
    for engine in ENGINES:
        got = {}
        for level, f in facts.items():
            ids = f["case_id" if level == "case" else "unit_id"].to_numpy()
            chosen = decide(engine, loaded, f, level)
            for c in loaded.rules(level):
                for key, branch in zip(ids, chosen[c.rule.id]):
                    got[(level, key, c.rule.id)] = c.branches[branch].outcome
        out[engine] = got
    return out


@settings(settings.get_profile(PROFILE))       # CASEREVIEW_PROPERTY_EXAMPLES examples (tests/properties/profile.py)
@given(damaged())
def test_damage_only_ever_adds_unknown(pair):
    intact, broken = pair
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        before, after = outcomes(intact, Path(a)), outcomes(broken, Path(b))
    for engine in ENGINES:
        assert after[engine] == after["vector"]
        for key, outcome in after[engine].items():
            was = before[engine].get(key)
            if was is None:              # a unit known only from a case that is now rejected, etc.
                continue
            assert outcome in (was, "unknown"), (engine, key, was, outcome)
