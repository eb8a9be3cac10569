"""人工复核 actions on one finding: confirm (with second-reviewer mode), a unit's contest, a reviewer's decision.

Every action names the `version` of the row its form was rendered with; a row changed since is a Conflict
naming who changed it and when. The write itself is `UPDATE … WHERE version = read version` (or an INSERT
guarded by the (run_id, seq) unique key), so of two concurrent writers exactly one wins. Audited; the
caller commits."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.history.workspace_models import (CONTEST_ACCEPTED, CONTEST_PENDING, CONTEST_REJECTED,
                                                 FindingReview)
from casereview.workspace.audit import audit, now
from casereview.workspace.deps import Conflict
from casereview.workspace.verdicts import OUTCOME_CHOICES, conflict_message, second_reviewer_on

SNAPSHOT = ("confirmed_outcome", "confirmed_reason", "confirmed_by", "second_outcome", "second_reason", "second_by",
            "needs_third", "third_outcome", "third_reason", "third_by", "contest_status", "contest_reason",
            "contested_by", "contest_outcome", "contest_decision", "contest_decided_by", "version")


class Refused(Exception):
    """The action is not allowed as asked (400); the message says why, in Chinese."""


@dataclass(frozen=True)
class FindingRef:
    """The finding acted on, as the machine stored it."""

    run_id: int
    seq: int
    case_id: str
    unit_id: str
    rule_id: str
    machine_outcome: str


def target(run_id: int, seq: int) -> str:
    """The audit target of a finding (the case page reads a finding's history by it)."""
    return f"评查 {run_id} 发现 {seq}"


def confirm(db: Session, who: str, ref: FindingRef, outcome: str, reason: str, version: int,
            ip: str | None = None) -> str:
    """A reviewer's verdict; in second-reviewer mode first, second or third as the row stands. What was done."""
    outcome, reason = _checked_outcome(outcome), _required(reason, "请填写复核理由")
    row = _current(db, ref, version)
    t = now()
    if not second_reviewer_on(db):
        step, values = "确认", dict(confirmed_outcome=outcome, confirmed_reason=reason, confirmed_by=who,
                                    confirmed_at=t, **_cleared_second())
    else:
        step, values = _second_mode_step(row, who, outcome, reason, t)
    before = _snapshot(row)
    _write(db, ref, row, version, values)
    audit(db, who, "finding.confirm", target(ref.run_id, ref.seq), before, dict(_applied(before, values), step=step),
          ip)
    return step


def _second_mode_step(row: FindingReview | None, who: str, outcome: str, reason: str, t) -> tuple[str, dict]:
    first = dict(confirmed_outcome=outcome, confirmed_reason=reason, confirmed_by=who, confirmed_at=t)
    if row is None or not row.confirmed_outcome or row.third_outcome or (
            row.second_outcome and not row.needs_third):          # nothing yet, or final: start again
        return "初核", dict(first, **_cleared_second())
    if not row.second_outcome:
        if who == row.confirmed_by:
            return "修改初核", first
        return "复核", dict(second_outcome=outcome, second_reason=reason, second_by=who, second_at=t,
                          needs_third=outcome != row.confirmed_outcome)
    if who in (row.confirmed_by, row.second_by):
        raise Refused("两位评查员意见不一致，须由第三位评查员裁定（初核人、复核人不能裁定）")
    return "第三人裁定", dict(third_outcome=outcome, third_reason=reason, third_by=who, third_at=t,
                           needs_third=False)


def contest(db: Session, who: str, ref: FindingRef, reason: str, version: int, ip: str | None = None) -> None:
    """A unit's contest of a machine 不合规 (the caller checked the unit is theirs)."""
    reason = _required(reason, "请填写申诉理由")
    if ref.machine_outcome != "fail":
        raise Refused("只能对机器评查结论为“不合规”的发现提出申诉")
    row = _current(db, ref, version)
    if row is not None and row.contest_status == CONTEST_PENDING:
        raise Refused("该发现已有待处理的申诉")
    values = dict(contest_status=CONTEST_PENDING, contest_reason=reason, contested_by=who, contested_at=now(),
                  contest_outcome=None, contest_decision=None, contest_decided_by=None, contest_decided_at=None)
    before = _snapshot(row)
    _write(db, ref, row, version, values)
    audit(db, who, "finding.contest", target(ref.run_id, ref.seq), before, _applied(before, values), ip)


def decide_contest(db: Session, who: str, ref: FindingRef, accept: bool, outcome: str, reason: str,
                   version: int, ip: str | None = None) -> None:
    """A reviewer accepts a pending contest (the finding becomes `outcome`, 合规 by default) or rejects it."""
    row = _current(db, ref, version)
    if row is None or row.contest_status != CONTEST_PENDING:
        raise Refused("该发现没有待处理的申诉")
    if accept:
        values = dict(contest_status=CONTEST_ACCEPTED, contest_outcome=_checked_outcome(outcome or "pass"),
                      contest_decision=(reason or "").strip() or "申诉成立")
    else:
        values = dict(contest_status=CONTEST_REJECTED, contest_outcome=None,
                      contest_decision=_required(reason, "驳回申诉须填写理由"))
    values.update(contest_decided_by=who, contest_decided_at=now())
    before = _snapshot(row)
    _write(db, ref, row, version, values)
    audit(db, who, "finding.contest_decide", target(ref.run_id, ref.seq), before, _applied(before, values), ip)


def _checked_outcome(outcome: str) -> str:
    if outcome not in OUTCOME_CHOICES:
        raise Refused("复核结论须为：" + "、".join(OUTCOME_CHOICES.values()))
    return outcome


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(message)
    return text


def _cleared_second() -> dict:
    return dict(second_outcome=None, second_reason=None, second_by=None, second_at=None, needs_third=False,
                third_outcome=None, third_reason=None, third_by=None, third_at=None)


def find_row(db: Session, run_id: int, seq: int) -> FindingReview | None:
    return db.scalar(sa.select(FindingReview).where(FindingReview.run_id == run_id, FindingReview.seq == seq))


def _current(db: Session, ref: FindingRef, version: int) -> FindingReview | None:
    """The row as stored now, if it is still at `version` (0: no row yet); else a Conflict."""
    row = find_row(db, ref.run_id, ref.seq)
    if (row.version if row is not None else 0) != version:
        raise Conflict(conflict_message(row))
    return row


def _write(db: Session, ref: FindingRef, row: FindingReview | None, version: int, values: dict) -> None:
    """Insert or update, only if nobody wrote in between (Conflict otherwise)."""
    table = FindingReview.__table__
    if row is None:
        try:
            with db.begin_nested():
                db.execute(sa.insert(table).values({"needs_third": False, **values, "run_id": ref.run_id,
                                                    "seq": ref.seq, "case_id": ref.case_id, "unit_id": ref.unit_id,
                                                    "rule_id": ref.rule_id, "version": 1}))
        except sa.exc.IntegrityError:
            raise Conflict(conflict_message(find_row(db, ref.run_id, ref.seq))) from None
        return
    done = db.execute(sa.update(table).where(table.c.id == row.id, table.c.version == version)
                      .values(version=version + 1, **values))
    if done.rowcount != 1:
        db.expire(row)
        raise Conflict(conflict_message(find_row(db, ref.run_id, ref.seq)))
    db.expire(row)


def _snapshot(row: FindingReview | None) -> dict | None:
    """The audited fields of the row (None: no row yet)."""
    return None if row is None else {k: getattr(row, k) for k in SNAPSHOT}


def _applied(before: dict | None, values: dict) -> dict:
    """The audited fields after `values` are written."""
    state = dict(before or dict.fromkeys(SNAPSHOT))
    state.update({k: v for k, v in values.items() if k in SNAPSHOT})
    state["version"] = (state["version"] or 0) + 1
    return state
