"""Documents' phases (engine/facts/documents.py): as recorded, else by the document's type; worked by hand."""
from types import SimpleNamespace

import pandas as pd

from casereview.engine.facts.documents import document_facts

PARAMS = SimpleNamespace(document_phases={"立案": ["立案审批表"], "决定": ["处罚决定书", "不予处罚决定书"],
                                          "送达": ["送达回证"]},
                         required_phases=["立案", "决定", "送达", "决定"])       # "决定" twice counts once
IDX = pd.Index(["C1", "C2", "C3", "C4"], name="case_id")


def docs(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["case_id", "doc_type", "phase"], dtype=object)


def test_phase_recorded_else_by_type_else_none():
    frame = docs([
        ("C1", "立案审批表", None),          # 立案 by its type
        ("C1", "处罚决定书", "送达"),         # recorded phase wins over the type's: 送达, not 决定
        ("C2", "询问笔录", None),             # a type no phase lists, no phase recorded: unphased
        ("C2", "不予处罚决定书", None),       # 决定 by its type
        ("C2", "现场照片", None),             # unphased too
        ("C4", "询问笔录", None),             # unphased
        ("C9", "立案审批表", None),           # not one of the cases: counted nowhere
    ])
    out = document_facts(frame, IDX, PARAMS)
    assert out["missing_phase_count"].tolist() == [1.0, 2.0, 3.0, 3.0]
    assert out.loc["C1", "missing_phases"] == "决定"
    assert out.loc["C2", "missing_phases"] == "立案、送达"
    assert out.loc["C3", "missing_phases"] == "立案、决定、送达"
    assert out["unphased_doc_count"].tolist() == [0.0, 2.0, 0.0, 1.0]
    assert out.loc["C2", "unphased_doc_types"] == "询问笔录、现场照片"
    assert pd.isna(out.loc["C1", "unphased_doc_types"])


def test_a_phase_column_not_all_text_reads_the_same():
    text = docs([("C1", "立案审批表", None), ("C1", "询问笔录", "决定"), ("C2", "送达回证", None)])
    mixed = text.copy()
    mixed.loc[len(mixed)] = ["C2", "询问笔录", 7]         # an odd value read back: not a required phase, not null
    got, base = document_facts(mixed, IDX, PARAMS), document_facts(text, IDX, PARAMS)
    assert got["missing_phase_count"].tolist() == base["missing_phase_count"].tolist() == [1.0, 2.0, 3.0, 3.0]
    assert got["unphased_doc_count"].tolist() == [0.0, 0.0, 0.0, 0.0]


def test_no_phase_recorded_anywhere():
    out = document_facts(docs([("C1", "送达回证", None), ("C3", "无名文书", None)]), IDX, PARAMS)
    assert out["missing_phase_count"].tolist() == [2.0, 3.0, 3.0, 3.0]
    assert out["unphased_doc_count"].tolist() == [0.0, 0.0, 1.0, 0.0]
