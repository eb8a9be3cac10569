"""pytest plugin for the rule specs: the `world` fixture, markers from tags, Chinese ids, batching, records."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from casereview.features.registry import build_offline
from casereview.features.session import SpecSession, spec_session
from casereview.features.steps import *  # noqa: F401, F403 - the step fixtures
from casereview.features.world import World

STANDARD_ONLY = "标准参数"
FIXED_MARKERS = {
    STANDARD_ONLY: "场景依赖标准包的参数值：命令行另加叠加包（--overlay）时不运行",
}
_NO_ESCAPE = "disable_test_id_escaping_and_forfeit_all_rights_to_community_support"
_TAG_LINE = re.compile(r"^\s*(@\S+(?:\s+@\S+)*)\s*$")


def marker_name(tag: str) -> str:
    """A Gherkin tag as a pytest marker name (letters, digits and _ only; “@规则:GS01” → 规则_GS01)."""
    return re.sub(r"\W", "_", tag)


def feature_tags(dirs) -> set[str]:
    tags = set()
    for d in dirs:
        for path in Path(d).rglob("*.feature"):
            for line in path.read_text(encoding="utf-8").splitlines():
                m = _TAG_LINE.match(line)
                if m:
                    tags.update(t.lstrip("@") for t in m.group(1).split())
    return tags


def scenario_of(item):
    """The rendered pytest-bdd scenario of a test item, or None for other tests."""
    template = registry_get_safe(scenario_wrapper_template_registry, getattr(item, "obj", None))
    if template is None:
        return None
    callspec = getattr(item, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example", {}) if callspec else {}
    return template.render(example)


def new_world(session: SpecSession, scenario, nodeid: str | None = None) -> World:
    w = World(target=session.target, feature_dir=Path(scenario.feature.filename).parent, batches=session.batches)
    if nodeid is not None:
        w.recorder = lambda rule, outcome: session.records.setdefault(nodeid, set()).add((rule, outcome))
    return w


def pytest_configure(config):
    session = spec_session(config)
    for name, text in FIXED_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")
    for name in sorted({marker_name(t) for t in feature_tags(session.target.feature_dirs)} - set(FIXED_MARKERS)):
        config.addinivalue_line("markers", f"{name}: 说明书标签（来自 .feature 文件）")


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_apply_tag(tag, function):
    return getattr(pytest.mark, marker_name(tag))(function)


@pytest.hookimpl(wrapper=True)
def pytest_pycollect_makeitem(collector, name, obj):
    """Scenario Outline examples keep their Chinese in test ids (pytest escapes non-ASCII by default)."""
    if registry_get_safe(scenario_wrapper_template_registry, obj) is None:
        return (yield)
    cache = collector.config._inicache
    saved = cache.get(_NO_ESCAPE)
    cache[_NO_ESCAPE] = True
    try:
        return (yield)
    finally:
        if saved is None:
            cache.pop(_NO_ESCAPE, None)
        else:
            cache[_NO_ESCAPE] = saved


def pytest_collection_modifyitems(config, items):
    session = spec_session(config)
    if not session.target.overlays:
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker(STANDARD_ONLY) and scenario_of(item) else keep).append(item)
    if drop:
        session.deselected += len(drop)
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_collection_finish(session):
    spec = spec_session(session.config)
    if spec.batches is None:
        return
    for item in session.items:
        scenario = scenario_of(item)
        if scenario is None:
            continue
        w = new_world(spec, scenario)
        try:
            if build_offline(scenario, w):
                spec.batches.announce(w)
        except Exception:            # noqa: BLE001 - the scenario reports it when it runs
            continue


@pytest.fixture
def world(request) -> World:
    """The case file the scenario's steps describe (see features/STEPS.md)."""
    session = spec_session(request.config)
    scenario = scenario_of(request.node)
    if scenario is None:
        raise RuntimeError("world 只能用于 .feature 场景")
    return new_world(session, scenario, request.node.nodeid)
