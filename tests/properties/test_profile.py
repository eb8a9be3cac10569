"""The property profile draws the same examples whatever the global random state: pytest-randomly
reseeds `random` (with a new seed each run) before every test, and the examples must not follow it."""
from __future__ import annotations

import ast
import random
from pathlib import Path

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


def test_every_property_test_is_sized_by_the_profile():
    """CASEREVIEW_PROPERTY_EXAMPLES is honoured everywhere: every @given test's settings derive from the profile."""
    unsized = []
    for path in Path(__file__).resolve().parents[1].rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            names = [ast.unparse(d) for d in fn.decorator_list]
            if any(n.startswith("given(") for n in names) and not any("get_profile(PROFILE)" in n for n in names):
                unsized.append(f"{path.name}::{fn.name}")
    assert not unsized, "这些性质测试未使用 PROFILE（CASEREVIEW_PROPERTY_EXAMPLES 对它们无效）：" + "、".join(unsized)
