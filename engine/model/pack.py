"""Loading a rule pack: `load_pack` for reviews, `lint_pack` for `rules lint`, both the one loader's report.

The loader is split by stage: pack_yaml (files, lines), pack_overlay (merging), pack_checks and
pack_rule_checks (every mistake, in Chinese), pack_compile (decision tables), pack_loader (the order)."""
from __future__ import annotations

import json
from pathlib import Path

from casereview.engine.model.compiled import Branch, CompiledRule, LoadedPack
from casereview.engine.model.pack_loader import PackReport, check_pack
from casereview.engine.model.pack_problems import Problem
from casereview.engine.model.pack_yaml import line_of, read_yaml, resolve_pack_path
from casereview.rules import STANDARD_PACK

__all__ = ["Branch", "CompiledRule", "LoadedPack", "PackReport", "Problem", "check_pack", "line_of", "lint_pack",
           "load_pack", "pack_summary", "read_yaml", "resolve_pack_path", "to_json"]


def load_pack(pack: str | Path = STANDARD_PACK, overlays=()) -> LoadedPack:
    """The pack and its overlays, compiled; PackError listing every problem when one stops the pack."""
    report = check_pack(pack, list(overlays))
    if report.loaded is None:
        raise report.error()
    return report.loaded


def lint_pack(pack: str | Path = STANDARD_PACK, overlays=()) -> list[Problem]:
    """Every problem of a pack and its overlay chain, in file and line order; [] when clean."""
    return check_pack(pack, list(overlays)).problems


def pack_summary(loaded: LoadedPack) -> dict:
    """The pack as run.json records it; `warnings` (the problems that did not stop it) only when there are some."""
    summary = {"id": loaded.pack.pack.id, "title": loaded.pack.pack.title, "version": loaded.pack.pack.version,
               "files": [str(f) for f in loaded.files], "sha256": loaded.digest,
               "rules": [c.rule.id for c in loaded.compiled]}
    if loaded.warnings:
        summary["warnings"] = [str(p) for p in loaded.warnings]
    return summary


def to_json(loaded: LoadedPack) -> str:
    return json.dumps(loaded.pack.model_dump(by_alias=True), ensure_ascii=False, indent=2)
