"""Property: adding an unrelated case (new ids, any position) never changes another case's facts or findings."""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties.builders import decisions, row_values
from tests.properties.strategies import EXAMPLES, PROFILE, as_casefile_kwargs, case_set
from tests.support import casefile_set

AS_OF = date(2025, 2, 10)


@st.composite
def with_extra_case(draw) -> tuple[dict, dict]:
    """A case set and the same set plus one more case (ids C10…, never used by the set) at a drawn position."""
    base = draw(case_set())
    extra = draw(case_set(min_cases=1, max_cases=1, first=10))
    grown = {}
    for name, rows in base.items():
        if name == "officers":
            grown[name] = rows
            continue
        at = draw(st.integers(0, len(rows)))
        grown[name] = rows[:at] + extra[name] + rows[at:]
    return base, grown


def _by_case(facts: pd.DataFrame, chosen: dict, ids: list[str]) -> tuple[pd.DataFrame, dict]:
    where = facts.reset_index(drop=True).set_index("case_id").index.get_indexer(ids)
    rows = facts.iloc[where].reset_index(drop=True)
    return rows, {rule: branches[where] for rule, branches in chosen.items()}


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES)
@given(with_extra_case(), st.sampled_from([(), ("police",)]))
def test_an_unrelated_case_changes_no_other_case(pair, overlays):
    base, grown = (casefile_set(cases, **rest) for cases, rest in map(as_casefile_kwargs, pair))
    before, after = decisions(base, "vector", AS_OF, overlays), decisions(grown, "vector", AS_OF, overlays)
    ids = list(base.tables["cases"]["case_id"])
    facts_before, chosen_before = _by_case(*before["case"], ids)
    facts_after, chosen_after = _by_case(*after["case"], ids)
    assert row_values(facts_after) == row_values(facts_before)
    for rule, branches in chosen_before.items():
        assert np.array_equal(chosen_after[rule], branches), rule
    units_before = before["unit"][0].set_index("unit_id")      # the extra case may add its own unit, no more
    units_after = after["unit"][0].set_index("unit_id").loc[units_before.index]
    assert row_values(units_after.reset_index()) == row_values(units_before.reset_index())
