"""pytest plugin for the rule specs: the `world` fixture, markers from tags, Chinese ids, batching, records."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.utils import registry_get_safe

from casereview.features import engines
from casereview.features.params import EVERY_PARAMETER, PARAM_TAG, STANDARD_ONLY, stale_reason
from casereview.features.registry import build_offline, matching
from casereview.features.review import overlay_key
from casereview.features.session import SpecSession, spec_session
from casereview.features.steps import *  # noqa: F401, F403 - the step fixtures
from casereview.features.world import World
from casereview.rules import STANDARD_PACK

FIXED_MARKERS = {
    STANDARD_ONLY: "场景依赖标准包的全部参数值：被测规则包或叠加包改了任何参数时跳过（参数已改）",
}
TAG_DOCS = {
    **FIXED_MARKERS,
    f"{PARAM_TAG}名称": "场景的结论还依赖这个参数（如 @参数:major.fine_individual），而它所查规则的条件和事实中看不出来："
                       "被测规则包或叠加包改了它时，随附说明书中的这个场景跳过（参数已改）",
}
SHIPPED = Path(__file__).resolve().parent          # the shipped specs: written for the standard pack
_NO_ESCAPE = "disable_test_id_escaping_and_forfeit_all_rights_to_community_support"
_QUOTED = re.compile(r"“[^”]*”")
RULE_COLUMN = "规则"
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
    """Name every scenario; skip a shipped scenario whose rules or parameters the tested pack changed."""
    session = spec_session(config)
    for item in items:
        scenario = scenario_of(item)
        if scenario is None:
            continue
        session.labels[item.nodeid] = label_of(item, scenario, session.target.feature_dirs)
        reason = None if session.target.standard else stale_reason_of(session, scenario)
        if reason:
            session.stale[item.nodeid] = reason
            item.add_marker(pytest.mark.skip(reason=reason))


def label_of(item, scenario, feature_dirs) -> str:
    """“三项制度/GS03.feature：场景名[例子]” (relative to its feature folder), as a scenario is listed."""
    path = Path(scenario.feature.filename).resolve()
    where = next((path.relative_to(d) for d in map(Path, feature_dirs) if path.is_relative_to(d)), path)
    callspec = getattr(item, "callspec", None)
    return f"{where.as_posix()}：{scenario.name}" + (f"[{callspec.id}]" if callspec else "")


def stale_reason_of(session: SpecSession, scenario) -> str | None:
    """Why a shipped scenario cannot hold on the tested pack (features.params), or None."""
    if not Path(scenario.feature.filename).resolve().is_relative_to(SHIPPED):
        return None                  # an office's own specs are written for the pack it tests
    w = new_world(session, scenario)
    try:
        build_offline(scenario, w)
        effective = engines.pack(overlay_key(w.pack, tuple(w.overlays)))
        base = str(STANDARD_PACK) if w.pack == session.target.pack else w.pack
        reference = engines.pack(overlay_key(base, tuple(w.named_overlays)))
    except Exception:                # noqa: BLE001 - the scenario reports a broken pack when it runs
        return None
    return stale_reason(reference, effective, checked_rules(scenario, reference, effective),
                        tagged_params(scenario))


def checked_rules(scenario, *packs) -> set[str] | None:
    """The rule ids the scenario's checks name; None when a check reads every rule (score, rate).

    Quoted text (“说明包含…”) is what a reason says, not a rule checked; in a table only the 规则 column counts."""
    known = {c.rule.id for p in packs for c in p.compiled}
    found = set()
    for st in scenario.steps:
        if st.type != "then":
            continue
        if any(d.all_rules for d in matching("then", st.name)):
            return None
        texts = [_QUOTED.sub("", st.name)]
        rows = st.datatable.raw() if st.datatable else []
        if rows and RULE_COLUMN in [h.strip() for h in rows[0]]:
            column = [h.strip() for h in rows[0]].index(RULE_COLUMN)
            texts += [row[column] for row in rows[1:]]
        found |= {w for text in texts for w in re.findall(r"[A-Za-z0-9_]+", text) if w in known}
    return found


def tagged_params(scenario) -> set[str]:
    """Parameters named by tags of the scenario or its feature: @参数:name, @标准参数 (every one)."""
    tags = set(scenario.tags) | set(scenario.feature.tags)
    found = {t.removeprefix(PARAM_TAG) for t in tags if t.startswith(PARAM_TAG)}
    return found | ({EVERY_PARAMETER} if STANDARD_ONLY in tags else set())


def pytest_collection_finish(session):
    spec = spec_session(session.config)
    if spec.batches is None:
        return
    for item in session.items:
        scenario = scenario_of(item)
        if scenario is None or item.nodeid in spec.stale:
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
