"""整改: notices issued per unit from a run's failed findings, answers, acceptance, and re-review.

A notice holds one item per confirmed 不合规 finding of its unit; the unit answers each item (已整改 or 说明),
a reviewer accepts or returns it, and a later run in which the case's rule passes closes it (复查通过).
Every change is audited; answers and decisions name the `version` they read, so a second editor is told."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.casefiles.workdays import WorkCalendar
from casereview.engine.run.result import Run
from casereview.errors import UsageError
from casereview.history.workspace_models import (ITEM_ACCEPTED, ITEM_ANSWERED, ITEM_CLOSED, ITEM_LABELS, ITEM_OPEN,
                                                 ITEM_RECHECKED, ITEM_RETURNED, Notice, NoticeItem, Unit)
from casereview.reports.paper.settings import notice_settings
from casereview.workspace.audit import audit, now
from casereview.workspace.confirmed import confirmed_run
from casereview.workspace.deps import Conflict

FAIL, PASSING = "fail", ("pass", "na")          # outcome codes: what a notice lists, what closes an item
ANSWER_KINDS = ("已整改", "说明")
ACCEPT, RETURN = "accept", "return"
RECHECKABLE = (ITEM_OPEN, ITEM_ANSWERED, ITEM_RETURNED)
DUE_UNKNOWN = "无法确定（工作日历未覆盖）"


def read_confirmed(db: Session, history_db: str, run_id: int) -> Run:
    """The run's confirmed outcomes. A read-only transaction of `db` is ended first: on SQLite every transaction
    holds the file (BEGIN IMMEDIATE) and the run is read over a connection of its own."""
    if db.in_transaction() and not (db.new or db.dirty or db.deleted):
        db.commit()
    return confirmed_run(db, history_db, run_id).confirmed


def failed_by_unit(run: Run) -> dict[str, list[tuple[int, dict]]]:
    """unit id -> [(seq, finding row)] of the run's 不合规 findings (seq: the row in run_findings)."""
    found: dict[str, list[tuple[int, dict]]] = {}
    for seq, row in enumerate(run.findings.to_dict("records")):
        if row.get("outcome") == FAIL:
            found.setdefault(str(row.get("unit_id") or ""), []).append((seq, row))
    return found


def due_for(run: Run, issue_day: date, due_days: int | None = None) -> tuple[int, date | None]:
    """(working days, due date): `due_days` or the pack's notice_due_working_days; the date is the n-th working
    day after `issue_day` on the official calendar, None when the calendar does not cover it."""
    settings = notice_settings(run, notice_date=issue_day, due_days=due_days, calendar=WorkCalendar.official())
    return settings.due_days, settings.due_date


def run_notices(db: Session, run_id: int) -> list[Notice]:
    return list(db.scalars(sa.select(Notice).where(Notice.run_id == run_id).order_by(Notice.unit_id)))


