"""The step library: importing this package registers every step (documented in features/STEPS.md)."""
from features.steps.setup_steps import *  # noqa: F401,F403
from features.steps.casefile_steps import *  # noqa: F401,F403
from features.steps.outcome_steps import *  # noqa: F401,F403
from features.steps.score_steps import *  # noqa: F401,F403

STEP_MODULES = ("features.steps.setup_steps", "features.steps.casefile_steps", "features.steps.outcome_steps",
                "features.steps.score_steps")
