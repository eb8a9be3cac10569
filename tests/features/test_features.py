"""Every .feature file under features/ becomes tests here (pytest-bdd); steps come from features.steps.

`casereview rules test` on the bundled pack runs last in this file: in the same process the scenarios'
reviews are already memoised under the pack's digest (features/review.py), so the command re-checks
every scenario and the coverage without reviewing the case files a second time."""
from pathlib import Path

from pytest_bdd import scenarios

from casereview.cli.main import main

FEATURES = Path(__file__).resolve().parents[2] / "features"

scenarios(str(FEATURES))


def test_rules_test_on_the_standard_pack_passes_with_full_coverage(capsys):
    # the bundled specs cover the standard pack (`rules test --overlay police`: tests/features/test_rules_test_cli.py)
    code = main(["rules", "test"])
    out = capsys.readouterr()
    out = out.out + out.err
    assert code == 0, out
    assert "覆盖缺口：无" in out and "结果：通过" in out and "失败 0" in out
    for rule in ("GS01", "GS05", "JL02", "FS04", "CX03"):
        assert f"\n{rule}  " in out
