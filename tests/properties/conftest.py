"""Property tests: their Hypothesis profile and size live in tests/properties/profile.py."""
from __future__ import annotations

from tests.properties import profile  # noqa: F401 - registers the profile
