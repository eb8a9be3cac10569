"""History-database fixtures: a fresh SQLite file and a fresh PostgreSQL database per test, a sample run."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.history.runner import AS_OF, BIG_CASES, SAMPLE, casereview


@pytest.fixture
def sqlite_db(tmp_path) -> str:
    return str(tmp_path / "history.db")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request) -> str:
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture(scope="session")
def big_input(tmp_path_factory) -> Path:
    """Generated case files (CSV folder), big enough that a review can be caught half-way."""
    out = tmp_path_factory.mktemp("big") / "input"
    done = casereview("generate", "--cases", BIG_CASES, "--format", "csv", "--out", out)
    assert done.returncode == 0, done.stderr
    return out / "tables"


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """The bundled sample reviewed once (as of 2026-11-20), without a database."""
    from casereview.cli.main import main

    out = tmp_path_factory.mktemp("sample") / "run"
    assert main(["review", str(SAMPLE), "--out", str(out), "--as-of", AS_OF, "--quiet"]) == 0
    return out
