"""Property-test size: one Hypothesis profile, CASEREVIEW_PROPERTY_EXAMPLES examples per property.

CI (and a plain `pytest`) draws 25 examples per property, so each property test costs well under a
minute on a 2-core machine. The full size is a scheduled or manual run: `bash .ci/full`
(CASEREVIEW_PROPERTY_EXAMPLES=1000, and the big-volume tests at full size, tests/scale.py). The profile
is derandomized (the same examples on every run and in CI), keeps no example database and has no per-example deadline. Tests use it as the parent of
their settings, `@settings(settings.get_profile(PROFILE))`, so other hypothesis tests are not affected."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

PROFILE = "casereview-properties"
CI_EXAMPLES = 25
FULL_EXAMPLES = 1000
EXAMPLES = int(os.environ.get("CASEREVIEW_PROPERTY_EXAMPLES", CI_EXAMPLES))

settings.register_profile(
    PROFILE, max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=True,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
