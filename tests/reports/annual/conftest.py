"""The hand-built input (fixture.py) written as an .xlsx, and `casereview annual` run on it once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from casereview.casefiles.writers import write_tables
from casereview.cli.main import main
from tests.reports.annual.fixture import BODY, tables


@dataclass
class AnnualRun:
    source: Path
    out: Path

    def file(self, suffix: str) -> Path:
        return self.out / f"2025年行政执法统计年报.{suffix}"


@pytest.fixture(scope="session")
def annual_source(tmp_path_factory) -> Path:
    return write_tables(tables(), tmp_path_factory.mktemp("annual") / "案卷.xlsx", "xlsx")


@pytest.fixture(scope="session")
def annual_run(annual_source, tmp_path_factory) -> AnnualRun:
    out = tmp_path_factory.mktemp("annual-out") / "年报"
    assert main(["annual", str(annual_source), "--year", "2025", f"--body={BODY}", "--out", str(out)]) == 0
    return AnnualRun(annual_source, out)
