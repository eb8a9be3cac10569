"""The sample's run folder read back (as `casereview report` does) and its paper documents written once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from casereview.reports import paper
from casereview.reports.from_run import load_run


@dataclass
class Paper:
    run: object
    out: Path
    settings: paper.NoticeSettings
    heads: paper.CaseHeads


@pytest.fixture(scope="session")
def sample_read_back(sample_run):
    """The sample's run folder read back, as `casereview report` reads it."""
    return load_run(sample_run.folder)


@pytest.fixture(scope="session")
def sample_paper(sample_read_back, tmp_path_factory) -> Paper:
    """Every unit's 评查表 (.docx only), 整改通知书 and the 通报 of the sample run, notice date = as-of date."""
    run = sample_read_back
    out = tmp_path_factory.mktemp("paper")
    heads = paper.case_heads(run)
    units = paper.select_units(run)
    paper.write_case_sheet_files(run, out, heads, units, pdf=False)
    settings = paper.notice_settings(run)
    paper.write_notice_files(run, out, heads, settings, units)
    return Paper(run, out, settings, heads)
