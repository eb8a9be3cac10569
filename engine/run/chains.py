"""Packs per field: which overlay chain judges which unit's cases, when one batch holds several bodies.

A plan names the default chain and chains by unit id or by the units table's 执法领域 (`field`) column:

    default: []                      # overlays for every unit matched by nothing below
    by_field: {公安: [police]}        # units whose 执法领域 is 公安
    by_unit: {U7: [police]}          # one unit (wins over its field)

Every chain extends the same base pack (`--pack`). A unit matched by none gets the default chain.
`assign_chains` gives each unit its chain; `load_chains` loads each chain used once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from casereview.casefiles.tables import CaseFileSet
from casereview.engine.model.expr import did_you_mean
from casereview.engine.model.pack import LoadedPack, load_pack
from casereview.errors import UsageError

Chain = tuple[str, ...]         # overlay names or paths, applied in order over the base pack
PLAN_KEYS = ("default", "by_field", "by_unit")
NO_FIELD_COLUMN = ("规则包分配按执法领域指定了规则包（{fields}），但单位表没有执法领域（field）列或该列全部为空："
                   "这些单位按默认规则包评查")


@dataclass(frozen=True)
class ChainPlan:
    default: Chain = ()
    by_field: dict[str, Chain] = field(default_factory=dict)
    by_unit: dict[str, Chain] = field(default_factory=dict)

    def chain(self, unit_id: str, unit_field: str | None) -> Chain:
        if unit_id in self.by_unit:
            return self.by_unit[unit_id]
        return self.by_field.get(unit_field, self.default) if unit_field is not None else self.default

    @property
    def single(self) -> bool:
        """Only the default chain can ever apply."""
        return not self.by_field and not self.by_unit


@dataclass
class ChainAssignment:
    """The chain of every unit of a case file set and the pack of every chain used (default first)."""

    base: str
    of_unit: dict[str, Chain]
    packs: dict[Chain, LoadedPack]
    warnings: list[str] = field(default_factory=list)

    def label(self, chain: Chain) -> str:
        """“三项制度”, “三项制度+police”: how findings, cases and reports name a chain."""
        return "+".join([Path(self.base).stem, *(Path(o).stem for o in chain)])


def plan_from_options(overlays: list[str], overlay_for: list[str] = (), packs_file: Path | None = None) -> ChainPlan:
    """--overlay (the default chain), --overlay-for 领域=叠加包[,叠加包] and --packs 分配.yaml together."""
    plan = read_plan(packs_file) if packs_file is not None else ChainPlan(default=tuple(overlays))
    if packs_file is not None and overlays:
        if plan.default:
            raise UsageError("--overlay 与规则包分配文件中的 default 不能同时给出：请只在一处写默认叠加包")
        plan = ChainPlan(tuple(overlays), plan.by_field, plan.by_unit)
    by_field = dict(plan.by_field)
    for text in overlay_for:
        name, sep, chain = text.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--overlay-for 应写作 执法领域=叠加包（多个用逗号分隔），如 公安=police：{text}")
        by_field[name.strip()] = tuple(o.strip() for o in chain.split(",") if o.strip())
    return ChainPlan(plan.default, by_field, plan.by_unit)


def read_plan(path: Path) -> ChainPlan:
    """A plan from YAML; UsageError naming the file and key when it is not one."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise UsageError(f"无法读取规则包分配文件 {path}：{e}") from e
    if not isinstance(data, dict) or set(data) - set(PLAN_KEYS):
        odd = sorted(set(data) - set(PLAN_KEYS)) if isinstance(data, dict) else [type(data).__name__]
        raise UsageError(f"规则包分配文件 {path} 只能有 {'、'.join(PLAN_KEYS)}，不认识：{'、'.join(map(str, odd))}")
    default = _chain(path, "default", data.get("default") or [])
    maps = {}
    for key in ("by_field", "by_unit"):
        given = data.get(key) or {}
        if not isinstance(given, dict):
            raise UsageError(f"规则包分配文件 {path} 的 {key} 应为 名称: [叠加包, ...] 的映射")
        maps[key] = {str(k): _chain(path, f"{key}.{k}", v) for k, v in given.items()}
    return ChainPlan(default, maps["by_field"], maps["by_unit"])


