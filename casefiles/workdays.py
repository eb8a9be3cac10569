"""Working-day calendar: official holidays (chinesecalendar + user YAML files) as day-indexed arrays.

A working day is Monday–Friday except statutory holidays, plus the weekend days a State Council
notice names as 上班 (调休). `workdays_between(a, b)` counts working days in (a, b]. Any query that
touches a day outside the known years answers unknown (None / NaN / NaT), never a guess.

Known years are those of chinesecalendar plus those defined in user files. A user file defines
exactly one calendar year and replaces that year entirely (also a year chinesecalendar knows).
Format (UTF-8 YAML, dates as YYYY-MM-DD, a range as START..END, both ends included)::

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知   # required: where the days come from
    holidays: [2027-01-01, 2027-02-06..2027-02-13]     # days off (weekend days may be listed)
    workdays: [2027-02-14]                            # weekend days that are 调休上班

Every date must lie in `year`: days of `year` named by the next year's notice (e.g. 2018-12-29
上班 in the 2019 notice) go into the file of `year`. A day may not be in both lists, and a
make-up working day must be a Saturday or Sunday. Either list may be empty or omitted.
"""
from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Iterable, Mapping

import chinese_calendar
import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from casereview.errors import InputError

HINT = "可用 --holidays 提供该年安排"
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class YearRule:
    """One year's arrangement: days off and weekend make-up working days."""

    holidays: frozenset[date]
    workdays: frozenset[date]
    source: str


class WorkCalendar:
    """Working days over the known years; every query is O(1) or vectorized."""

    def __init__(self, years: Mapping[int, YearRule]):
        if not years:
            raise ValueError("WorkCalendar needs at least one year")
        self.years = dict(sorted(years.items()))
        first, last = min(years), max(years)
        self._origin = date(first, 1, 1).toordinal()
        self._origin_d = np.datetime64(f"{first:04d}-01-01", "D").astype(np.int64)
        days = np.arange(f"{first:04d}-01-01", f"{last + 1:04d}-01-01", dtype="datetime64[D]")
        known = np.isin(days.astype("datetime64[Y]").astype(np.int64) + 1970, list(years))
        work = known & ((days.astype(np.int64) + 3) % 7 < 5)   # 1970-01-01 was a Thursday
        for rule in years.values():
            work[[d.toordinal() - self._origin for d in rule.holidays]] = False
            work[[d.toordinal() - self._origin for d in rule.workdays]] = True
        self._known = known
        self._work = work
        self._cum = np.cumsum(work)        # working days in [first day, i]
        self._gaps = np.cumsum(~known)     # unknown days in [first day, i]
        self._nth = np.flatnonzero(work)   # index of the k-th working day (0-based)
        for a in (self._known, self._work, self._cum, self._gaps, self._nth):
            a.setflags(write=False)

    @classmethod
    def official(cls, holiday_files: Iterable[Path | str] = ()) -> WorkCalendar:
        """chinesecalendar's years plus the user files' years; a user file replaces its year.

        Cached per (path, mtime) list; raises InputError for a missing or invalid file, or for
        two files defining the same year.
        """
        key = []
        for f in holiday_files:
            path = Path(f)
            try:
                key.append((str(path.resolve()), path.stat().st_mtime_ns))
            except OSError:
                raise InputError("找不到或无法读取节假日文件", file=str(path)) from None
        return _official(tuple(key))

    def __repr__(self) -> str:
        return f"WorkCalendar({_year_ranges(self.known_years())})"

    # ---- scalar API: dates are date/datetime/Timestamp; None or NaT answers unknown

    def covers(self, d) -> bool:
        """True when d lies in a known year."""
        return self._pos(d) is not None

    def known_years(self) -> list[int]:
        return list(self.years)

    def is_workday(self, d) -> bool | None:
        i = self._pos(d)
        return None if i is None else bool(self._work[i])

    def workdays_between(self, a, b) -> int | None:
        """Working days in (a, b]; for b < a the negative of workdays_between(b, a); 0 when a == b."""
        i, j = self._pos(a), self._pos(b)
        if i is None or j is None or self._gaps[i] != self._gaps[j]:
            return None
        return int(self._cum[j] - self._cum[i])

    def add_workdays(self, d, n: int) -> date | None:
        """The n-th working day after d (d itself not counted); n = 0 gives d; n < 0 is an error."""
        n = operator.index(n)
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        i = self._pos(d)
        if i is None:
            return None
        j = i
        if n:
            k = int(self._cum[i]) + n - 1
            if k >= len(self._nth) or self._gaps[self._nth[k]] != self._gaps[i]:
                return None
            j = int(self._nth[k])
        return date.fromordinal(self._origin + j)

    def unknown_reason(self, d1, d2=None) -> str:
        """Why a computation over [d1, d2] is unknown, naming the first uncovered year ("" if none).

        Without d2 it explains a count running forward from d1 (add_workdays returned None).
        """
        if _is_missing(d1) or (d2 is not None and _is_missing(d2)):
            return "日期为空，无法计算工作日"
        tail = f"不在已知节假日日历内（已知：{_year_ranges(self.known_years())}年），无法计算工作日；{HINT}"
        lo = hi = _as_date(d1)
        if d2 is not None:
            lo, hi = sorted((lo, _as_date(d2)))
        if not self.covers(lo):
            return f"{lo} 所在的{lo.year}年{tail}"
        gap = next(y for y in itertools.count(lo.year) if y not in self.years)
        if d2 is None:
            return f"从 {lo} 起算的期限落入{gap}年，该年{tail}"
        if gap < hi.year:
            return f"{lo} 至 {hi} 之间的{gap}年{tail}"
        return "" if self.covers(hi) else f"{hi} 所在的{hi.year}年{tail}"

    # ---- vectorized API: numpy datetime64 arrays or pandas Series in, numpy arrays out

    def covers_arr(self, d) -> np.ndarray:
        return self._pos_arr(d)[1]

    def workdays_between_arr(self, a, b) -> np.ndarray:
        """float64 working days in (a, b] (negative for b < a); NaN for NaT or uncovered."""
        (i, oki), (j, okj) = self._pos_arr(a), self._pos_arr(b)
        i, j, oki, okj = np.broadcast_arrays(i, j, oki, okj)
        ok = oki & okj & (self._gaps[i] == self._gaps[j])
        return np.where(ok, (self._cum[j] - self._cum[i]).astype(np.float64), np.nan)

    def add_workdays_arr(self, d, n) -> np.ndarray:
        """datetime64[D] n-th working day after d; n scalar or array (NaN → NaT); NaT if unknown."""
        i, ok = self._pos_arr(d)
        n = n.to_numpy(np.float64, na_value=np.nan) if isinstance(n, pd.Series) else np.asarray(n, np.float64)
        i, ok, n = np.broadcast_arrays(i, ok, n)
        ok = ok & ~np.isnan(n)
        if np.any(n[ok] < 0) or np.any(n[ok] % 1):
            raise ValueError("n must be whole numbers >= 0")
        n = np.where(ok, n, 0).astype(np.int64)
        k = self._cum[i] + n - 1
        step = ok & (n > 0)
        ok &= ~step | (k < len(self._nth))
        j = np.where(step & ok, self._nth[np.clip(k, 0, len(self._nth) - 1)], i)
        ok &= self._gaps[j] == self._gaps[i]
        out = (j + self._origin_d).astype("datetime64[D]")
        out[~ok] = np.datetime64("NaT")
        return out

    # ---- positions in the day arrays

    def _pos(self, d) -> int | None:
        """Index of d in the day arrays, or None when d is missing or not in a known year."""
        if _is_missing(d):
            return None
        i = _as_date(d).toordinal() - self._origin
        return i if 0 <= i < len(self._known) and self._known[i] else None

    def _pos_arr(self, d) -> tuple[np.ndarray, np.ndarray]:
        """Indices of d (0 where not covered) and the covered mask."""
        days = _as_day_array(d)
        i = days.astype(np.int64) - self._origin_d
        inside = ~np.isnat(days) & (i >= 0) & (i < len(self._known))
        i = np.where(inside, i, 0)
        return i, inside & self._known[i]


