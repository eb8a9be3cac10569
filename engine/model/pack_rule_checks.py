"""Rule checks: each rule against the model (pydantic, in Chinese), unique ids, known systems, veto without
deduction; conditions through the real parser, reason templates, evidence and value against the fact catalogue."""
from __future__ import annotations

from functools import partial

from pydantic import ValidationError

from casereview.engine.model import expr
from casereview.engine.model.catalogue import case_catalogue, unit_catalogue
from casereview.engine.model.compiled import TEMPLATE_REF, param_value
from casereview.engine.model.named_facts import Macros
from casereview.engine.model.pack_checks import report_error, useful_errors
from casereview.engine.model.pack_problems import ProblemLog, closest
from casereview.engine.model.rule import NamedFact, Pack, Parameters, Rule
from casereview.engine.model.schema import CASE_TYPES, CONCLUSIONS, ENUM, PARTY_TYPES, PROCEDURES, TABLES

# facts holding one of a closed list of values: literals compared with them are checked
_ENUM_FACTS = {"case_type": CASE_TYPES, "procedure": PROCEDURES, "party_type": PARTY_TYPES,
               "last_review_conclusion": CONCLUSIONS}
_VETO_DEDUCTION = "否决项（veto）不应再设扣分（deduction）"


def check_rules(data: dict, params: Parameters, named: dict[str, NamedFact], log: ProblemLog) -> None:
    """Every rule of the merged pack, disabled ones too (their texts' mistakes do not stop a review);
    `named`: the pack's named facts, read by conditions as macros."""
    systems = data.get("systems", Pack.model_fields["systems"].default)
    systems = systems if isinstance(systems, list) else []
    param = partial(param_value, params)
    catalogues = {"case": case_catalogue(params), "unit": unit_catalogue()}
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["rules"]):
        if not raw:
            continue
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            Rule.model_validate(raw)
        except ValidationError as e:
            for err in useful_errors(e.errors(), ("rules", i)):
                if not (err["type"] == "value_error" and err["loc"] == ()):   # veto: checked below
                    report_error(err, ("rules", i), rid, log)
        if rid in seen:
            log.add(("rules", i, "id"), f"规则编号重复：{rid}（与第{seen[rid]}行的规则相同）", rid)
        elif rid:
            seen[rid] = log.locator.where(("rules", i, "id"))[1] or 0
        system = raw.get("system")
        if isinstance(system, str) and system not in systems:
            log.add(("rules", i, "system"), f"体系“{system}”不在 systems（{'、'.join(map(str, systems))}）中", rid,
                    closest(system, systems))
        if raw.get("veto") is True and isinstance(raw.get("deduction"), (int, float)) and raw["deduction"]:
            # where the clash was made: an overlay setting veto on a rule with a deduction, or the reverse
            log.add(log.locator.later(("rules", i, "deduction"), ("rules", i, "veto")), _VETO_DEDUCTION, rid)
        level = raw.get("level", "case")
        # a misspelt level: accept facts of either level rather than report every fact of the rule
        facts = catalogues[level] if isinstance(level, str) and level in catalogues else \
            {**catalogues["case"], **catalogues["unit"]}
        types_ = {name: f.type for name, f in facts.items()}
        _check_texts(raw, ("rules", i), rid, facts, param, Macros(named, types_, param), log,
                     fatal=raw.get("enabled", True) is not False, unit=level == "unit")


