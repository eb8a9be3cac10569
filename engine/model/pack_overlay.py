"""Overlays: each mistake reported where it was written, then what can be merged merged into the base pack."""
from __future__ import annotations

from pathlib import Path

from casereview.engine.model import expr
from casereview.engine.model.pack_problems import ProblemLog
from casereview.engine.model.pack_yaml import PackFile
from casereview.engine.model.rule import PackInfo

OVERLAY_KEYS = ("pack", "parameters", "facts", "rules", "disable", "grading")
# an overlay rule giving one of these for an id the pack has redefines the rule: it must say `replaces`
LOGIC_KEYS = ("applies", "checks", "otherwise", "level")
REPLACES = "__replaces__"       # marks a checked replacement for apply_overlay


def deep_merge(base: dict, over: dict, origin: str, prov: dict, prefix: tuple = ()) -> dict:
    """Dicts merge key by key; lists and scalars replace. Record where each leaf came from."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v, origin, prov, prefix + (k,))
        else:
            out[k] = v
            prov[prefix + (k,)] = origin
    return out


def normalise_base(data: dict, log: ProblemLog) -> dict:
    """The base pack with `parameters` a mapping and `rules` a list of mappings (what is not, reported);
    the log's locator learns where each base rule was written."""
    data = dict(data)
    if not isinstance(data.get("parameters", {}), dict):
        log.add(("parameters",), "parameters 须是映射（键: 值）")
        data["parameters"] = {}
    if "rules" not in data:
        log.add((), "缺少必填项 rules")
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        log.add(("rules",), "rules 须是规则列表")
        rules = []
    for i, r in enumerate(rules):
        if not isinstance(r, dict):
            log.add(("rules", i), "规则须是映射（id: …, title: …）")
    data["rules"] = [_hashable_id(r) if isinstance(r, dict) else {} for r in rules]
    log.locator.rules = [[(log.locator.base, i)] for i in range(len(data["rules"]))]
    return data


def _hashable_id(rule: dict) -> dict:
    """An id written as a list or mapping would break merging by id; the rule checks still report it."""
    rid = rule.get("id")
    return rule if rid is None or isinstance(rid, (str, int, float, bool)) else {**rule, "id": str(rid)}


def check_overlay(ov: dict, src: PackFile, data: dict, base_id, log: ProblemLog) -> dict:
    """Report every mistake of an overlay on `data` (the base pack `base_id` with the overlays before it);
    return the part that can be merged (by `apply_overlay`)."""
    ov = dict(ov)
    for key in [k for k in ov if k not in OVERLAY_KEYS]:
        log.add((key,), f"叠加包不支持的键“{key}”", suggestion=expr.did_you_mean(str(key), OVERLAY_KEYS), source=src)
        del ov[key]
    _check_info(ov, src, data, base_id, log)
    if not isinstance(ov.get("parameters") or {}, dict):
        log.add(("parameters",), "parameters 须是映射（键: 值）", source=src)
        del ov["parameters"]
    ids = {r.get("id"): i for i, r in enumerate(data["rules"])}
    ov["rules"] = _overlay_rules(ov.get("rules") or [], src, data, ids, log)
    disable = ov.get("disable") or []
    if not isinstance(disable, list):
        log.add(("disable",), "disable 须是规则编号列表", source=src)
        disable = []
    ov["disable"] = []
    for j, rid in enumerate(disable):
        if rid in ids:
            ov["disable"].append(rid)
            if data["rules"][ids[rid]].get("veto") is True:
                where = "{}:{}".format(*log.locator.where(("rules", ids[rid], "id")))
                log.add(("disable", j), f"停用了否决项规则 {rid}（{where}）", rule_id=rid, source=src, fatal=False)
        else:
            log.add(("disable", j), f"要停用的规则“{rid}”不存在", rule_id=str(rid),
                    suggestion=expr.did_you_mean(str(rid), [i for i in ids if isinstance(i, str)]), source=src)
    return ov


def _check_info(ov: dict, src: PackFile, data: dict, base_id, log: ProblemLog) -> None:
    """pack: {id, title, extends}; a missing or wrong `extends` does not stop a review (lint reports it)."""
    info = ov.get("pack")
    if not isinstance(info or {}, dict) or not isinstance(data.get("pack", {}), dict):
        ov.pop("pack", None)           # pack info merges as mappings only
    if not isinstance(info or {}, dict):
        log.add(("pack",), "pack 须是映射（键: 值）", source=src)
        return
    if not info or not info.get("extends"):
        log.add(("pack",), "叠加包须在 pack.extends 中写明所叠加的规则包编号（编辑器据此按叠加包校验）",
                source=src, fatal=False)
        return
    known = list(PackInfo.model_fields)
    for key in [k for k in info if k not in known]:
        log.add(("pack", key), f"pack 中未知的键“{key}”", suggestion=expr.did_you_mean(str(key), known), source=src,
                fatal=False)
    if base_id and info["extends"] != base_id:
        log.add(("pack", "extends"), f"叠加包声明叠加于“{info['extends']}”，但基础规则包是“{base_id}”",
                suggestion=base_id, source=src, fatal=False)


