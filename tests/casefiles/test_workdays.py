"""Working-day calendar: hand-worked cases from the State Council holiday notices."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from casereview.casefiles.workdays import WorkCalendar, load_holiday_file
from casereview.errors import InputError

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.official()


# 国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）:
#   劳动节 5月1日至5日放假调休，4月28日（周日）、5月11日（周六）上班；
#   中秋节 9月15日至17日放假调休，9月14日（周六）上班；
#   国庆节 10月1日至7日放假调休，9月29日（周日）、10月12日（周六）上班。
# 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）:
#   春节 1月28日至2月4日放假调休，1月26日（周日）、2月8日（周六）上班。
# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）:
#   元旦 1月1日至3日放假调休，1月4日（周日）上班。
IS_WORKDAY = [
    ("2024-09-29", True),    # Sunday, 国庆 make-up day
    ("2024-09-30", True),    # Monday
    ("2024-10-01", False),   # 国庆
    ("2024-10-07", False),   # 国庆 (Monday)
    ("2024-10-12", True),    # Saturday, 国庆 make-up day
    ("2024-10-13", False),   # Sunday
    ("2024-04-28", True),    # Sunday, 劳动节 make-up day
    ("2024-05-06", True),    # Monday after 劳动节
    ("2024-05-11", True),    # Saturday, 劳动节 make-up day
    ("2024-09-14", True),    # Saturday, 中秋 make-up day
    ("2024-09-16", False),   # 中秋 (Monday)
    ("2025-01-26", True),    # Sunday, 春节 make-up day
    ("2025-01-28", False),   # 除夕, 春节 starts
    ("2025-02-04", False),   # 春节 ends (Tuesday)
    ("2025-02-08", True),    # Saturday, 春节 make-up day
    ("2026-01-02", False),   # 元旦 (Friday)
    ("2026-01-04", True),    # Sunday, 元旦 make-up day
]


@pytest.mark.parametrize("day, expected", IS_WORKDAY)
def test_is_workday(cal, day, expected):
    assert cal.is_workday(D(day)) is expected


# (decision, n, n-th working day after it); each step worked by hand from the notices above.
ADD_WORKDAYS = [
    # 2024 国庆, decision Mon 09-30: 10-01..07 off; 10-08 Tue =1, 09 =2, 10 =3, 11 Fri =4,
    # 10-12 Sat make-up =5, 13 Sun off, 14 Mon =6, 15 Tue =7, 16 Wed =8.
    ("2024-09-30", 1, "2024-10-08"),
    ("2024-09-30", 5, "2024-10-12"),
    ("2024-09-30", 7, "2024-10-15"),
    ("2024-09-30", 8, "2024-10-16"),
    # decision Fri 09-27: 28 Sat off, 29 Sun make-up =1, 30 =2, 10-08 =3, 09 =4, 10 =5, 11 =6, 12 Sat =7.
    ("2024-09-27", 1, "2024-09-29"),
    ("2024-09-27", 7, "2024-10-12"),
    # decision on a holiday, Thu 10-03: 04..07 off; 10-08 =1, 09 =2, 10 =3, 11 =4, 12 =5, 14 =6, 15 =7.
    ("2024-10-03", 1, "2024-10-08"),
    ("2024-10-03", 7, "2024-10-15"),
    # decision on the make-up Saturday 10-12: 13 Sun off; 14 Mon =1, 15 =2, 16 =3, 17 =4, 18 Fri =5,
    # 19/20 weekend off, 21 Mon =6, 22 Tue =7.
    ("2024-10-12", 1, "2024-10-14"),
    ("2024-10-12", 7, "2024-10-22"),
    # 2025 春节, decision Fri 01-24: 25 Sat off; 26 Sun make-up =1; 27 Mon =2; 01-28..02-04 off;
    # 02-05 Wed =3, 06 =4, 07 Fri =5, 08 Sat make-up =6, 09 Sun off, 10 Mon =7.
    ("2025-01-24", 1, "2025-01-26"),
    ("2025-01-24", 2, "2025-01-27"),
    ("2025-01-24", 3, "2025-02-05"),
    ("2025-01-24", 6, "2025-02-08"),
    ("2025-01-24", 7, "2025-02-10"),
    # 20 working days across 春节: ... 02-10 =7, 11 =8, 12 =9, 13 =10, 14 Fri =11, 17 Mon =12, 18 =13,
    # 19 =14, 20 =15, 21 Fri =16, 24 Mon =17, 25 =18, 26 =19, 27 Thu =20.
    ("2025-01-24", 20, "2025-02-27"),
    # 2024 劳动节, decision Fri 04-26: 27 Sat off; 28 Sun make-up =1; 29 Mon =2; 30 Tue =3; 05-01..05 off;
    # 05-06 Mon =4, 07 =5, 08 =6, 09 Thu =7, 10 Fri =8, 11 Sat make-up =9.
    ("2024-04-26", 1, "2024-04-28"),
    ("2024-04-26", 4, "2024-05-06"),
    ("2024-04-26", 7, "2024-05-09"),
    ("2024-04-26", 9, "2024-05-11"),
    ("2024-04-30", 1, "2024-05-06"),
    # year end 2025 → 2026 (元旦 2026-01-01..03, 01-04 Sun make-up), decision Fri 2025-12-26:
    # 27/28 weekend; 29 Mon =1, 30 =2, 31 Wed =3; 01-01..03 off; 01-04 Sun =4, 05 Mon =5, 06 =6, 07 =7.
    ("2025-12-26", 3, "2025-12-31"),
    ("2025-12-26", 4, "2026-01-04"),
    ("2025-12-26", 7, "2026-01-07"),
    # n = 0 is the day itself, even a day off
    ("2024-10-03", 0, "2024-10-03"),
    # year end 2026 → 2027 (2027 unknown): decision Fri 2026-12-25: 28 Mon =1, 29 =2, 30 =3, 31 Thu =4,
    # the 5th would be in 2027.
    ("2026-12-25", 4, "2026-12-31"),
    ("2026-12-25", 5, None),
    ("2026-12-28", 7, None),
    ("2028-03-02", 1, None),
    ("2028-03-02", 0, None),
    ("2003-12-31", 1, None),
]


@pytest.mark.parametrize("decision, n, expected", ADD_WORKDAYS)
def test_add_workdays(cal, decision, n, expected):
    assert cal.add_workdays(D(decision), n) == (expected and D(expected))
    if expected:
        assert cal.workdays_between(D(decision), D(expected)) == n
        assert cal.workdays_between(D(expected), D(decision)) == -n


# (a, b, workdays in (a, b]); same notices as above
WORKDAYS_BETWEEN = [
    ("2024-09-30", "2024-09-30", 0),
    ("2024-09-30", "2024-10-07", 0),     # the whole 国庆 holiday
    ("2024-09-30", "2024-10-16", 8),
    ("2024-10-16", "2024-09-30", -8),    # b < a: the negative count
    ("2025-01-24", "2025-02-10", 7),
    ("2025-12-26", "2026-01-07", 7),
    ("2026-12-31", "2027-01-04", None),  # 2027 unknown
    ("2028-03-02", "2028-03-03", None),
]


@pytest.mark.parametrize("a, b, expected", WORKDAYS_BETWEEN)
def test_workdays_between(cal, a, b, expected):
    assert cal.workdays_between(D(a), D(b)) == expected


def test_scalar_inputs_and_coverage(cal):
    assert cal.known_years() == list(range(2004, 2027))
    assert cal.covers(D("2004-01-01")) and cal.covers(D("2026-12-31"))
    assert not cal.covers(D("2003-12-31")) and not cal.covers(D("2027-01-01"))
    assert cal.is_workday(D("2028-03-02")) is None
    assert cal.is_workday(None) is None and cal.is_workday(pd.NaT) is None
    assert cal.add_workdays(datetime(2024, 9, 30, 15, 30), 7) == D("2024-10-15")
    assert cal.add_workdays(pd.Timestamp("2024-09-30"), 7) == D("2024-10-15")
    with pytest.raises(ValueError):
        cal.add_workdays(D("2024-09-30"), -1)


REASONS = [
    (("2028-03-02",), "2028-03-02 所在的2028年不在已知节假日日历内（已知：2004–2026年），无法计算工作日；"
                      "可用 --holidays 提供该年安排"),
    (("2026-12-28",), "从 2026-12-28 起算的期限落入2027年，该年不在已知节假日日历内（已知：2004–2026年），"
                      "无法计算工作日；可用 --holidays 提供该年安排"),
    (("2026-12-31", "2027-01-04"), "2027-01-04 所在的2027年不在已知节假日日历内（已知：2004–2026年），"
                                   "无法计算工作日；可用 --holidays 提供该年安排"),
    (("2024-09-30", "2024-10-16"), ""),
]


@pytest.mark.parametrize("dates, expected", REASONS)
def test_unknown_reason(cal, dates, expected):
    assert cal.unknown_reason(*map(D, dates)) == expected


# ---- user holiday files (all contents below are FICTIONAL, not any real notice)

FICTIONAL_2027 = """\
# FICTIONAL 2027 arrangement, for tests only
year: 2027
source: 虚构的2027年节假日安排（测试用）
holidays:
  - 2027-01-01
  - 2027-02-06..2027-02-12
