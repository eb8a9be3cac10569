"""The 整改 period: working days counted with the review's calendar (dates checked by hand against the State
Council's 2026 holiday notice), unknown outside it; period and length limit from the pack, the command line or
the defaults."""
from __future__ import annotations

from datetime import date

import pytest

from casereview.casefiles.loader import load_casefiles
from casereview.engine.model.pack import load_pack
from casereview.engine.run.review import review
from casereview.errors import UsageError
from casereview.reports.from_run import load_run
from casereview.reports.paper import notice_settings
from casereview.reports.paper.notices import notice_text
from casereview.reports.paper.settings import (DEFAULT_DUE_DAYS, DEFAULT_MAX_CHARS, FROM_CLI, FROM_DEFAULT,
                                               FROM_PACK)
from casereview.reports.run_folder import write_run
from casereview.rules import PACK_DIR, STANDARD_PACK
from tests.reports.conftest import AS_OF, SMALL

OVERLAY = """\
pack:
  id: 整改参数
  title: 整改通知参数
  version: "1"
  extends: 三项制度
parameters:
  notice_due_working_days: {type: integer, label: 整改期限（工作日）, value: 10}
  notice_max_chars: {type: integer, label: 通知正文字数上限, value: 800}
"""


@pytest.mark.parametrize("notice, days, due", [
    # the 2026 holiday notice of the State Council General Office: 中秋 9-25…9-27 off; 国庆 10-01…10-07 off,
    # Sunday 9-20 and Saturday 10-10 worked
    (date(2026, 9, 24), 5, date(2026, 10, 9)),     # 9-28, 9-29, 9-30, 10-08, 10-09
    (date(2026, 9, 24), 6, date(2026, 10, 10)),    # … and the make-up Saturday
    (date(2026, 9, 18), 1, date(2026, 9, 20)),     # Friday → the make-up Sunday
    (date(2026, 11, 20), 15, date(2026, 12, 11)),  # no holiday: three working weeks
])
def test_due_date_counts_working_days(sample_read_back, notice, days, due):
    s = notice_settings(sample_read_back, notice_date=notice, due_days=days)
    assert s.due_date == due and s.due_text() == f"{due.year}年{due.month}月{due.day}日"


def test_due_date_outside_the_calendar_is_unknown_never_guessed(sample_read_back):
    run = sample_read_back
    s = notice_settings(run, notice_date=date(2035, 12, 20))
    assert s.due_date is None and "2035" in s.due_unknown
    text = "".join(notice_text(run, "U320101", "南京市公安局玄武分局", s))
    assert "无法确定" in text and "年12月" not in text.split("自本通知之日起")[1]
    assert "--holidays" not in text


def test_standard_pack_states_period_and_limit(sample_read_back):
    """三项制度.yaml declares notice_due_working_days 15 and notice_max_chars 1500 (the code's defaults too)."""
    s = notice_settings(sample_read_back)
    assert (s.due_days, s.max_chars) == (15, 1500) == (DEFAULT_DUE_DAYS, DEFAULT_MAX_CHARS)
    assert s.origin == {"due_days": FROM_PACK, "max_chars": FROM_PACK}
    assert s.notice_date == AS_OF


def test_defaults_for_a_pack_without_the_parameters():
    """The worked 测绘 standard declares neither parameter: the defaults apply, and the command says so."""
    result = review(load_casefiles(SMALL), load_pack(PACK_DIR / "templates" / "测绘案卷评查.yaml"), AS_OF)
    s = notice_settings(result)
    assert (s.due_days, s.max_chars) == (DEFAULT_DUE_DAYS, DEFAULT_MAX_CHARS)
    assert s.origin == {"due_days": FROM_DEFAULT, "max_chars": FROM_DEFAULT}


@pytest.fixture(scope="module")
def overlay_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overlay")
    overlay = folder / "整改参数.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    result = review(load_casefiles(SMALL), load_pack(STANDARD_PACK, [overlay]), AS_OF)
    write_run(result, folder / "run")
    return result, folder / "run"


def test_pack_parameters_set_period_and_limit(overlay_run):
    result, folder = overlay_run
    for run in (result, load_run(folder)):           # in memory, and read back (the pack's files reloaded)
        s = notice_settings(run)
        assert (s.due_days, s.max_chars) == (10, 800)
        assert s.origin == {"due_days": FROM_PACK, "max_chars": FROM_PACK}


def test_command_line_wins_over_the_pack(overlay_run):
    s = notice_settings(overlay_run[0], due_days=20, max_chars=1000)
    assert (s.due_days, s.max_chars) == (20, 1000) and set(s.origin.values()) == {FROM_CLI}


@pytest.mark.parametrize("kwargs", [{"due_days": 0}, {"max_chars": 100}])
def test_impossible_values_are_refused(sample_read_back, kwargs):
    with pytest.raises(UsageError):
        notice_settings(sample_read_back, **kwargs)
