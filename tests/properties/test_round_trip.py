"""Property: any generated case set written in any input form reads back to the same records."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from tests.casefiles.test_writers import canonical
from tests.properties.builders import comparable
from tests.properties.strategies import EXAMPLES, FORMATS, PROFILE, as_casefile_kwargs, case_set
from tests.support import casefile_set

DEST = {"xlsx": "案卷.xlsx", "csv": "tables", "parquet": "tables", "jsonl": "cases.jsonl", "sqlite": "案卷.db"}


def records(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Canonical columns sorted by id; date-times in nanoseconds (the unit is not part of the record)."""
    return comparable(canonical(frame, name))


@st.composite
def written_form(draw) -> tuple[str, dict]:
    fmt = draw(st.sampled_from(FORMATS))
    options = {}
    if fmt in ("xlsx", "csv", "parquet"):
        options["headers"] = draw(st.sampled_from(["zh", "en"]))
    if fmt == "csv":
        options["encoding"] = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return fmt, options


@settings(settings.get_profile(PROFILE))
@given(case_set(awkward=True), written_form())
def _reads_back_the_same(forms: dict[str, int], tables, form):
    fmt, options = form
    cases, rest = as_casefile_kwargs(tables)
    original = casefile_set(cases, **rest).tables
    with tempfile.TemporaryDirectory() as tmp:
        back = load_casefiles(write_tables(original, Path(tmp) / DEST[fmt], fmt, **options))
    assert back.rejects.empty, back.rejects.to_dict("records")
    assert set(back.tables) == set(original)
    for name, frame in original.items():
        want = records(frame, name)
        pd.testing.assert_frame_equal(records(back.tables[name], name)[list(want.columns)], want,
                                      obj=f"{fmt} {options} 表 {name}")
    forms[fmt] = forms.get(fmt, 0) + 1


def test_any_case_set_in_any_form_reads_back_the_same():
    forms: dict[str, int] = {}
    _reads_back_the_same(forms)
    # each of the five forms got a fair share of the examples (a quick run of a few examples cannot)
    if EXAMPLES >= 4 * len(FORMATS):
        assert set(forms) == set(FORMATS) and min(forms.values()) >= max(1, EXAMPLES // 50), forms