# ---- the official calendar

@lru_cache(maxsize=16)
def _official(files: tuple[tuple[str, int], ...]) -> WorkCalendar:
    years = _chinese_calendar_years()
    defined_by: dict[int, str] = {}
    for path, _mtime in files:
        year, rule = load_holiday_file(path)
        if year in defined_by:
            raise InputError(f"{year}年已由 {defined_by[year]} 定义，同一年只能由一个文件提供",
                             file=path, value=str(year))
        defined_by[year] = path
        years[year] = rule
    return WorkCalendar(years)


def _chinese_calendar_years() -> dict[int, YearRule]:
    off, on = chinese_calendar.holidays, chinese_calendar.workdays
    source = f"chinesecalendar {chinese_calendar.__version__}"
    return {y: YearRule(frozenset(d for d in off if d.year == y), frozenset(d for d in on if d.year == y), source)
            for y in range(min(off).year, max(off).year + 1)}


# ---- user holiday files

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_day(text: str) -> date:
    if not _DAY.fullmatch(text):
        raise PydanticCustomError("day", "日期应写成 YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("day", "不是有效日期") from None


def _parse_span(value) -> tuple[date, date]:
    if not isinstance(value, str):
        raise PydanticCustomError("day_span", "应为日期 YYYY-MM-DD 或日期段 YYYY-MM-DD..YYYY-MM-DD")
    start, sep, end = value.strip().partition("..")
    a = _parse_day(start.strip())
    b = _parse_day(end.strip()) if sep else a
    if b < a:
        raise PydanticCustomError("day_span", "日期段的结束日早于开始日")
    return a, b


DaySpan = Annotated[tuple[date, date], BeforeValidator(_parse_span)]
DayList = Annotated[list[DaySpan], BeforeValidator(lambda v: [] if v is None else v)]


class HolidayFile(BaseModel):
    """A user holiday file, as written (spans not yet expanded)."""

    model_config = ConfigDict(extra="forbid")
    year: int = Field(ge=1949, le=2200)
    source: str = Field(min_length=1)
    holidays: DayList = []
    workdays: DayList = []


_PYDANTIC_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（可用字段：year、source、holidays、workdays）",
    "int_parsing": "应为整数年份", "int_type": "应为整数年份", "int_from_float": "应为整数年份",
    "greater_than_equal": "年份超出范围（1949–2200）", "less_than_equal": "年份超出范围（1949–2200）",
    "string_type": "应为文字", "string_too_short": "不能为空", "list_type": "应为日期列表",
    "model_type": "文件内容应为 year/source/holidays/workdays 字段的映射",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader keeping dates as text, so they are checked here with a line number."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_holiday_file(path: Path | str) -> tuple[int, YearRule]:
    """Read and check one user holiday file; InputError (file, line, value) on any problem."""
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"无法读取节假日文件（{e.__class__.__name__}）", file=path) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"节假日文件不是有效的 YAML：{getattr(e, 'problem', None) or e}", file=path,
                         row=mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()
    lines = _lines(node)

    def fail(loc: tuple, message: str, value=None):
        line = lines.get(tuple(loc[:2])) or lines.get(tuple(loc[:1]))
        field = ".".join(str(p) for p in loc[:1])
        prefix = f"节假日文件字段 {field}：" if field else "节假日文件："
        raise InputError(prefix + message, file=path, row=line, value=None if value is None else str(value))

    try:
        spec, err = HolidayFile.model_validate(data), None
    except ValidationError as e:
        spec, err = None, e.errors()[0]
    if err:
        msg = err["msg"] if err["type"] in ("day", "day_span") else _PYDANTIC_MESSAGES.get(
            err["type"], f"格式不正确（{err['msg']}）")
        value = err["loc"][-1] if err["type"] == "extra_forbidden" else (
            None if err["type"] in ("missing", "model_type") else err["input"])
        fail(err["loc"], msg, value)

    days: dict[str, dict[date, tuple]] = {"holidays": {}, "workdays": {}}
    for field, spans in (("holidays", spec.holidays), ("workdays", spec.workdays)):
        for k, (a, b) in enumerate(spans):
            if a.year != spec.year or b.year != spec.year:
                fail((field, k), f"日期不在 year 所写的{spec.year}年内（一个文件只定义一年）", data[field][k])
            days[field].update((a + timedelta(n), (field, k)) for n in range((b - a).days + 1))
    for d, loc in days["workdays"].items():
        if d in days["holidays"]:
            fail(loc, f"{d} 同时列在 holidays 和 workdays 中", data["workdays"][loc[1]])
        if d.weekday() < 5:
            fail(loc, f"{d} 是星期{_WEEKDAYS[d.weekday()]}；workdays 只列调休上班的周六、周日",
                 data["workdays"][loc[1]])
    rule = YearRule(frozenset(days["holidays"]), frozenset(days["workdays"]), f"{spec.source}（{path}）")
    return spec.year, rule


