"""The date functions of the condition language: names, argument types, result type and meaning.

Their values are computed over the whole fact table before deciding (engine/backends/computed.py),
so every backend reads the same hidden columns; a function of a null argument, or of a date the
working-day calendar does not cover, is null.
"""
from __future__ import annotations

from dataclasses import dataclass

BOOL, NUMBER, TEXT, DATE = "bool", "number", "text", "date"


@dataclass(frozen=True)
class Function:
    name: str
    args: tuple[str, ...]      # argument types
    type: str                  # result type
    meaning: str               # in Chinese, for the author docs


FUNCTIONS = {f.name: f for f in (
    Function("days_between", (DATE, DATE), NUMBER,
             "自 a 至 b 的自然日数（b − a；b 早于 a 时为负）"),
    Function("workdays_between", (DATE, DATE), NUMBER,
             "a 之后至 b（含 b）的工作日数（b 早于 a 时为负）；用内置规则所用的节假日日历，"
             "涉及日历未知年份时为空"),
    Function("nth_workday_after", (DATE, NUMBER), DATE,
             "a 之后第 n 个工作日（a 当日不计；n 为 0 时即 a）；n 须为不小于 0 的整数，"
             "涉及日历未知年份时为空"),
)}
