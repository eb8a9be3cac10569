"""State of one spec run, shared by the pytest plugin and the runner (imports no pytest-bdd)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from casereview.features.review import Batches
from casereview.features.world import SpecTarget


@dataclass(eq=False)
class SpecSession:
    """One spec run: what is tested, shared batches, and per scenario the outcomes its checks asserted."""

    target: SpecTarget = field(default_factory=SpecTarget)
    batches: Batches | None = None
    records: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    passed: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)        # nodeid → “file：scenario”
    stale: dict[str, str] = field(default_factory=dict)         # nodeid → why it was skipped (参数已改…)
    failures: dict[str, str] = field(default_factory=dict)      # nodeid → the first line of its error
    collect_errors: list[str] = field(default_factory=list)

    def __post_init__(self):
        if self.batches is None and self.target.batch:
            self.batches = Batches()

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.add(report.nodeid)
            self.passed.discard(report.nodeid)
            self.failures.setdefault(report.nodeid, first_line(report))
        elif report.when == "call" and report.passed and report.nodeid not in self.failed:
            self.passed.add(report.nodeid)


    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(f"{report.nodeid or '说明书'}：{report.longreprtext.strip().splitlines()[-1]}")


_NOT_FOUND = re.compile(r'Step definition is not found: (\w+) "(.*)"\. Line (\d+)')
_KEYWORDS = {"Given": "假如", "When": "当", "Then": "那么"}


def first_line(report) -> str:
    """A failed scenario's error on one Chinese line: rule, case, expected, actual and reason for a
    wrong outcome (features.outcomes.check_outcome); what is wrong for a badly written scenario."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else report.longreprtext
    line = next((t for t in text.strip().splitlines() if t.strip()), "（无说明）").strip()
    missing = _NOT_FOUND.search(line)
    if missing:
        kind, step, number = missing.groups()
        return f"说明书有误：步骤库中没有“{_KEYWORDS.get(kind, kind)} {step}”（第{number}行，对照 STEPS.md）"
    if "SpecError: " in line:
        return "说明书有误：" + line.split("SpecError: ", 1)[1]
    return line.removeprefix("AssertionError: ")


def spec_session(config) -> SpecSession:
    """The session the runner registered, or a default one (standard pack, bundled features)."""
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, SpecSession):
            return plugin
    found = SpecSession()
    config.pluginmanager.register(found, "casereview-spec-session")
    return found
