"""The one pack loader: read a pack and its overlays, collect every problem, and build the pack when it can."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pydantic import ValidationError

from casereview.engine.model.catalogue import case_catalogue, unit_catalogue
from casereview.engine.model.compiled import LoadedPack, param_value
from casereview.engine.model.pack_checks import check_parameters, check_sections, check_top, report_error
from casereview.engine.model.named_facts import check_named_facts, declared_facts
from casereview.engine.model.pack_compile import compile_rule, shown_named
from casereview.engine.model.pack_overlay import apply_overlay, check_overlay, normalise_base
from casereview.engine.model.pack_problems import Locator, Problem, ProblemLog, problem_from_error
from casereview.engine.model.pack_rule_checks import check_rules
from casereview.engine.model.pack_yaml import PackFile, read_pack_file, resolve_pack_path
from casereview.engine.model.rule import Pack
from casereview.errors import PackError


@dataclass
class PackReport:
    """Every problem of a pack and its overlay chain (file and line order), and the pack if none is fatal."""
    problems: list[Problem]
    loaded: LoadedPack | None

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    def error(self) -> PackError:
        """The fatal problems (then the others) as one PackError; the first names file, line and rule."""
        first, *others = self.fatal + [p for p in self.problems if not p.fatal]
        return PackError(first.message, file=first.file, line=first.line, rule_id=first.rule_id,
                         suggestion=first.suggestion, others=others)


def check_pack(pack: str | Path, overlays=()) -> PackReport:
    """Read, merge, check and compile; a file that cannot be read is one problem, the others are still read."""
    try:
        base = read_pack_file(resolve_pack_path(pack))
    except PackError as e:
        return PackReport([problem_from_error(e, str(pack))], None)
    log = ProblemLog(Locator(base))
    log.add_duplicates(base)
    data = normalise_base(base.data, log)
    base_parameters = data.get("parameters")      # what a parameter an overlay broke falls back to
    files, provenance = [base], {}
    base_id = base.data["pack"].get("id") if isinstance(base.data.get("pack"), dict) else None
    declared = declared_facts(base, log)
    for ov in overlays:
        try:
            src = read_pack_file(resolve_pack_path(ov, overlay=True))
        except PackError as e:
            log.problems.append(problem_from_error(e, str(ov)))
            continue
        log.add_duplicates(src)
        declared += declared_facts(src, log)
        data = apply_overlay(data, check_overlay(src.data, src, data, base_id, log), src.path, provenance)
        log.locator.overlays.append(src)
        files.append(src)
    params = check_top(data, log, fallback=base_parameters)
    check_parameters(params, log)
    catalogue = case_catalogue(params)
    named = check_named_facts(declared, set(catalogue) | set(unit_catalogue()),
                              {n: f.type for n, f in catalogue.items()}, partial(param_value, params), log)
    check_rules(data, params, named, log)
    check_sections(data, log)
    loaded = None if log.fatal else _build(data, files, provenance, log)
    problems = log.sorted([f.path for f in files])
    if loaded is not None:
        loaded.warnings = [p for p in problems if not p.fatal]
    return PackReport(problems, loaded)


def _build(data: dict, files: list[PackFile], provenance: dict, log: ProblemLog) -> LoadedPack | None:
    """The checked pack as the model and its compiled rules; a mistake the checks missed is still reported."""
    try:
        model = Pack.model_validate(data)
    except ValidationError as e:
        report_error(e.errors()[0], (), None, log)
        return None
    digest = hashlib.sha256(b"\0".join(f.raw for f in files)).hexdigest()
    loaded = LoadedPack(model, [f.path for f in files], digest, provenance,
                        case_catalogue(model.parameters), unit_catalogue())
    loaded.named_facts = {f.name: f for f in model.facts}
    loaded.compiled = [compile_rule(loaded, r) for r in model.rules if r.enabled]
    loaded.shown = shown_named(loaded)
    return loaded
