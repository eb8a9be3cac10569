"""The property profile draws the same examples whatever the global random state: pytest-randomly
reseeds `random` (with a new seed each run) before every test, and the examples must not follow it."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.properties.profile import PROFILE


def _drawn(seed: int) -> list:
    random.seed(seed)
    seen = []

    @settings(settings.get_profile(PROFILE), max_examples=10)
    @given(st.integers(), st.dates())
    def _collect(i, d):
        seen.append((i, d))

    _collect()
    return seen


def test_profile_examples_do_not_follow_the_global_random_seed():
    first = _drawn(1)
    assert len(first) >= 5
    assert _drawn(2) == first
    assert _drawn(random.getrandbits(32)) == first
