"""ORM models of the review workspace: accounts, units, audit log, background reviews, people's verdicts
on findings (人工复核) and 整改 notices. Same metadata and migrations as the run history; tables start ws_."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casereview.history.models import Base

# roles: code -> what people read
ADMIN, REVIEWER, UNIT, VIEWER = "admin", "reviewer", "unit", "viewer"
ROLE_LABELS = {ADMIN: "管理员", REVIEWER: "评查员", UNIT: "单位用户", VIEWER: "只读"}

# background review jobs
QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED = "queued", "running", "complete", "failed"

# 整改 notice items: code -> what people read
ITEM_OPEN, ITEM_ANSWERED, ITEM_ACCEPTED, ITEM_RETURNED, ITEM_RECHECKED = (
    "open", "answered", "accepted", "returned", "rechecked")
ITEM_LABELS = {ITEM_OPEN: "待整改", ITEM_ANSWERED: "待审核", ITEM_ACCEPTED: "已通过", ITEM_RETURNED: "已退回",
               ITEM_RECHECKED: "复查通过"}
ITEM_CLOSED = (ITEM_ACCEPTED, ITEM_RECHECKED)

# contests of a machine 不合规 by a unit
CONTEST_PENDING, CONTEST_ACCEPTED, CONTEST_REJECTED = "pending", "accepted", "rejected"


class User(Base):
    """One account. `session_epoch` grows on password change or disable: older sessions stop working."""

    __tablename__ = "ws_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(Text)
    password_hash: Mapped[str] = mapped_column(Text)       # Argon2id, never the password
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class UserUnit(Base):
    """A unit user's units: the only units whose runs, cases, findings and notices they may see."""

    __tablename__ = "ws_user_units"

    user_id: Mapped[int] = mapped_column(ForeignKey("ws_users.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(128), primary_key=True)


class Unit(Base):
    """An enforcement unit known to the workspace (added by an admin or learnt from a finished run)."""

    __tablename__ = "ws_units"

    unit_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    field: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Every change: who, when, what, before -> after (JSON)."""

    __tablename__ = "ws_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(64))


class Setting(Base):
    """Workspace settings an admin changes in the UI (e.g. second_reviewer: true)."""

    __tablename__ = "ws_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict | None] = mapped_column(JSON)


class Job(Base):
    """A review started from the UI: its input, choices, stage and progress; `run_id` once stored."""

    __tablename__ = "ws_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[str | None] = mapped_column(String(32))
    done: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(Text)      # the Chinese error or summary people read
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    input_name: Mapped[str | None] = mapped_column(Text)   # the uploaded file's name as given (shown, never a path)
    input_path: Mapped[str | None] = mapped_column(Text)   # where the workspace stored it
    params: Mapped[dict | None] = mapped_column(JSON)      # pack, overlays, as_of, engine
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    previous_run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))


class FindingReview(Base):
    """People's verdict on one finding (run_findings row run_id, seq); the machine's stays in run_findings.

    `version` grows on every change: an update names the version it read, so a second editor is told."""

    __tablename__ = "ws_finding_reviews"
    __table_args__ = (UniqueConstraint("run_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[str | None] = mapped_column(Text)
    unit_id: Mapped[str | None] = mapped_column(String(128), index=True)
    rule_id: Mapped[str | None] = mapped_column(String(64))
    confirmed_outcome: Mapped[str | None] = mapped_column(String(16))   # pass / fail / na
    confirmed_reason: Mapped[str | None] = mapped_column(Text)
    confirmed_by: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    second_outcome: Mapped[str | None] = mapped_column(String(16))      # second-reviewer mode
    second_reason: Mapped[str | None] = mapped_column(Text)
    second_by: Mapped[str | None] = mapped_column(String(64))
    second_at: Mapped[datetime | None] = mapped_column(DateTime)
    needs_third: Mapped[bool] = mapped_column(Boolean, default=False)
    third_outcome: Mapped[str | None] = mapped_column(String(16))       # a third reviewer's decision
    third_reason: Mapped[str | None] = mapped_column(Text)
    third_by: Mapped[str | None] = mapped_column(String(64))
    third_at: Mapped[datetime | None] = mapped_column(DateTime)
    contest_status: Mapped[str | None] = mapped_column(String(16))
    contest_reason: Mapped[str | None] = mapped_column(Text)
    contested_by: Mapped[str | None] = mapped_column(String(64))
    contested_at: Mapped[datetime | None] = mapped_column(DateTime)
    contest_outcome: Mapped[str | None] = mapped_column(String(16))     # the outcome an accepted contest gives
    contest_decision: Mapped[str | None] = mapped_column(Text)
    contest_decided_by: Mapped[str | None] = mapped_column(String(64))
    contest_decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Notice(Base):
    """A 整改通知 to one unit from one run, due a number of working days after issue."""

    __tablename__ = "ws_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(String(128), index=True)
    issued_by: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    due_date: Mapped[date | None] = mapped_column(Date)       # None: the calendar does not cover it
    due_working_days: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class NoticeItem(Base):
    """One failed finding on a 整改通知 and its answer; `version` guards against lost updates."""

    __tablename__ = "ws_notice_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("ws_notices.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)                  # the finding's row in run_findings
    case_id: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    answer_kind: Mapped[str | None] = mapped_column(String(16))   # 已整改 / 说明
    answer_note: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    recheck_run_id: Mapped[int | None] = mapped_column(Integer)  # the later run in which the rule passed
    version: Mapped[int] = mapped_column(Integer, default=1)
