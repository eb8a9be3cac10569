"""The condition language's look into the case's child records: quantifiers over the child tables
(exists / count / all / min / max) and the columns a quantifier's filter may read.

Their values are computed per case in the facts stage (engine/facts/children.py), from the child
tables the review keeps (rejected records and records after the as-of date are already cut), into
hidden columns every backend reads alike.
"""
from __future__ import annotations

from dataclasses import dataclass

from casereview.engine.model import schema

BOOL, NUMBER, TEXT, DATE, LIST = "bool", "number", "text", "date", "list"
CASE_PREFIX = "case."          # inside a filter, `case.decision_date` is the case's fact


@dataclass(frozen=True)
class Quantifier:
    name: str
    value_column: bool         # min / max name the child column they take
    meaning: str               # in Chinese, for the author docs


QUANTIFIERS = {q.name: q for q in (
    Quantifier("exists", False, "有至少一条记录满足条件时为真；没有记录时为假"),
    Quantifier("count", False, "满足条件的记录数（数值）；没有记录时为 0"),
    Quantifier("all", False, "每条记录都满足条件时为真；没有记录时为真"),
    Quantifier("min", True, "满足条件的记录中该列的最小值（日期或数值，空值不计）；没有这样的记录时为空"),
    Quantifier("max", True, "满足条件的记录中该列的最大值（日期或数值，空值不计）；没有这样的记录时为空"),
)}

_KIND_TYPES = {schema.TEXT: TEXT, schema.ENUM: TEXT, schema.DATE: DATE, schema.DATETIME: DATE,
               schema.NUMBER: NUMBER, schema.INT: NUMBER, schema.BOOL: BOOL, schema.LIST: LIST}


@dataclass(frozen=True)
class LinkedColumn:
    """A column of a child record computed from another table (not an input column)."""
    name: str
    type: str
    inputs: tuple[str, ...]    # catalogue-style inputs it reads, for the guards
    meaning: str


# acts.recording_count: the recordings tagged to the act (recordings.act_id = acts.act_id)
LINKED = {"acts": (LinkedColumn("recording_count", NUMBER, ("recordings", "recordings.act_id"),
                                "标注为该活动的音像记录数（音像记录.活动编号 = 本活动编号）"),)}


def child_columns(table: str) -> dict[str, str]:
    """column → condition type, for a filter over `table` (datetimes are compared as dates)."""
    types = {c.name: _KIND_TYPES[c.kind] for c in schema.TABLES[table].columns}
    types.update({c.name: c.type for c in LINKED.get(table, ())})
    return types


def linked(table: str, column: str) -> LinkedColumn | None:
    return next((c for c in LINKED.get(table, ()) if c.name == column), None)


def column_inputs(table: str, column: str) -> tuple[str, ...]:
    """The catalogue-style inputs a filter reading `table`.`column` depends on (its guards)."""
    link = linked(table, column)
    return link.inputs if link else (f"{table}.{column}",)