def _chain(path: Path, where: str, value) -> Chain:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise UsageError(f"规则包分配文件 {path} 的 {where} 应为叠加包名称的列表，如 [police]：{value!r}")
    return tuple(v.strip() for v in value)


def unit_fields(cfs: CaseFileSet) -> dict[str, str | None]:
    """Every unit of the input (units table, then units of cases) → its 执法领域, None when not given."""
    units = cfs.tables.get("units")
    out: dict[str, str | None] = {}
    if units is not None:
        fields = units["field"] if "field" in units else pd.Series(None, index=units.index, dtype=object)
        out.update((u, f if isinstance(f, str) and f.strip() else None) for u, f in zip(units["unit_id"], fields))
    for u in pd.unique(cfs.tables["cases"]["unit_id"]):
        out.setdefault(u, None)
    return out


def assign_chains(cfs: CaseFileSet, plan: ChainPlan, base: str, loader=load_pack) -> ChainAssignment:
    """Each unit's chain, and each chain used loaded once (the default chain's pack always, first)."""
    fields = unit_fields(cfs)
    of_unit = {u: plan.chain(u, f) for u, f in fields.items()}
    warnings = []
    if plan.by_field and not any(f is not None for f in fields.values()):
        warnings.append(NO_FIELD_COLUMN.format(fields="、".join(plan.by_field)))
    elif plan.by_field:
        warnings += unmatched_fields(cfs, fields, plan)
    used = [plan.default] + [c for c in dict.fromkeys(of_unit.values()) if c != plan.default]
    return ChainAssignment(base, of_unit, {c: loader(base, list(c)) for c in used}, warnings)


def unmatched_fields(cfs: CaseFileSet, fields: dict[str, str | None], plan: ChainPlan) -> list[str]:
    """执法领域 values no `by_field` key names. One close to a key (“公安局” for 公安) is refused: its units
    would silently be judged by the default pack. Others, and units without a value, are warnings."""
    rows = _unit_rows(cfs)
    loose: dict[str, list[str]] = {}
    for unit, value in fields.items():
        if unit in plan.by_unit or value in plan.by_field:
            continue
        loose.setdefault(value or "", []).append(unit)
    near = {v: did_you_mean(v, plan.by_field) or next((k for k in plan.by_field if k in v or v in k), None)
            for v in loose if v}
    typos = [f"执法领域“{v}”（{_units_text(loose[v], rows)}）；是否想写“{k}”？" for v, k in near.items() if k]
    if typos:
        raise UsageError("单位表中的执法领域与规则包分配（by_field / --overlay-for）写法不一致，这些单位会按默认规则包评查："
                         + "；".join(typos) + "。请改正单位表，或在分配中写出该领域")
    return [f"执法领域“{v}”未在规则包分配中（{_units_text(units, rows)}），按默认规则包评查" if v else
            f"{_units_text(units, rows)}没有执法领域，按默认规则包评查" for v, units in loose.items()]


def _unit_rows(cfs: CaseFileSet) -> dict[str, int]:
    units = cfs.tables.get("units")
    if units is None or "_row" not in units:
        return {}
    return dict(zip(units["unit_id"], units["_row"]))


def _units_text(units: list[str], rows: dict[str, int], shown: int = 5) -> str:
    named = [f"{u}（单位表第 {rows[u]} 行）" if u in rows else f"{u}（单位表中没有）" for u in units[:shown]]
    more = f" 等 {len(units)} 个单位" if len(units) > shown else ""
    return "单位 " + "、".join(named) + more
