"""Rule specs under pytest: the step library, the `world` fixture and the spec hooks (features.plugin)."""
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:            # `features` is a source folder, not an installed package
    sys.path.append(ROOT)

from casereview.features.plugin import *  # noqa: E402, F401, F403
