"""The step library is documented (STEPS.md is generated and current) and every bundled step is unambiguous."""
from pathlib import Path

from pytest_bdd.feature import get_features

from casereview.features import stepdoc
from casereview.features.registry import STEPS, matching
from casereview.features.runner import BUNDLED_FEATURES, lint_features


def test_steps_md_is_current():
    assert stepdoc.OUT.read_text(encoding="utf-8") == stepdoc.render(), "请运行 python -m casereview.features.stepdoc"


def test_every_step_has_a_chinese_docstring_with_an_example():
    for s in STEPS:
        summary, _body, example = stepdoc._doc_parts(s.func)
        assert summary and not summary.isascii(), s.text
        assert example, f"步骤“{s.text}”的说明没有示例"


def test_every_bundled_step_matches_exactly_one_definition():
    problems = []
    for feature in get_features([str(BUNDLED_FEATURES)]):
        for template in feature.scenarios.values():
            contexts = [c for ex in template.examples for c in ex.as_contexts()] or [{}]
            for context in contexts:
                for st in template.render(context).steps:
                    found = matching(st.type, st.name)
                    if len(found) != 1:
                        problems.append(f"{Path(feature.filename).name}:{st.line_number} {st.name} → {len(found)}")
    assert not problems, "\n".join(problems)


def test_bundled_features_have_no_duplicate_scenario_names():
    assert lint_features([BUNDLED_FEATURES]) == []


def test_lint_reports_a_duplicate_scenario_name(tmp_path):
    (tmp_path / "a.feature").write_text(
        "# language: zh-CN\n功能: 甲\n\n  场景: 同名\n    那么 GS01 的结论为合规\n\n"
        "  场景: 同名\n    那么 GS01 的结论为不合规\n", encoding="utf-8")
    [problem] = lint_features([tmp_path])
    assert "场景名“同名”与第4行重复" in problem
