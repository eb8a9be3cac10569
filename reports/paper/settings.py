"""The notice date, the 整改 period in working days and the length limit of drafted text, with where each came from.

Both numbers are parameters of the pack the run was reviewed with, declared like any pack parameter
(in the pack or an overlay):

    parameters:
      notice_due_working_days: {type: integer, label: 整改期限（工作日）, value: 15}
      notice_max_chars: {type: integer, label: 通知正文字数上限, value: 1500}

A command-line value wins over the pack's; without either the defaults below apply. The due date is counted
with the review's working-day calendar: a date outside its known years is unknown, never guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.model.pack import LoadedPack
from casereview.engine.run.result import Run
from casereview.errors import UsageError
from casereview.reports.from_run import unchanged_pack

DUE_DAYS_PARAMETER = "notice_due_working_days"
MAX_CHARS_PARAMETER = "notice_max_chars"
DEFAULT_DUE_DAYS = 15
DEFAULT_MAX_CHARS = 1500
MIN_MAX_CHARS = 300          # below this not even the required paragraphs of a notice fit
FROM_CLI, FROM_PACK, FROM_DEFAULT = "命令行", "规则包参数", "默认值"
ISSUER = "（评查组织单位盖章）"      # the signature line when the command names no issuing office


@dataclass(frozen=True)
class NoticeSettings:
    notice_date: date
    due_days: int
    max_chars: int
    due_date: date | None                     # None: outside the calendar's known years
    due_unknown: str = ""                     # why due_date is None
    origin: dict[str, str] = field(default_factory=dict)     # "due_days" / "max_chars" → FROM_*
    notes: list[str] = field(default_factory=list)           # what the command should tell the user
    issuer: str = ISSUER                                       # the issuing office, above the date

    def due_text(self) -> str:
        """2026年12月11日, or why the date cannot be given."""
        if self.due_date is not None:
            return f"{self.due_date.year}年{self.due_date.month}月{self.due_date.day}日"
        return "无法确定（" + self.due_unknown + "）"


def notice_settings(run: Run, *, notice_date: date | None = None, due_days: int | None = None,
                    max_chars: int | None = None, calendar: WorkCalendar | None = None,
                    issuer: str | None = None) -> NoticeSettings:
    """Settings from the command line, else the run's pack, else the defaults; the due date counted with
    `calendar` (default: the run's own, else the official one); `issuer`: the office signing (else a
    line to stamp)."""
    notes: list[str] = []
    pack = run_pack(run)
    days, days_from = _pick(due_days, pack, DUE_DAYS_PARAMETER, DEFAULT_DUE_DAYS)
    chars, chars_from = _pick(max_chars, pack, MAX_CHARS_PARAMETER, DEFAULT_MAX_CHARS)
    if days < 1:
        raise UsageError(f"整改期限须为至少 1 个工作日（{days_from}：{days}）")
    if chars < MIN_MAX_CHARS:
        raise UsageError(f"正文字数上限须不少于 {MIN_MAX_CHARS} 字（{chars_from}：{chars}）")
    day = notice_date or run.as_of or date.today()
    cal = calendar or run.calendar or WorkCalendar.official()
    recorded = run.info.get("calendar_years")
    known = cal.known_years()
    if recorded and [min(known), max(known)] != list(recorded):
        notes.append(f"评查所用日历覆盖 {recorded[0]}–{recorded[1]} 年，本次日历覆盖 {min(known)}–{max(known)} 年；"
                     "评查时用过 --holidays 的，请同样提供")
    due = cal.add_workdays(day, days)
    reason = "" if due is not None else cal.unknown_reason(day)
    return NoticeSettings(day, days, chars, due, reason, {"due_days": days_from, "max_chars": chars_from}, notes,
                          (issuer or "").strip() or ISSUER)


def run_pack(run: Run) -> LoadedPack | None:
    """The pack the run was reviewed with: the Run's own, or (a run read back) its files when still unchanged."""
    return run.pack if run.pack is not None else unchanged_pack(run.info.get("pack", {}))


def _pick(cli_value: int | None, pack: LoadedPack | None, name: str, default: int) -> tuple[int, str]:
    if cli_value is not None:
        return int(cli_value), FROM_CLI
    declared = pack.params.declared.get(name) if pack is not None else None
    if declared is None:
        return default, FROM_DEFAULT
    value = declared.value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise UsageError(f"规则包参数 {name} 须为整数，实为“{value}”")
    return int(value), FROM_PACK
