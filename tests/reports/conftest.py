"""Fixtures: the sample reviewed once into a run folder (with workbook and HTML), and a tiny hostile input."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import ReviewResult, review
from casereview.reports.html import html_writer
from casereview.reports.run_folder import write_run
from casereview.reports.workbook import workbook_writer
from casereview.rules import STANDARD_PACK

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "casefiles" / "samples" / "三项制度评查样例.xlsx"
SMALL = ROOT / "tests" / "casefiles" / "data" / "sample_en"
AS_OF = date(2026, 11, 20)
INJECTION = '=HYPERLINK("http://x","y")'
MARKUP = '<img src=x onerror="document.title=1">'


@dataclass
class Run:
    folder: Path
    result: ReviewResult


def _review(source: Path, out: Path) -> Run:
    result = review(load_casefiles(source), load_pack(STANDARD_PACK), AS_OF)
    write_run(result, out, extra_writers=[workbook_writer, html_writer])
    return Run(out, result)


@pytest.fixture(scope="session")
def injection() -> str:
    return INJECTION


@pytest.fixture(scope="session")
def markup() -> str:
    return MARKUP


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Run:
    return _review(SAMPLE, tmp_path_factory.mktemp("sample") / "run")


@pytest.fixture(scope="session")
def hostile_run(tmp_path_factory) -> Run:
    """Formula starts and markup in a unit name, a case id, an exemption reason and a rejected date."""
    src = tmp_path_factory.mktemp("hostile") / "input"
    shutil.copytree(SMALL, src)
    units = pd.read_csv(src / "units.csv", dtype=str, keep_default_na=False)
    units.loc[0, "name"] = INJECTION
    units.loc[1, "name"] = MARKUP
    units.to_csv(src / "units.csv", index=False)
    cases = pd.read_csv(src / "cases.csv", dtype=str, keep_default_na=False)
    extra = cases.iloc[[0]].copy()
    extra["case_id"] = INJECTION
    extra["filed_date"] = "=1+2"
    extra["handler_ids"] = "@SUM(A1)"
    cases.loc[0, "publish_exempt_reason"] = "-2+3"
    pd.concat([cases, extra]).to_csv(src / "cases.csv", index=False)
    return _review(src, src.parent / "run")
