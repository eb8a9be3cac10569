"""Hypothesis strategies for the property tests: small case sets built on the backend-agreement strategy."""
from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import strategies as st

from tests.engine.test_backend_agreement import OFFICERS, case_file
from tests.properties.profile import EXAMPLES, PROFILE  # noqa: F401 - re-exported for the property tests
FORMATS = ("csv", "xlsx", "parquet", "jsonl", "sqlite")
CHILDREN = ("acts", "recordings", "reviews", "documents")

# texts most likely to break a format: separators, quotes, line breaks, leading zeros, formula starts,
# words a reader could take for a missing value, a boolean, a number or a date
AWKWARD_TEXTS = ["张三", '某某有限公司, "分公司"', "第一行\n第二行", "007", "0012", "=1+1", "-2", "@SUM(A1)",
                 "NA", "null", "None", "N/A", "1e5", "TRUE", "是", "2024-03-05", "a;b，c", "'引号", "<b>x</b>"]


def flat(groups: list[list[dict]]) -> list[dict]:
    return [row for group in groups for row in group]


@st.composite
def case_set(draw, min_cases: int = 1, max_cases: int = 4, awkward: bool = False, first: int = 0) -> dict:
    """Keyword arguments for tests.support.casefile_set: 1–4 cases with their children and the officers.

    Case ids C{first}, C{first+1}, ...; child ids derive from the case id, so sets drawn with disjoint
    `first` never share an id. awkward: free-text fields drawn from AWKWARD_TEXTS."""
    n = draw(st.integers(min_cases, max_cases))
    parts = [draw(case_file(first + i)) for i in range(n)]
    tables = {"cases": [p[0] for p in parts]}
    tables.update({name: flat([p[k] for p in parts]) for k, name in enumerate(CHILDREN, start=1)})
    tables["officers"] = OFFICERS
    for row in tables["acts"] + tables["recordings"]:
        _end_after_start(row)
    for rows, column in ((tables["cases"], "handler_ids"), (tables["cases"], "decision_types"),
                         (tables["acts"], "officer_ids")):
        for row in rows:          # an id listed twice is a rejected value in a real input
            row[column] = list(dict.fromkeys(row[column]))
    if awkward:
        text = st.sampled_from(AWKWARD_TEXTS)
        for case in tables["cases"]:
            case.update(party_name=draw(text), publish_exempt_reason=draw(st.one_of(st.none(), text)))
        for rec in tables["recordings"]:
            rec.update(device_id=draw(text), file_ref=draw(text))
        for rev in tables["reviews"]:
            rev.update(opinion=draw(text))
    return tables


def _end_after_start(row: dict) -> None:
    """A real input rejects an end time not after the start: zero-length times get one second."""
    start, end = row.get("start_time"), row.get("end_time")
    if start and end and len(start) > 10 and end <= start:
        row["end_time"] = str(datetime.fromisoformat(start) + timedelta(seconds=1))


def as_casefile_kwargs(tables: dict) -> tuple[list[dict], dict]:
    rest = {k: v for k, v in tables.items() if k != "cases"}
    return tables["cases"], rest