def issue_notices(db: Session, history_db: str, run_id: int, unit_ids: list[str] | None, *, by: str,
                  due_days: int | None = None, issue_day: date | None = None, ip: str | None = None,
                  ) -> list[Notice]:
    """One notice per chosen unit (default: every unit with a confirmed 不合规 finding not yet noticed), an item
    per failed finding. A unit already noticed for this run is refused, never issued twice. The caller commits."""
    run = read_confirmed(db, history_db, run_id)
    failed = failed_by_unit(run)
    noticed = {n.unit_id: n for n in run_notices(db, run_id)}
    if unit_ids is None:
        unit_ids = [u for u in sorted(failed) if u and u not in noticed]
        if not unit_ids:
            raise UsageError("本次评查没有尚未下发整改通知的不合规单位")
    again = [u for u in unit_ids if u in noticed]
    if again:
        raise UsageError("以下单位已就本次评查下发过整改通知，不重复下发：" + "、".join(
            f"{u}（通知 {noticed[u].id} 号）" for u in again))
    empty = [u for u in unit_ids if u not in failed]
    if empty:
        raise UsageError("以下单位在本次评查中没有不合规项，无需整改：" + "、".join(empty))
    issue_day = issue_day or date.today()
    days, due = due_for(run, issue_day, due_days)
    at = now() if issue_day == date.today() else datetime.combine(issue_day, now().time())
    notices = []
    for unit_id in unit_ids:
        notice = Notice(run_id=run_id, unit_id=unit_id, issued_by=by, issued_at=at, due_date=due,
                        due_working_days=days)
        db.add(notice)
        db.flush()
        for seq, row in failed[unit_id]:
            db.add(NoticeItem(notice_id=notice.id, run_id=run_id, seq=seq, case_id=row.get("case_id"),
                              rule_id=row.get("rule_id"), title=row.get("title"), reason=row.get("reason"),
                              status=ITEM_OPEN, version=1))
        audit(db, by, "notice.issue", f"整改通知 {notice.id}", None,
              {"run_id": run_id, "unit_id": unit_id, "items": len(failed[unit_id]), "due_working_days": days,
               "due_date": due.isoformat() if due else None}, ip)
        notices.append(notice)
    db.flush()
    return notices


def notice_items(db: Session, notice_id: int) -> list[NoticeItem]:
    return list(db.scalars(sa.select(NoticeItem).where(NoticeItem.notice_id == notice_id)
                           .order_by(NoticeItem.seq)))


def is_overdue(item: NoticeItem, due: date | None, today: date | None = None) -> bool:
    """Not closed and past the due date (never when the due date is unknown)."""
    return item.status not in ITEM_CLOSED and due is not None and (today or date.today()) > due


def answer_item(db: Session, item: NoticeItem, version: int, kind: str, note: str, *, by: str,
                ip: str | None = None) -> NoticeItem:
    """The unit's answer to an open or returned item: 待审核. The caller commits."""
    _check_version(item, version)
    note = (note or "").strip()
    if kind not in ANSWER_KINDS:
        raise UsageError("答复类型须为“已整改”或“说明”")
    if not note:
        raise UsageError(f"请填写{'整改情况' if kind == '已整改' else '说明理由'}")
    if item.status not in (ITEM_OPEN, ITEM_RETURNED):
        raise UsageError(f"该事项状态为“{ITEM_LABELS[item.status]}”，不能答复")
    return _change(db, item, version, "notice.answer", by, ip, status=ITEM_ANSWERED, answer_kind=kind,
                   answer_note=note, answered_by=by, answered_at=now())


def decide_item(db: Session, item: NoticeItem, version: int, decision: str, note: str, *, by: str,
                ip: str | None = None) -> NoticeItem:
    """A reviewer accepts (已通过) or returns (已退回, with a reason) an answered item. The caller commits."""
    _check_version(item, version)
    note = (note or "").strip()
    if decision not in (ACCEPT, RETURN):
        raise UsageError("审核结论须为“通过”或“退回”")
    if decision == RETURN and not note:
        raise UsageError("退回须填写退回理由")
    if item.status != ITEM_ANSWERED:
        raise UsageError(f"该事项状态为“{ITEM_LABELS[item.status]}”，不在待审核状态")
    status = ITEM_ACCEPTED if decision == ACCEPT else ITEM_RETURNED
    return _change(db, item, version, f"notice.{decision}", by, ip, status=status, decision_note=note or None,
                   decided_by=by, decided_at=now())


def _check_version(item: NoticeItem, version: int) -> None:
    """The page was read at `version`: anything newer is someone else's change (409, naming them)."""
    if item.version != version:
        raise Conflict(changed_by_message(item))