def _lines(node) -> dict[tuple, int]:
    """1-based line of each top-level key and of each item of a top-level list."""
    out: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            out[(key.value,)] = key.start_mark.line + 1
            if isinstance(value, yaml.SequenceNode):
                for k, item in enumerate(value.value):
                    out[(key.value, k)] = item.start_mark.line + 1
    return out


# ---- small helpers

def _is_missing(d) -> bool:
    return d is None or d is pd.NaT or (isinstance(d, (float, np.datetime64)) and pd.isna(d))


def _as_date(d) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    return pd.Timestamp(d).date()


def _as_day_array(x) -> np.ndarray:
    """datetime64[D] array from a datetime64 array/Series (time of day dropped) or date objects."""
    if isinstance(x, (pd.Series, pd.Index)):
        if isinstance(x.dtype, pd.DatetimeTZDtype):
            x = x.dt.tz_localize(None) if isinstance(x, pd.Series) else x.tz_localize(None)
        x = x.to_numpy()
    arr = np.asarray(x)
    if arr.dtype.kind != "M":
        arr = pd.to_datetime(arr.ravel()).to_numpy().reshape(arr.shape)
    return arr.astype("datetime64[D]")


def _year_ranges(years: list[int]) -> str:
    """[2004, ..., 2026, 2028] → "2004–2026、2028"."""
    parts, start = [], None
    for k, y in enumerate(years):
        start = y if start is None else start
        if k + 1 == len(years) or years[k + 1] != y + 1:
            parts.append(f"{start}–{y}" if y > start else f"{y}")
            start = None
    return "、".join(parts)
