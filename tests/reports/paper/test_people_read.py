"""What a person reads in the paper documents: no internal name (table and field ids, outcome codes, engine
names, command-line options) in any text run or cell, and parties who are persons masked everywhere."""
from __future__ import annotations

import re

import openpyxl
import pytest

from casereview.engine.model.schema import TABLES
from casereview.reports.paper.case_header import CaseHead
from casereview.reports.paper.settings import DUE_DAYS_PARAMETER, MAX_CHARS_PARAMETER
from tests.reports.conftest import SAMPLE
from tests.reports.paper.docx_read import texts

INTERNAL = ({t for t in TABLES} | {c.name for t in TABLES.values() for c in t.columns}
            | {"pass", "fail", "na", "unknown", "vector", "durable", "dask", "veto", "severity", "deduction",
               "findings", "evidence", "basis", "title", "grade", "score", "rate", "level", "system",
               DUE_DAYS_PARAMETER, MAX_CHARS_PARAMETER})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@pytest.fixture(scope="module")
def documents(sample_paper) -> dict[str, list[str]]:
    docs = {p.name: texts(p) for p in sorted(sample_paper.out.rglob("*.docx"))}
    assert len(docs) == 15           # 7 units' 评查表 and 整改通知书, one 通报
    return docs


@pytest.fixture(scope="module")
def person_parties() -> set[str]:
    """Names of the sample's parties who are persons, read from its 案件 sheet."""
    rows = list(openpyxl.load_workbook(SAMPLE, read_only=True)["案件"].iter_rows(values_only=True))
    head = rows[0]
    kind, name = head.index("当事人类型"), head.index("当事人")
    return {r[name] for r in rows[1:] if r[kind] == "个人" and r[name]}


def test_no_internal_names_in_any_text(documents):
    for doc, items in documents.items():
        for item in items:
            words = {w for w in _WORD.findall(item) if w.lower() in INTERNAL or w in INTERNAL}
            assert not words, (doc, item)
            assert "--" not in item, (doc, item)          # no command-line option


def test_person_parties_masked_everywhere(documents, person_parties):
    assert len(person_parties) > 50
    seen_masked = False
    for doc, items in documents.items():
        text = "\n".join(items)
        assert not [n for n in person_parties if n in text], doc
        seen_masked |= "傅**" in text
    assert seen_masked


def test_case_text_masks_its_party_and_id_numbers():
    head = CaseHead(party="欧阳**", party_raw="欧阳娜娜")
    assert head.mask("当事人欧阳娜娜（身份证号 110101199003071234）未到场") == "当事人欧阳**（身份证号 110101********1234）未到场"
    company = CaseHead(party="南京金陵商贸有限公司", party_raw="南京金陵商贸有限公司")
    assert company.mask("送达南京金陵商贸有限公司") == "送达南京金陵商贸有限公司"
