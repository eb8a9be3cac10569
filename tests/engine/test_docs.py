"""The generated catalogues in docs/ match the code and the pack (regenerate: python -m engine.docs)."""
from engine.docs import generated


def test_generated_docs_are_current():
    for path, text in generated().items():
        assert path.exists(), f"{path} 不存在：请运行 python -m engine.docs"
        assert path.read_text(encoding="utf-8") == text, f"{path} 已过期：请运行 python -m engine.docs"


def test_every_fact_documented_in_chinese():
    text = next(t for p, t in generated().items() if p.name == "facts.md")
    for name in ("has_decision", "publish_short_due", "acts_short_count", "reviewer_percent"):
        assert f"`{name}`" in text
