"""The generated catalogues in docs/ match the code and the pack (regenerate: python -m casereview.reports.docs)."""
import pytest

from casereview.engine.model.schema import TABLES
from casereview.reports.docs.build import generated
from casereview.reports.docs.rules import TEMPLATES, fill, rule_notes
from casereview.engine.model.pack import load_pack


def test_generated_docs_are_current():
    for path, text in generated().items():
        assert path.exists(), f"{path} 不存在：请运行 python -m casereview.reports.docs"
        assert path.read_text(encoding="utf-8") == text, f"{path} 已过期：请运行 python -m casereview.reports.docs"


def test_every_fact_documented_in_chinese():
    text = next(t for p, t in generated().items() if p.name == "facts.md")
    for name in ("has_decision", "publish_short_due", "acts_short_count", "reviewer_percent"):
        assert f"`{name}`" in text


def _doc(name: str) -> str:
    return next(t for p, t in generated().items() if p.name == name)


def test_format_lists_every_column_of_every_table():
    text = _doc("format.md")
    for t in TABLES.values():
        assert f"### {t.name} · {t.label}" in text
        for c in t.columns:
            assert f"| `{c.name}` | {c.label} |" in text, (t.name, c.name)
    for code in ("pass", "fail", "na", "unknown"):
        assert f"`{code}`" in text
    assert "| 4 | 命令行用法错误" in text and "tables:" in text and "columns:" in text


def test_rules_doc_has_every_rule_with_a_hand_written_note():
    text = _doc("rules.md")
    notes = rule_notes((TEMPLATES / "rule_notes.md.tmpl").read_text(encoding="utf-8"))
    for r in load_pack().pack.rules:
        assert f"### {r.id}\n" in text and r.basis in text
        assert notes.get(r.id), f"reports/docs/templates/rule_notes.md.tmpl 缺少 {r.id} 的说明"


def test_gs02_without_acts_is_documented_as_not_applicable():
    gs02 = _doc("rules.md").split("### GS02\n", 1)[1].split("\n### ", 1)[0]
    assert "适用范围：`act_count > 0`；不成立时 → 不适用：案卷中没有执法活动" in gs02
    assert "**没有执法活动的案卷不适用**（`na`）" in gs02


def test_working_day_examples_are_in_the_rules_doc():
    text = _doc("rules.md")
    assert "d ≤ x ≤ due(d, N)" in text
    assert "期限日为 2024-10-15" in text and "期限日 2024-05-11" in text and "05-12（周日）公示是逾期" in text


def test_template_placeholders_must_match():
    assert fill("a {{x}} b", {"x": "1"}) == "a 1 b"
    with pytest.raises(ValueError):
        fill("a {{x}} {{y}}", {"x": "1"})
    with pytest.raises(ValueError):
        fill("a {{x}}", {"x": "1", "z": "2"})
