"""labels.plain_column: a whole column of messages without their field ids, as plain() gives each one."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casereview.engine.model.schema import TABLES
from casereview.reports.labels import plain, plain_column

WORKED = [
    ("执法人员（officer_ids）中缺少", "执法人员中缺少"),
    ("人员.人员类别（officers.role）不是执法人员", "人员.人员类别不是执法人员"),
    ("公示日期（published_date）晚于决定日期（decision_date）", "公示日期晚于决定日期"),
    ("编号（case_id_x）不认识", "编号（case_id_x）不认识"),          # not a field id: kept
    ("编号（case_ids）", "编号（case_ids）"),                         # a known id's longer neighbour: kept
    ("人员（officers.nobody）", "人员（officers.nobody）"),            # one part unknown: kept
    ("三段（officers.role.x）", "三段（officers.role.x）"),            # more than two parts: never dropped
    ("半角(officer_ids)", "半角(officer_ids)"),                        # ASCII brackets: kept
    ("（case_id）（unit_id）", ""),
    ("（ case_id）", "（ case_id）"),
    ("", ""),
    ("没有括号", "没有括号"),
]


@pytest.mark.parametrize("dtype", [object, "str"])
def test_worked_messages(dtype):
    got = plain_column(pd.Series([w for w, _ in WORKED], dtype=dtype))
    assert got.tolist() == [want for _, want in WORKED]
    assert got.dtype == pd.Series([""], dtype=dtype).dtype


def test_every_field_id_and_pair_as_plain_drops_them():
    ids = sorted(set(TABLES) | {c.name for t in TABLES.values() for c in t.columns})
    texts = [f"甲（{i}）乙" for i in ids] + [f"（{t}.{c}）" for t in TABLES for c in ids[:20]]
    texts += [f"（{i}x）" for i in ids] + [f"（x{i}）" for i in ids]
    assert plain_column(pd.Series(texts, dtype="str")).tolist() == [plain(t) for t in texts]


def test_missing_values_stay_as_they_were():
    got = plain_column(pd.Series(["执法人员（officer_ids）", None, np.nan], dtype=object))
    assert got.iloc[0] == "执法人员" and got.iloc[1] is None and isinstance(got.iloc[2], float)
    assert plain_column(pd.Series([None, None], dtype=object)).tolist() == [None, None]


def test_texts_among_other_values_as_plain_gives_each():
    values = pd.Series(["执法人员（officer_ids）", 7, None], dtype=object)
    assert plain_column(values).tolist() == ["执法人员", 7, None]


def test_index_and_name_kept():
    values = pd.Series(["（case_id）x"], index=[41], name="reason", dtype="str")
    got = plain_column(values)
    assert got.index.tolist() == [41] and got.name == "reason"


def test_a_categorical_column_as_plain_gives_each():
    values = pd.Series(["执法人员（officer_ids）", "x", "执法人员（officer_ids）"], dtype="category")
    assert plain_column(values).tolist() == ["执法人员", "x", "执法人员"]
