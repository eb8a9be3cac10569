"""The installed product needs no test code: no product module imports `tests`, and `rules test` runs without it."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("casereview", "casefiles", "engine", "features", "reports", "rules")   # source folders
IMPORTS_TESTS = re.compile(r"^\s*(from|import)\s+tests\b", re.M)


def test_no_product_module_imports_test_code():
    found = [str(p.relative_to(ROOT)) for d in PRODUCT for p in (ROOT / d).rglob("*.py")
             if IMPORTS_TESTS.search(p.read_text(encoding="utf-8"))]
    assert not found


def test_rules_test_dependencies_are_installed_by_readme_command_1():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=\[; ]", d, maxsplit=1)[0].lower() for d in deps}
    assert {"pytest", "pytest-bdd"} <= names


def test_rules_test_runs_outside_the_source_tree(tmp_path):
    """From another directory, with `tests` not importable: GS02's scenarios run and pass, never a traceback."""
    done = subprocess.run([sys.executable, "-c", "import sys; sys.modules['tests'] = None; "
                           "from casereview.cli.main import main; sys.exit(main(['rules', 'test', '-k', 'GS02']))"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr[-3000:]
    assert done.returncode in (0, 1) and "规则覆盖" in done.stdout, done.stdout[-2000:]
    passed = re.search(r"场景：通过 (\d+)", done.stdout)
    assert passed and int(passed.group(1)) > 0, done.stdout[-2000:] + done.stderr[-2000:]   # the plugin loaded
