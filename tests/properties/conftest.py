"""Hypothesis profile for the property tests: derandomized (same examples on every run and in CI),
no example database, no per-example deadline. Tests use it as the parent of their own settings:
`@settings(settings.get_profile(PROFILE), max_examples=EXAMPLES)`, so other test folders are not affected.
EXAMPLES is 1,000 (CI); CASEREVIEW_PROPERTY_EXAMPLES=50 makes a quick local run."""
from __future__ import annotations

from hypothesis import HealthCheck, Phase, settings

from tests.properties.strategies import PROFILE

settings.register_profile(
    PROFILE, derandomize=True, database=None, deadline=None, print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
