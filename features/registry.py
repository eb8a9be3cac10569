"""Step definitions registered once for pytest-bdd, for the pre-run that batches reviews, and for the docs."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from pytest_bdd import parsers, step as bdd_step
from pytest_bdd.parsers import StepParser

KEYWORDS = {"given": "假如", "when": "当", "then": "那么"}


@dataclass(frozen=True)
class StepDef:
    kind: str                 # given | when | then
    text: str                 # the pattern as an author reads it, {name} for a value
    parser: StepParser
    func: Callable
    builds: bool              # only describes the case file: safe to run before the scenario (batching)
    section: str              # heading in the generated step list
    module: str
    all_rules: bool = False   # checks what every rule contributes to (a score, a rate), not the rules it names


STEPS: list[StepDef] = []


class StepGroup:
    """Decorators for one section of the step library: `steps = StepGroup("案卷")`, `@steps.given("…")`."""

    def __init__(self, section: str, all_rules: bool = False):
        self.section = section
        self.all_rules = all_rules

    def given(self, text: str):
        return self._register("given", text, builds=True)

    def when(self, text: str):
        return self._register("when", text, builds=True)

    def then(self, text: str):
        return self._register("then", text, builds=False)

    def _register(self, kind: str, text: str, builds: bool):
        def decorator(func: Callable) -> Callable:
            parser = parsers.parse(text)
            STEPS.append(StepDef(kind, text, parser, func, builds, self.section, func.__module__, self.all_rules))
            # stacklevel 2: the step fixture goes into the module that applies this decorator
            return bdd_step(parser, kind, stacklevel=2)(func)

        return decorator


def matching(kind: str, text: str) -> list[StepDef]:
    return [s for s in STEPS if s.kind == kind and s.parser.is_matching(text)]


def call(step_def: StepDef, text: str, world, datatable=None):
    """Run a step function as pytest-bdd would, with `world` as its only fixture."""
    kwargs = dict(step_def.parser.parse_arguments(text) or {})
    params = inspect.signature(step_def.func).parameters
    if "datatable" in params:
        kwargs["datatable"] = datatable
    if "world" in params:
        kwargs["world"] = world
    return step_def.func(**kwargs)


def build_offline(scenario, world) -> bool:
    """Run the steps that only describe the case file, up to the first check; False if any is unclear."""
    for st in scenario.steps:
        found = matching(st.type, st.name)
        if len(found) != 1:
            return False
        if not found[0].builds:
            return True
        try:
            call(found[0], st.name, world, st.datatable.raw() if st.datatable else None)
        except Exception:            # noqa: BLE001 - the real run reports it on the scenario
            return False
    return True
