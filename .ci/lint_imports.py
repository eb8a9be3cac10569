"""Run `lint-imports` (pyproject [tool.importlinter]) over the package as it installs.

import-linter walks the folder of the root package, so it cannot see the package-dir mapping
(`engine/` is `casereview.engine`, …). This copies each package listed in pyproject's
[tool.setuptools] `packages` to where a non-editable install puts it, in a temporary folder,
and runs lint-imports there. Exit code: that of lint-imports.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def source_folder(package: str, package_dir: dict[str, str]) -> Path:
    """The folder a package is read from, as setuptools resolves it (longest mapped parent wins)."""
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        parent = ".".join(parts[:i])
        if parent in package_dir:
            return ROOT / package_dir[parent] / Path(*parts[i:]) if parts[i:] else ROOT / package_dir[parent]
    return ROOT / Path(*parts)


def install_layout(target: Path) -> None:
    """Copy the modules of every listed package to `target/<package path>`."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package in setuptools["packages"]:
        into = target / Path(*package.split("."))
        into.mkdir(parents=True, exist_ok=True)
        for module in source_folder(package, setuptools["package-dir"]).glob("*.py"):
            shutil.copy2(module, into / module.name)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="casereview-layers-") as tmp:
        install_layout(Path(tmp))
        env = {**os.environ, "PYTHONPATH": tmp}
        lint = Path(sys.executable).parent / "lint-imports"
        # Run from the copy: lint-imports puts the working directory first on sys.path.
        return subprocess.run([str(lint), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
                              cwd=tmp, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