def _check_texts(raw: dict, at: tuple, rid, facts: dict, param, macros: Macros, log: ProblemLog, *,
                 fatal: bool, unit: bool = False) -> None:
    """Conditions through the real parser; reason templates and evidence against the fact catalogue.
    A literal no case holds (case_type == '行政处理') would silently never match: fatal, like any other mistake.
    `unit`: a unit-level rule, which has no case records to look into (exists, count …)."""
    types_ = {name: f.type for name, f in facts.items()}
    conditions = [(("applies",), raw.get("applies", "true"))]
    templates = [(("not_applicable",), raw.get("not_applicable"))]
    checks = raw.get("checks") if isinstance(raw.get("checks"), list) else []
    for j, c in enumerate(checks):
        if isinstance(c, dict):
            conditions.append((("checks", j, "when"), c.get("when")))
            templates.append((("checks", j, "reason"), c.get("reason")))
    if isinstance(raw.get("otherwise"), dict):
        templates.append((("otherwise", "reason"), raw["otherwise"].get("reason")))
    for path, text in conditions:
        if not isinstance(text, str):
            continue
        try:
            node = expr.parse(text, types_, param, macros)
        except expr.ExprError as e:
            log.add(at + path, f"条件“{text}”：{e}", rid, e.suggestion, fatal=fatal)
            continue
        if unit and expr.aggregates_of(node):
            log.add(at + path, f"条件“{text}”：单位级规则不能读取案件的子记录（{expr.aggregates_of(node)[0].column}）",
                    rid, fatal=fatal)
            continue
        for fact, value in _literals(node):
            known = _ENUM_FACTS.get(fact)
            if known and value not in known and (f"'{value}'" in text or f'"{value}"' in text):
                # a literal the input can never hold: the branch would silently never match
                log.add(at + path, f"条件“{text}”：未知的{facts[fact].label}“{value}”", rid,
                        closest(value, known), fatal=fatal)
        for table, column, value, known in _filter_literals(node):
            if value not in known and (f"'{value}'" in text or f'"{value}"' in text):
                log.add(at + path, f"条件“{text}”：未知的{TABLES[table].label}.{TABLES[table].column(column).label}"
                                   f"“{value}”", rid, closest(value, known), fatal=fatal)
    for path, text in templates:
        for ref in TEMPLATE_REF.findall(text) if isinstance(text, str) else []:
            if ref.startswith("$"):
                try:
                    param(ref[1:])
                except expr.ExprError as e:
                    log.add(at + path, f"说明中引用了{e}", rid, e.suggestion, fatal=fatal)
            elif ref in macros and unit:
                log.add(at + path, f"单位级规则的说明中不能引用命名事实“{ref}”（命名事实按案件级事实解析）", rid,
                        fatal=fatal)
            elif ref in macros:
                continue              # shown with its value; a broken expression is reported where declared
            elif ref != "as_of" and ref not in facts:
                log.add(at + path, f"说明中引用了未知事实“{ref}”", rid, expr.did_you_mean(ref, facts), fatal=fatal)
    if isinstance(raw.get("value"), str) and raw["value"] not in facts:
        log.add(at + ("value",), f"value 中的未知事实“{raw['value']}”", rid, expr.did_you_mean(raw["value"], facts),
                fatal=fatal)
    evidence = raw.get("evidence") if isinstance(raw.get("evidence"), list) else []
    for j, name in enumerate(evidence):
        if isinstance(name, str) and name in macros and unit:
            log.add(at + ("evidence", j), f"单位级规则的证据中不能列命名事实“{name}”（命名事实按案件级事实解析）", rid,
                    fatal=fatal)
        elif isinstance(name, str) and name in macros:
            continue
        elif isinstance(name, str) and name not in facts:
            log.add(at + ("evidence", j), f"证据中的未知事实“{name}”", rid, expr.did_you_mean(name, facts),
                    fatal=fatal)


def _filter_literals(node) -> list[tuple[str, str, object, tuple]]:
    """(table, column, literal, allowed values) for each literal a quantifier's filter compares a
    closed-list child column with (documents.phase, reviews.conclusion)."""
    out = []
    for agg in expr.aggregates_of(node):
        if isinstance(agg, expr.Aggregate):
            table = TABLES[agg.table]
            out += [(agg.table, column, value, table.column(column).choices) for column, value in _literals(agg.where)
                    if column in table.names and table.column(column).kind == ENUM]
    return out


def _literals(node) -> list[tuple[str, object]]:
    if isinstance(node, expr.Compare):
        values = node.value if isinstance(node.value, tuple) else (node.value,)
        return [(node.fact, v) for v in values]
    if isinstance(node, expr.Not):
        return _literals(node.operand)
    if isinstance(node, expr.BoolOp):
        return [x for o in node.operands for x in _literals(o)]
    return []
