"""People's verdicts on findings as stored: which one is final, second-reviewer mode, who changed a row last."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.history.workspace_models import CONTEST_ACCEPTED, CONTEST_PENDING, FindingReview
from casereview.workspace.settings_store import second_reviewer_on

OUTCOME_CHOICES = {"pass": "合规", "fail": "不合规", "na": "不适用"}
SHOWN_HOURS = 8                              # timestamps are stored in UTC and shown in Beijing time


def review_verdict(row: FindingReview, second_mode: bool) -> tuple[str | None, datetime | None]:
    """The reviewers' final outcome and when it became final; (None, None) while pending or absent."""
    if row.third_outcome:
        return row.third_outcome, row.third_at
    if not row.confirmed_outcome:
        return None, None
    if not second_mode:
        return row.confirmed_outcome, row.confirmed_at
    if row.second_outcome == row.confirmed_outcome and not row.needs_third:
        return row.confirmed_outcome, row.second_at
    return None, None


def final_outcome(row: FindingReview | None, second_mode: bool) -> str | None:
    """People's final verdict: the later of the reviewers' final outcome and an accepted contest."""
    if row is None:
        return None
    outcome, at = review_verdict(row, second_mode)
    if row.contest_status == CONTEST_ACCEPTED and row.contest_outcome:
        if outcome is None or (row.contest_decided_at or datetime.min) >= (at or datetime.min):
            return row.contest_outcome
    return outcome


def run_reviews(db: Session, run_id: int) -> dict[int, FindingReview]:
    """seq -> its verdict row, for one run."""
    rows = db.scalars(sa.select(FindingReview).where(FindingReview.run_id == run_id))
    return {r.seq: r for r in rows}


def final_outcomes(db: Session, run_id: int) -> dict[int, str]:
    """seq -> people's final outcome, for the findings of run `run_id` that have one."""
    mode = second_reviewer_on(db)
    found = {seq: final_outcome(row, mode) for seq, row in run_reviews(db, run_id).items()}
    return {seq: outcome for seq, outcome in found.items() if outcome}


def review_stamp(db: Session, run_id: int) -> tuple:
    """Changes whenever a verdict of the run or the mode changes: the cache key of a confirmed run."""
    t = FindingReview
    count, top, total = db.execute(sa.select(sa.func.count(), sa.func.max(t.id), sa.func.sum(t.version))
                                   .where(t.run_id == run_id)).one()
    return run_id, count, top, total, second_reviewer_on(db)


def last_change(row: FindingReview) -> tuple[str | None, datetime | None]:
    """Who changed the row last, and when."""
    stamps = [(row.confirmed_at, row.confirmed_by), (row.second_at, row.second_by), (row.third_at, row.third_by),
              (row.contested_at, row.contested_by), (row.contest_decided_at, row.contest_decided_by)]
    at, who = max(((a, w) for a, w in stamps if a is not None), default=(None, None), key=lambda p: p[0])
    return who, at


def shown_time(at: datetime | None) -> str:
    return "" if at is None else (at + timedelta(hours=SHOWN_HOURS)).strftime("%Y-%m-%d %H:%M:%S")


def conflict_message(row: FindingReview | None) -> str:
    """The Chinese 409 message: who changed the finding and when."""
    who, at = last_change(row) if row is not None else (None, None)
    if who is None:
        return "该发现已被他人修改，请刷新页面后重试。"
    return f"该发现已被 {who} 于 {shown_time(at)} 修改，您看到的是旧内容。请刷新页面查看最新结论后再提交。"


def state_label(row: FindingReview | None, second_mode: bool) -> str:
    """Where the people's work on a finding stands, as reviewers read it."""
    if row is None:
        return "未复核"
    if row.contest_status == CONTEST_PENDING:
        return "单位申诉待处理"
    if final_outcome(row, second_mode):
        return "已确认"
    if row.needs_third:
        return "两位评查员意见不一致，待第三人裁定"
    if row.confirmed_outcome and second_mode:
        return f"待复核（初核：{row.confirmed_by}）"
    return "未复核"