def _overlay_rules(rules, src: PackFile, data: dict, ids: dict, log: ProblemLog) -> list[dict]:
    """The overlay's rules that are mappings, each checked against the rule it adjusts, replaces or adds;
    each placed so later problems point into this file (a replaced rule's only into this file)."""
    if not isinstance(rules, list):
        log.add(("rules",), "rules 须是规则列表", source=src)
        return []
    kept = []
    for k, r in enumerate(rules):
        if not isinstance(r, dict):
            log.add(("rules", k), "规则须是映射（id: …, title: …）", source=src)
            continue
        r = _hashable_id(r)
        if r.get("id") in ids:
            r = _check_reused_id(r, k, src, data["rules"][ids[r["id"]]], ids[r["id"]], log)
        elif "replaces" in r:
            log.add(("rules", k, "replaces"), f"要替换的规则“{r['replaces']}”不存在，本条按新增规则处理",
                    rule_id=_text_id(r), suggestion=expr.did_you_mean(str(r["replaces"]), _text_ids(ids)),
                    source=src)
            r = _without_replaces(r)
        kept.append(r)
        if r.get("id") not in ids:
            log.locator.rules.append([(src, k)])
        elif REPLACES in r:
            log.locator.rules[ids[r["id"]]] = [(src, k)]
        else:
            log.locator.rules[ids[r["id"]]].append((src, k))
    return kept


def _check_reused_id(r: dict, k: int, src: PackFile, base: dict, index: int, log: ProblemLog) -> dict:
    """An overlay rule whose id the pack already has: an adjustment of some fields, or (with `replaces`)
    a new definition. New logic without `replaces` is fatal: it would silently redefine the rule;
    touching a veto rule (disabling, un-vetoing, replacing) is a warning."""
    rid, veto = r["id"], base.get("veto") is True
    where = "{}:{}".format(*log.locator.where(("rules", index, "id")))
    if "replaces" in r:
        if r["replaces"] != rid:
            log.add(("rules", k, "replaces"), f"replaces 须与 id 相同（要替换的规则编号 {rid}），实为“{r['replaces']}”",
                    rid, rid, source=src)
            return _without_replaces(r)
        if veto:
            log.add(("rules", k, "replaces"), f"替换了否决项规则 {rid}（{where}）", rid, source=src, fatal=False)
        return {**_without_replaces(r), REPLACES: True}
    logic = [key for key in LOGIC_KEYS if key in r]
    if logic:
        log.add(("rules", k, "id"), f"规则编号 {rid} 已由 {where} 的规则“{base.get('title', rid)}”使用；"
                f"叠加包给出 {'、'.join(logic)} 即重新定义该规则，须写明 replaces: {rid}（整条替换）或改用新编号；"
                f"只调整扣分、启用等个别项时不要写 {'、'.join(LOGIC_KEYS)}", rid, source=src)
    if veto and r.get("enabled") is False:
        log.add(("rules", k, "enabled"), f"停用了否决项规则 {rid}（{where}）", rid, source=src, fatal=False)
    if veto and r.get("veto") is False:
        log.add(("rules", k, "veto"), f"取消了规则 {rid}（{where}）的否决项", rid, source=src, fatal=False)
    return r


def _without_replaces(r: dict) -> dict:
    return {key: v for key, v in r.items() if key != "replaces"}


def _text_id(r: dict) -> str | None:
    return r.get("id") if isinstance(r.get("id"), str) else None


def _text_ids(ids: dict) -> list[str]:
    return [i for i in ids if isinstance(i, str)]


def apply_overlay(data: dict, ov: dict, path: Path, prov: dict) -> dict:
    """Merge a checked overlay: parameters key by key, named facts added, grading whole, rules by id;
    `prov` records the file."""
    out = dict(data)
    origin = path.name
    if isinstance(ov.get("facts"), list):
        out["facts"] = [*(data.get("facts") or []), *ov["facts"]]
        for f in ov["facts"]:
            if isinstance(f, dict) and isinstance(f.get("name"), str):
                prov[("facts", f["name"])] = origin
    if "parameters" in ov:
        out["parameters"] = deep_merge(data.get("parameters", {}), ov["parameters"] or {}, origin, prov,
                                       ("parameters",))
    if "grading" in ov:
        out["grading"] = ov["grading"]
        prov[("grading",)] = origin
    rules = [dict(r) for r in data.get("rules", [])]
    by_id = {r.get("id"): r for r in rules}
    index = {r.get("id"): i for i, r in enumerate(rules)}
    for r in ov.get("rules") or []:
        if r.get(REPLACES):       # a whole new definition, in the replaced rule's place
            rules[index[r["id"]]] = by_id[r["id"]] = {k: v for k, v in r.items() if k != REPLACES}
            prov[("rules", r["id"], "replaces")] = origin
        elif r.get("id") in by_id:
            by_id[r["id"]].update(r)
        else:
            rules.append(dict(r))
        prov[("rules", r.get("id"))] = origin
    for rid in ov.get("disable") or []:
        by_id[rid]["enabled"] = False
        prov[("rules", rid, "enabled")] = origin
    out["rules"] = rules
    if "pack" in ov:
        base_info = dict(data.get("pack", {}))
        ov_info = ov["pack"] or {}
        out["pack"] = {**base_info, "id": f"{base_info.get('id')}+{ov_info.get('id', path.stem)}",
                       "title": f"{base_info.get('title')}（{ov_info.get('title', path.stem)}）"}
    return out
