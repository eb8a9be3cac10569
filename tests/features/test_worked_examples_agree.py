"""Every deadline a feature file states is one of the shared worked deadlines (tests/worked_examples.py),
and its outcome follows from it; so the specs authors read and the unit tests cannot drift apart.

The feature files are read with pytest-bdd's own parser; each example row is rendered into its
scenario (background included) and the case's start date, done date, review date, expected outcome and
the “期限 YYYY-MM-DD” in the expected reason are read from the steps. Only the working-day deadline
rules are read; their periods are the rules' statutory ones (docs/rules.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pytest_bdd.feature import get_features

from casereview.features.world import DEFAULT_AS_OF
from tests.worked_examples import BY_START

FEATURES = Path(__file__).resolve().parents[2] / "features"
# rule → (working days, field holding the start date, field holding the done date)
DEADLINE_RULES = {
    "GS03": (7, "决定日期", "公示日期"),
    "CX03": (7, "决定日期", "送达日期"),
    "GS04": (20, "决定日期", "公示日期"),
    "GS05": (3, "变更撤销日期", "撤回公示日期"),
}
DATE = r"\d{4}-\d{2}-\d{2}"


@dataclass(frozen=True)
class Claim:
    where: str
    rule: str
    start: date
    done: date | None
    as_of: date
    outcome: str
    due: date


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text and re.fullmatch(DATE, text) else None


def _case_fields(steps) -> dict[str, str]:
    """The case's fields as the steps set them, the last setting winning."""
    fields: dict[str, str] = {}
    for step in steps:
        if m := re.fullmatch(r"案件的(\S+?)为(.*)", step.name):
            fields[m.group(1)] = m.group(2).strip()
        if step.datatable and "案件" in step.name:
            rows = [[c.value.strip() for c in r.cells] for r in step.datatable.rows]
            fields.update({r[0]: r[1] for r in rows} if "一件案件" in step.name else dict(zip(rows[0], rows[1])))
    return fields


def claims() -> list[Claim]:
    out = []
    for feature in get_features([str(p) for p in sorted(FEATURES.rglob("*.feature"))]):
        for template in feature.scenarios.values():
            for context in [c for ex in template.examples for c in ex.as_contexts()] or [{}]:
                scenario = template.render(context)
                rule = outcome = reason = None
                as_of = DEFAULT_AS_OF
                for step in scenario.steps:
                    if m := re.fullmatch(r"(\w+) 的结论为(.+)", step.name):
                        rule, outcome = m.groups()
                    if m := re.fullmatch(r"说明包含“(.*)”", step.name):
                        reason = m.group(1)
                    if m := re.search(rf"评查日为 ?({DATE})|于 ?({DATE}) ?评查", step.name):
                        as_of = _day(m.group(1) or m.group(2))
                stated = re.search(rf"期限 ({DATE})", reason or "")
                if rule not in DEADLINE_RULES or not stated:
                    continue
                _, start_field, done_field = DEADLINE_RULES[rule]
                fields = _case_fields(scenario.steps)
                where = f"{Path(feature.filename).name}: {scenario.name} {context.get('情形', '')}".strip()
                out.append(Claim(where, rule, _day(fields.get(start_field)), _day(fields.get(done_field)), as_of,
                                 outcome, _day(stated.group(1))))
    return out


CLAIMS = claims()


def test_the_feature_files_state_deadlines():
    """The reader still finds the examples (a renamed step would silently leave nothing to check)."""
    assert {c.rule for c in CLAIMS} == set(DEADLINE_RULES)
    assert len(CLAIMS) > 60


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.where for c in CLAIMS])
def test_feature_deadline_is_a_worked_example(claim):
    n = DEADLINE_RULES[claim.rule][0]
    worked = BY_START.get((claim.start, n))
    assert worked is not None, f"{claim.where}: {claim.start} 后第{n}个工作日未列入 tests/worked_examples.py"
    assert claim.due == worked.due, f"{claim.where}: 写的期限 {claim.due}，手算为 {worked.due}（{worked.name}）"
    done = claim.done if claim.done is not None and claim.done <= claim.as_of else None   # later: not yet done
    if done is not None and claim.outcome in ("合规", "不合规"):
        assert (claim.start <= done <= worked.due) == (claim.outcome == "合规"), claim.where
    if done is None and claim.outcome in ("不适用", "不合规"):
        assert (claim.as_of > worked.due) == (claim.outcome == "不合规"), claim.where


# --- the catalogue's worked examples (docs/rules.md, from reports/docs/templates/rules.md.tmpl) ---

RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def doc_examples() -> list[tuple[str, date, date]]:
    """(example, decision date, due date) of each “**例 N” paragraph that states a 期限日; 7 working days."""
    out = []
    for para in RULES_DOC.read_text(encoding="utf-8").split("\n\n"):
        if para.startswith("**例") and (start := re.search(rf"决定日期 ({DATE})", para)) \
                and (due := re.search(rf"期限日(?:为)?\s*({DATE})", para)):
            out.append((para[:6], _day(start.group(1)), _day(due.group(1))))
    return out


def test_the_rule_catalogue_examples_are_worked_examples():
    examples = doc_examples()
    assert len(examples) >= 3
    for name, start, due in examples:
        worked = BY_START.get((start, 7))
        assert worked is not None and worked.due == due, f"docs/rules.md {name}: {start} → {due}"
