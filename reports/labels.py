"""Names people read in reports: the engine, input tables and columns in Chinese, messages without field ids."""
from __future__ import annotations

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from casereview.engine.backends.registry import BACKENDS
from casereview.engine.model.schema import TABLES

# the engines as a reader knows them (run.json keeps the name given on the command line)
ENGINE_LABELS = {"vector": "向量化引擎", "durable": "durable_rules 规则引擎", "dask": "Dask 分布式向量化引擎"}

_FIELD_IDS = set(TABLES) | {c.name for t in TABLES.values() for c in t.columns}
# “公示日期（published_date）”, “人员.人员类别（officers.role）”: the id after a Chinese label, for rule authors
_ID_AFTER_LABEL = re.compile(r"（([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)）")
# the same, for Arrow's regular expressions: only what `plain` drops (one or two known ids) matches
_KNOWN_ID = "(?:" + "|".join(sorted((i for i in _FIELD_IDS if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", i)),
                                     key=len, reverse=True)) + ")"
_KNOWN_IDS_AFTER_LABEL = f"（{_KNOWN_ID}(?:\\.{_KNOWN_ID})?）"


def engine_label(name) -> str:
    """向量化引擎 for vector …; an engine this version does not know by its own label or name."""
    text = "" if name is None else str(name)
    if text in ENGINE_LABELS:
        return ENGINE_LABELS[text]
    backend = BACKENDS.get(text)
    return backend.label if backend is not None else text


def table_label(name) -> str:
    """执法活动 for acts; anything else unchanged."""
    text = "" if name is None else str(name)
    return TABLES[text].label if text in TABLES else text


def column_label(table, column) -> str:
    """执法人员 for (acts, officer_ids); a column the table does not have unchanged."""
    t, c = ("" if v is None else str(v) for v in (table, column))
    if t in TABLES and c in TABLES[t].names:
        return TABLES[t].column(c).label
    return c


def plain(text) -> str:
    """A message without the field ids written after Chinese labels: 执法人员（officer_ids）中 … → 执法人员中 …"""
    if not isinstance(text, str) or "（" not in text:
        return text

    def drop(m: re.Match) -> str:
        return "" if all(part in _FIELD_IDS for part in m.group(1).split(".")) else m.group(0)
    return _ID_AFTER_LABEL.sub(drop, text)


def plain_column(values: pd.Series) -> pd.Series:
    """plain() of each text of a column (the 问题清单's 400,000 reasons at 1M case files), by one Arrow regular
    expression over the column: no Python per text. Missing values and values other than text stay as they are."""
    if not (values.dtype == object or isinstance(values.dtype, pd.StringDtype)):
        return values.map(plain)                          # categories, numbers: as plain gives each
    try:
        texts = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):         # texts among other values
        return values.map(plain)
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if not (pa.types.is_string(texts.type) or pa.types.is_large_string(texts.type)):
        return values
    out = pc.replace_substring_regex(texts, _KNOWN_IDS_AFTER_LABEL, "")
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pd.Series(pd.arrays.ArrowStringArray(out.cast(pa.large_string()), dtype=values.dtype),
                         index=values.index, name=values.name)
    shown = out.to_numpy(zero_copy_only=False)
    missing = values.isna().to_numpy()
    shown[missing] = values.to_numpy(dtype=object)[missing]
    return pd.Series(shown, index=values.index, name=values.name, dtype=values.dtype)
