"""What the case page and the 待核实 list show: a case's findings machine / confirmed, its records, verdict history."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import Session

from casereview.engine.model.schema import TABLES
from casereview.errors import CaseReviewError
from casereview.history.models import Run as RunRow
from casereview.history.workspace_models import CONTEST_PENDING, AuditEntry
from casereview.reports.from_run import OUTCOME_LABELS
from casereview.reports.labels import column_label, table_label
from casereview.workspace.confirmed import ConfirmedRun, confirmed_run
from casereview.workspace.deps import NotFound, Viewer
from casereview.workspace.records import case_records
from casereview.workspace.review_actions import FindingRef, target
from casereview.workspace.verdicts import final_outcome, run_reviews, second_reviewer_on, shown_time, state_label

STEP_LABELS = {"finding.confirm": "复核", "finding.contest": "单位申诉", "finding.contest_decide": "申诉处理"}


@dataclass(frozen=True)
class RecordTable:
    name: str                      # 执法活动 …
    headers: list[str]             # Chinese column names
    rows: list[list[str]]


def run_for(db: Session, history_db: str, run_id: int, viewer: Viewer) -> ConfirmedRun:
    """The run, if it exists, is complete and (for a unit user) holds one of their units; else 404."""
    try:
        run = confirmed_run(db, history_db, run_id)
    except CaseReviewError:
        raise NotFound() from None
    if viewer.units is not None and not set(run.machine.cases["unit_id"]) & viewer.units:
        raise NotFound()
    return run


def finding_ref(run: ConfirmedRun, seq: int, viewer: Viewer) -> FindingRef:
    """The finding row `seq` of the run (404 when there is none or it is another unit's)."""
    f = run.machine.findings
    if not 0 <= seq < len(f):
        raise NotFound()
    row = f.iloc[seq]
    viewer.check_unit(row["unit_id"])
    return FindingRef(run.run_id, seq, str(row["case_id"]), str(row["unit_id"]), str(row["rule_id"]),
                      str(row["outcome"]))


def case_page(db: Session, run: ConfirmedRun, case_id: str, viewer: Viewer) -> dict:
    """Everything the case page shows (404 for a case not in the run or of another unit)."""
    cases = run.machine.cases
    at = cases.index[cases["case_id"] == case_id]
    if len(at) == 0:
        raise NotFound()
    machine_case, confirmed_case = cases.loc[at[0]], run.confirmed.cases.loc[at[0]]
    viewer.check_unit(machine_case["unit_id"])
    mode = second_reviewer_on(db)
    reviews = run_reviews(db, run.run_id)
    rows = run.confirmed.findings[run.confirmed.findings["case_id"] == case_id]
    history = _history(db, run.run_id, list(rows.index))
    findings = []
    for seq, f in rows.iterrows():
        review = reviews.get(seq)
        findings.append(dict(
            seq=seq, rule_id=f["rule_id"], title=f["title"], system=f["system"], machine=f["machine_outcome"],
            confirmed=f["outcome"], reason=f["reason"], evidence=f["evidence"], basis=f["basis"],
            machine_deduction=run.machine.findings.at[seq, "deduction"], deduction=f["deduction"],
            veto=bool(f["veto"]), review=review, version=review.version if review is not None else 0,
            state=state_label(review, mode), people=final_outcome(review, mode),
            contest_pending=review is not None and review.contest_status == CONTEST_PENDING,
            history=history.get(seq, [])))
    return dict(run_id=run.run_id, case=machine_case, confirmed_case=confirmed_case, findings=findings,
                records=_records(db, run.run_id, case_id), second_mode=mode)


def _history(db: Session, run_id: int, seqs: list[int]) -> dict[int, list[dict]]:
    """seq -> its audited verdicts, oldest first."""
    by_target = {target(run_id, s): s for s in seqs}
    if not by_target:
        return {}
    entries = db.scalars(sa.select(AuditEntry).where(AuditEntry.target.in_(list(by_target)))
                         .order_by(AuditEntry.at, AuditEntry.id))
    out: dict[int, list[dict]] = {}
    for e in entries:
        after = e.after or {}
        what = after.get("step") or STEP_LABELS.get(e.action, e.action)
        out.setdefault(by_target[e.target], []).append(dict(at=shown_time(e.at), who=e.username, what=what,
                                                             said=_said(e.action, what, after)))
    return out


def _said(action: str, what: str, after: dict) -> str:
    """The verdict an audited step gave, as the history shows it: 不合规：理由 …"""
    if action == "finding.contest":
        return after.get("contest_reason") or ""
    if action == "finding.contest_decide":
        accepted = after.get("contest_status") == "accepted"
        head = f"申诉成立，改为{OUTCOME_LABELS.get(after.get('contest_outcome'), '')}" if accepted else "驳回"
        return f"{head}：{after.get('contest_decision') or ''}"
    prefix = {"复核": "second_", "第三人裁定": "third_"}.get(what, "confirmed_")
    return f"{OUTCOME_LABELS.get(after.get(prefix + 'outcome'), '')}：{after.get(prefix + 'reason') or ''}"


def _records(db: Session, run_id: int, case_id: str) -> list[RecordTable]:
    """The case's input records, tables (in the schema's order) and columns named in Chinese; the loader's own
    columns (_row, …__has_time) left out; none when the run kept no records."""
    folder = db.scalar(sa.select(RunRow.out_dir).where(RunRow.id == run_id))
    if not folder:
        return []
    found = case_records(Path(folder), case_id)
    order = {name: i for i, name in enumerate(TABLES)}
    tables = []
    for name in sorted(found, key=lambda n: order.get(n, len(order))):
        frame = found[name]
        if frame.empty:
            continue
        shown = [c for c in frame.columns if not c.startswith("_") and "__" not in c]
        tables.append(RecordTable(table_label(name), [column_label(name, c) for c in shown],
                                  [[_cell(v) for v in row] for row in frame[shown].itertuples(index=False)]))
    return tables


def _cell(value) -> str:
    """A stored value as people read it: lists joined with 、, True/False as 是/否, empty for missing."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    text = str(value)
    if text in ("True", "False"):
        return "是" if text == "True" else "否"
    if text.startswith(("(", "[")) and text.endswith((")", "]")):
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(items, (tuple, list)):
            return "、".join(str(i) for i in items)
    return text


def pending_page(db: Session, run: ConfirmedRun, viewer: Viewer) -> dict:
    """The 待核实 list: undecided unknowns, cases to check, pending contests, disagreements; counts done / left."""
    mode = second_reviewer_on(db)
    reviews = run_reviews(db, run.run_id)
    f = run.confirmed.findings
    seen = f["unit_id"].map(viewer.allows)
    unknown = f[seen & (f["machine_outcome"] == "unknown")]
    items = []
    for seq, row in unknown.iterrows():
        if row["outcome"] == "unknown":
            items.append(_item(seq, row, "无法判定，待人工确认", reviews.get(seq), mode))
    for seq, review in sorted(reviews.items()):
        if seq not in f.index or not viewer.allows(f.at[seq, "unit_id"]) or seq in unknown.index:
            continue
        if review.contest_status == CONTEST_PENDING or review.needs_third or (
                mode and review.confirmed_outcome and final_outcome(review, mode) is None):
            items.append(_item(seq, f.loc[seq], state_label(review, mode), review, mode))
    cases = run.confirmed.cases
    check = cases[cases["unit_id"].map(viewer.allows) & cases["needs_check"].astype(bool)]
    done = int((unknown["outcome"] != "unknown").sum())
    return dict(run_id=run.run_id, items=items, cases=check.to_dict("records"), done=done,
                left=len(unknown) - done,
                contests=sum(r.contest_status == CONTEST_PENDING for r in reviews.values()
                             if viewer.allows(r.unit_id)),
                third=sum(bool(r.needs_third) for r in reviews.values() if viewer.allows(r.unit_id)))


def _item(seq: int, row: pd.Series, why: str, review, mode: bool) -> dict:
    state = state_label(review, mode)
    return dict(seq=seq, case_id=row["case_id"], unit_id=row["unit_id"], rule_id=row["rule_id"], title=row["title"],
                why=why if state == "未复核" else state)