workdays: [2027-02-20]
"""

FICTIONAL_2028 = "year: 2028\nsource: 虚构（测试用）\nholidays: [2028-01-01..2028-01-03]\nworkdays:\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_makes_2027_known(tmp_path):
    cal = WorkCalendar.official([write(tmp_path, "2027.yaml", FICTIONAL_2027)])
    assert cal.known_years() == list(range(2004, 2028))
    # Mon 2026-12-28: 29 =1, 30 =2, 31 =3; 2027-01-01 Fri off (fictional), 02/03 weekend; 04 Mon =4 ... 07 =7
    assert cal.add_workdays(D("2026-12-28"), 7) == D("2027-01-07")
    # Fri 2027-02-05: 06..12 off (fictional), 13/14 weekend; 15 Mon =1 ... 19 Fri =5, 20 Sat make-up =6, 22 Mon =7
    assert cal.add_workdays(D("2027-02-05"), 7) == D("2027-02-22")
    assert cal.is_workday(D("2027-02-20")) is True
    assert cal.add_workdays(D("2027-12-31"), 1) is None                 # 2028 still unknown
    assert "2027" in cal.years[2027].source
    assert WorkCalendar.official([tmp_path / "2027.yaml"]) is cal       # cached by path and mtime


def test_gap_year_stays_unknown(tmp_path):
    cal = WorkCalendar.official([write(tmp_path, "2028.yaml", FICTIONAL_2028)])
    assert cal.known_years() == [*range(2004, 2027), 2028]
    assert not cal.covers(D("2027-06-01")) and cal.covers(D("2028-03-02"))
    # 2028-01-01 Sat, 01-03 Mon off (fictional): first working day after 01-01 is Tue 01-04
    assert cal.add_workdays(D("2028-01-01"), 1) == D("2028-01-04")
    assert cal.workdays_between(D("2026-12-30"), D("2028-01-05")) is None
    assert cal.add_workdays(D("2026-12-31"), 1) is None
    assert cal.unknown_reason(D("2026-12-30"), D("2028-01-05")) == (
        "2026-12-30 至 2028-01-05 之间的2027年不在已知节假日日历内（已知：2004–2026、2028年），"
        "无法计算工作日；可用 --holidays 提供该年安排")


def test_user_file_replaces_a_known_year(tmp_path):
    # a FICTIONAL 2024 with no holidays at all: replaces chinesecalendar's 2024 entirely
    cal = WorkCalendar.official([write(tmp_path, "2024.yaml", "year: 2024\nsource: 虚构\n")])
    assert cal.is_workday(D("2024-10-01")) is True
    assert cal.is_workday(D("2024-09-29")) is False                     # no longer a make-up day
    assert cal.is_workday(D("2025-01-26")) is True                      # other years untouched


BAD_FILES = [
    # (file text, words the message must contain, line)
    ("year: [2027\n", ["YAML"], 2),
    ("- 2027-01-01\n", ["映射"], None),
    ("source: x\nholidays: []\n", ["year", "缺少"], None),
    ("year: 2027\nholidays: []\n", ["source", "缺少"], None),
    ("year: 二〇二七\nsource: x\n", ["year", "整数", "二〇二七"], 1),
    ("year: 2027\nsource: x\nholiday: [2027-01-01]\n", ["未知字段", "holiday"], 3),
    ("year: 2027\nsource: x\nholidays:\n  - 2027-01-01\n  - 2027-02-30\n", ["不是有效日期", "2027-02-30"], 5),
    ("year: 2027\nsource: x\nholidays: [2027/01/01]\n", ["YYYY-MM-DD", "2027/01/01"], 3),
    ("year: 2027\nsource: x\nholidays: [2027-02-13..2027-02-06]\n", ["结束日早于开始日"], 3),
    ("year: 2027\nsource: x\nholidays: [2026-12-31]\n", ["2027年内", "2026-12-31"], 3),
    ("year: 2027\nsource: x\nholidays: [2027-12-30..2028-01-02]\n", ["2027年内"], 3),
    ("year: 2027\nsource: x\nholidays: [2027-02-06..2027-02-12]\nworkdays: [2027-02-07]\n",
     ["同时列在", "2027-02-07"], 4),
    ("year: 2027\nsource: x\nworkdays:\n  - 2027-02-15\n", ["星期一", "2027-02-15"], 4),
    ("year: 2027\nsource: x\nholidays: 2027-01-01\n", ["日期列表"], 3),
]


@pytest.mark.parametrize("text, words, line", BAD_FILES)
def test_invalid_holiday_file(tmp_path, text, words, line):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(InputError) as e:
        WorkCalendar.official([path])
    message = str(e.value)
    assert "bad.yaml" in message and all(w in message for w in words), message
    assert e.value.row == line


def test_holiday_file_problems_across_files(tmp_path):
    with pytest.raises(InputError, match="找不到"):
        WorkCalendar.official([tmp_path / "missing.yaml"])
    a = write(tmp_path, "a.yaml", FICTIONAL_2027)
    b = write(tmp_path, "b.yaml", FICTIONAL_2027)
    with pytest.raises(InputError, match="同一年只能由一个文件提供"):
        WorkCalendar.official([a, b])
    assert load_holiday_file(a)[0] == 2027


# ---- vectorized API equals the scalar API

def test_vectorized_matches_scalar(tmp_path):
    cal = WorkCalendar.official([write(tmp_path, "2028.yaml", FICTIONAL_2028)])   # 2027 is a gap
    rng = np.random.default_rng(20241015)
    size = 3000
    start = np.datetime64("2003-10-01")
    a = start + rng.integers(0, 26 * 365, size).astype("timedelta64[D]")
    b = a + rng.integers(-40, 60, size).astype("timedelta64[D]")
    a[rng.random(size) < 0.05] = np.datetime64("NaT")
    b[rng.random(size) < 0.05] = np.datetime64("NaT")
    n = rng.integers(0, 25, size)
    # pandas Series with a time of day, as loaded from a DATETIME column
    sa = pd.Series(a).astype("datetime64[ns]") + pd.Timedelta(hours=15)

    between = cal.workdays_between_arr(sa, b)
    added = cal.add_workdays_arr(a, n)
    added7 = cal.add_workdays_arr(sa, 7)
    covered = cal.covers_arr(a)
    for k in range(size):
        da = None if np.isnat(a[k]) else a[k].astype(date)
        db = None if np.isnat(b[k]) else b[k].astype(date)
        w = cal.workdays_between(da, db)
        assert (np.isnan(between[k]) if w is None else between[k] == w), (da, db)
        for got, nk in ((added[k], int(n[k])), (added7[k], 7)):
            x = cal.add_workdays(da, nk)
            assert (np.isnat(got) if x is None else got.astype(date) == x), (da, nk)
        assert covered[k] == cal.covers(da)
    assert np.isnan(between).any() and not np.isnan(between).all()
    assert np.isnat(added).any() and not np.isnat(added).all()


def test_vectorized_edges(cal):
    days = np.array(["2024-09-30", "NaT", "2028-03-02"], dtype="datetime64[D]")
    out = cal.add_workdays_arr(days, np.array([7, 7, 7]))
    assert out.dtype == np.dtype("datetime64[D]")
    assert out[0] == np.datetime64("2024-10-15") and np.isnat(out[1]) and np.isnat(out[2])
    assert np.isnat(cal.add_workdays_arr(days, np.array([np.nan, 1, 1]))[0])
    assert cal.add_workdays_arr(days, 0)[0] == days[0]
    assert cal.workdays_between_arr(days, np.datetime64("2024-10-16")).tolist()[0] == 8.0
    assert cal.covers_arr(pd.Series([date(2024, 1, 1), None])).tolist() == [True, False]
    with pytest.raises(ValueError):
        cal.add_workdays_arr(days, -1)
    with pytest.raises(ValueError):
        cal.add_workdays_arr(days, 1.5)


def test_every_day_consistent_with_chinesecalendar(cal):
    import chinese_calendar

    day = D("2004-01-01")
    while day.year < 2027:
        assert cal.is_workday(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
