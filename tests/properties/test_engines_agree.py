"""Property: the vector and durable_rules engines choose the same branch for every rule on any case set."""
from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties.builders import decisions
from tests.properties.strategies import CHILDREN, EXAMPLES, PROFILE, as_casefile_kwargs, case_set
from tests.support import casefile_set

AS_OF = [date(2024, 10, 10), date(2025, 2, 10), date(2026, 11, 20)]   # mid-holiday and after it


@st.composite
def inputs(draw):
    """1–4 cases; each child table, officers and units present or missing (a missing table is its own case)."""
    cases, rest = as_casefile_kwargs(draw(case_set()))
    for name in (*CHILDREN, "officers"):
        if draw(st.integers(0, 4)) == 0:
            rest[name] = None
    if draw(st.booleans()):
        rest["units"] = [dict(unit_id="U1", enforcement_staff=draw(st.sampled_from([None, 0, 19, 20, 40])),
                              legal_reviewers=draw(st.sampled_from([None, 0, 1, 2])))]
    return casefile_set(cases, **rest)


@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES)
@given(inputs(), st.sampled_from([(), ("police",)]), st.sampled_from(AS_OF))
def test_engines_choose_the_same_branches(cfs, overlays, as_of):
    for level, (facts, chosen) in decisions(cfs, ("vector", "durable"), as_of, overlays).items():
        vector, durable = chosen["vector"], chosen["durable"]
        assert set(vector) == set(durable)
        for rule, branches in vector.items():
            assert np.array_equal(branches, durable[rule]), (level, rule, facts.to_dict("records"))
