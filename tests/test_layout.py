"""The layout holds: imports at module top, no private names across modules, every package listed, layers kept."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]
PACKAGES: list[str] = SETUPTOOLS["packages"]
# The CLI entry points may import lazily (a command loads only what it runs); nothing else may.
LAZY_IMPORTS_ALLOWED = ROOT / "casereview" / "cli"
# Top-level names of the folders before they moved under `casereview`: an import of one is a stale import.
OLD_TOP_LEVEL = {"engine", "casefiles", "reports", "rules", "features"}
# A module named on a command line (`python -m reports.docs`, `pytest -p features.plugin`) by its old name.
OLD_NAME_ON_COMMAND_LINE = re.compile(r"(?:-m|-p)\s+(?:%s)\.\w" % "|".join(sorted(OLD_TOP_LEVEL)))


def module_name(path: Path) -> str | None:
    """The dotted name a source file installs as, or None for a file outside the mapped folders."""
    for package, folder in sorted(PACKAGE_DIR.items(), key=lambda item: -len(item[1])):
        base = ROOT / folder
        if path.is_relative_to(base):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            return ".".join([package, *parts])
    return None


def source_files() -> list[Path]:
    """Every Python file in the mapped folders (package modules and the scripts that sit beside them)."""
    found = {p for folder in set(PACKAGE_DIR.values()) for p in (ROOT / folder).rglob("*.py")}
    return sorted(p for p in found if "__pycache__" not in p.parts)


def is_project_module(name: str) -> bool:
    top = name.split(".")[0]
    return top == "casereview" or top in OLD_TOP_LEVEL


def imported_module(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The module names an import statement reads (a relative import counts as one of `casereview`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return ["casereview"] if node.level else [node.module or ""]


def module_exists(name: str) -> bool:
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        package = ".".join(parts[:i])
        if package in PACKAGE_DIR:
            base = ROOT / PACKAGE_DIR[package] / Path(*parts[i:]) if parts[i:] else ROOT / PACKAGE_DIR[package]
            return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()
    return False


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_project_modules_are_imported_at_module_top():
    """An import of a project module inside a function, class, `if`, `try` or `with` hides a dependency."""
    found = []
    for path in source_files():
        if path.is_relative_to(LAZY_IMPORTS_ALLOWED):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
                if any(is_project_module(name) for name in imported_module(node)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "project modules imported below module top:\n" + "\n".join(found)


def test_no_stale_top_level_imports():
    """`engine`, `reports`, … are not installed: every import goes through `casereview`."""
    found = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not getattr(node, "level", 0):
                found += [f"{path.relative_to(ROOT)}:{node.lineno} {name}" for name in imported_module(node)
                          if name.split(".")[0] in OLD_TOP_LEVEL]
    assert not found, "\n".join(found)


def test_no_module_is_named_on_a_command_line_by_its_old_name():
    """In code and docs: `-m`/`-p` arguments name `casereview.…` modules (README, docs/, the mapped folders)."""
    texts = [p for p in source_files()] + [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")] + [
        p for folder in set(PACKAGE_DIR.values()) for p in (ROOT / folder).rglob("*.md")]
    found = [f"{path.relative_to(ROOT)}: {m.group(0)}" for path in texts
             for m in OLD_NAME_ON_COMMAND_LINE.finditer(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_no_private_name_is_used_across_modules():
    """Neither `from casereview.x import _name` nor `x._name` on an imported project module."""
    found = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = f"{path.relative_to(ROOT)}"
        module_aliases = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and is_project_module(node.module):
                for alias in node.names:
                    if is_private(alias.name):
                        found.append(f"{where}:{node.lineno} imports {node.module}.{alias.name}")
                    elif module_exists(f"{node.module}.{alias.name}"):
                        module_aliases.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if is_project_module(alias.name) and alias.asname:
                        module_aliases.add(alias.asname)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and is_private(node.attr)
                    and isinstance(node.value, ast.Name) and node.value.id in module_aliases):
                found.append(f"{where}:{node.lineno} reads {node.value.id}.{node.attr}")
    assert not found, "\n".join(found)


def test_every_package_folder_is_listed_in_pyproject():
    """A folder with `__init__.py` that is not in `packages` would be missing from a non-editable install."""
    folders = {module_name(p) for p in source_files() if p.name == "__init__.py"}
    assert folders - set(PACKAGES) == set(), "add to [tool.setuptools] packages"
    assert set(PACKAGES) - folders == set(), "listed in packages but no __init__.py"


def test_layers_contract_holds():
    """`lint-imports` (pyproject [tool.importlinter]) over the installed layout, as `.ci/run` runs it."""
    done = subprocess.run([sys.executable, str(ROOT / ".ci" / "lint_imports.py")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert "1 kept, 0 broken" in done.stdout, done.stdout[-3000:]