def _change(db: Session, item: NoticeItem, version: int, action: str, by: str, ip: str | None,
            **values) -> NoticeItem:
    """Write `values` only if the row still has `version` (one UPDATE: two concurrent editors cannot both win)."""
    before = {"status": item.status, "version": item.version}
    done = db.execute(sa.update(NoticeItem).where(NoticeItem.id == item.id, NoticeItem.version == version)
                      .values(version=version + 1, **values)
                      .execution_options(synchronize_session=False))
    db.refresh(item)
    if done.rowcount != 1:
        raise Conflict(changed_by_message(item))
    audit(db, by, action, f"整改事项 {item.id}（通知 {item.notice_id}，{item.case_id} {item.rule_id}）", before,
          {"status": item.status, "version": item.version, **{k: v for k, v in values.items()
                                                                if k.endswith(("kind", "note"))}}, ip)
    return item


def changed_by_message(item: NoticeItem) -> str:
    """Who changed the item last and when, in Chinese."""
    changes = [(item.answered_at, item.answered_by, "答复"), (item.decided_at, item.decided_by, "审核")]
    changes = [c for c in changes if c[0] is not None]
    if item.status == ITEM_RECHECKED:
        return f"该事项已于复查（评查 {item.recheck_run_id}）中通过，请刷新页面"
    if not changes:
        return "该事项已被他人修改，请刷新页面后重试"
    at, who, what = max(changes, key=lambda c: c[0])
    return f"该事项已被 {who} 于 {at:%Y-%m-%d %H:%M}（UTC）{what}，请刷新页面后重试"


def recheck_from(db: Session, history_db: str, run_id: int) -> int:
    """After run `run_id` is stored: open items on earlier notices of the same cases whose rule now passes
    become 复查通过 (recheck_run_id = run_id). The number of items so marked; the caller commits."""
    findings = read_confirmed(db, history_db, run_id).findings
    outcome = {(str(c), str(r)): o for c, r, o in zip(findings["case_id"], findings["rule_id"], findings["outcome"])}
    cases = set(findings["case_id"].astype(str))
    items = db.scalars(sa.select(NoticeItem).join(Notice, Notice.id == NoticeItem.notice_id)
                       .where(Notice.run_id < run_id, NoticeItem.status.in_(RECHECKABLE),
                              NoticeItem.case_id.in_(cases)).order_by(NoticeItem.id))
    marked = 0
    for item in items:
        if outcome.get((item.case_id, item.rule_id)) not in PASSING:
            continue
        before = {"status": item.status, "version": item.version}
        item.status, item.recheck_run_id, item.version = ITEM_RECHECKED, run_id, item.version + 1
        audit(db, None, "notice.recheck", f"整改事项 {item.id}（通知 {item.notice_id}，{item.case_id} {item.rule_id}）",
              before, {"status": item.status, "version": item.version, "recheck_run_id": run_id})
        marked += 1
    db.flush()
    return marked


@dataclass
class UnitProgress:
    """One unit's 整改 on the board."""

    unit_id: str
    name: str
    notices: list[Notice]
    items: int = 0
    open: int = 0
    overdue: int = 0
    closed: int = 0

    @property
    def rate(self) -> float | None:
        return self.closed / self.items if self.items else None


def board(db: Session, units: frozenset[str] | None, today: date | None = None) -> list[UnitProgress]:
    """Per unit (only `units` when given): notices and items open / overdue / closed, best closure rate first."""
    query = sa.select(Notice).order_by(Notice.unit_id, Notice.id)
    if units is not None:
        query = query.where(Notice.unit_id.in_(units))
    names = dict(db.execute(sa.select(Unit.unit_id, Unit.name)).all())
    rows: dict[str, UnitProgress] = {}
    for notice in db.scalars(query):
        row = rows.get(notice.unit_id)
        if row is None:
            row = rows[notice.unit_id] = UnitProgress(notice.unit_id, names.get(notice.unit_id, notice.unit_id), [])
        row.notices.append(notice)
        for item in notice_items(db, notice.id):
            row.items += 1
            row.closed += item.status in ITEM_CLOSED
            row.open += item.status not in ITEM_CLOSED
            row.overdue += is_overdue(item, notice.due_date, today)
    return sorted(rows.values(), key=lambda r: (-(r.rate or 0), r.overdue, r.unit_id))
