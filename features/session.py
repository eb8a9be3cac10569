"""State of one spec run, shared by the pytest plugin and the runner (imports no pytest-bdd)."""
from __future__ import annotations

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
    deselected: int = 0

    def __post_init__(self):
        if self.batches is None and self.target.batch:
            self.batches = Batches()

    def pytest_runtest_logreport(self, report):
        if report.failed:
            self.failed.add(report.nodeid)
            self.passed.discard(report.nodeid)
        elif report.when == "call" and report.passed and report.nodeid not in self.failed:
            self.passed.add(report.nodeid)


def spec_session(config) -> SpecSession:
    """The session the runner registered, or a default one (standard pack, bundled features)."""
    for plugin in config.pluginmanager.get_plugins():
        if isinstance(plugin, SpecSession):
            return plugin
    found = SpecSession()
    config.pluginmanager.register(found, "casereview-spec-session")
    return found
