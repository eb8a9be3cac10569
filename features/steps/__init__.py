"""The step library: importing this package registers every step (documented in features/STEPS.md)."""
from casereview.features.steps.setup_steps import *  # noqa: F401, F403
from casereview.features.steps.casefile_steps import *  # noqa: F401, F403
from casereview.features.steps.outcome_steps import *  # noqa: F401, F403
from casereview.features.steps.score_steps import *  # noqa: F401, F403

STEP_MODULES = ("casereview.features.steps.setup_steps", "casereview.features.steps.casefile_steps", "casereview.features.steps.outcome_steps",
                "casereview.features.steps.score_steps")
