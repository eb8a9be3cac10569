"""整改 notices as functions: the due date on the 2025 calendar, one item per failed finding, never issued twice,
overdue, and re-review from a corrected copy of the sample."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from casereview.errors import UsageError
from casereview.history.store import read_run
from casereview.history.workspace_models import AuditEntry, Notice
from casereview.workspace.notices import DUE_UNKNOWN, board, due_for, is_overdue, issue_notices, recheck_from
from tests.workspace.conftest import review_into, signed_in
from tests.workspace.rectify_data import UNPUBLISHED_CASE, issue, items_of, published_copy, truth_failures
from tests.workspace.web import UNIT_A, UNIT_B


def test_due_date_counted_by_hand_on_the_2025_calendar(reviewed):
    app, run_id = reviewed
    run = read_run(app.state.settings.db, run_id)
    # 国办发明电〔2024〕12号: 国庆节、中秋节 10月1日至8日放假，9月28日（星期日）、10月11日（星期六）上班.
    # Issued Friday 2025-09-26 (the day itself not counted); 9/27 Saturday is off. Working days after it:
    #   1 9/28 Sun (调休上班)   2 9/29 Mon   3 9/30 Tue   — 10/1 … 10/8 off —   4 10/9 Thu   5 10/10 Fri
    #   6 10/11 Sat (调休上班)  7 10/13 Mon  8 10/14  9 10/15  10 10/16  11 10/17 Fri
    #  12 10/20 Mon  13 10/21  14 10/22  15 10/23 Thu
    assert due_for(run, date(2025, 9, 26), 15) == (15, date(2025, 10, 23))
    assert due_for(run, date(2025, 9, 26), 1) == (1, date(2025, 9, 28))
    assert due_for(run, date(2025, 9, 30), 1) == (1, date(2025, 10, 9))
    # no number given: the pack's notice_due_working_days (rules/三项制度.yaml: 15)
    assert due_for(run, date(2025, 9, 26)) == (15, date(2025, 10, 23))
    with pytest.raises(UsageError, match="至少 1 个工作日"):
        due_for(run, date(2025, 9, 26), 0)


def test_due_date_outside_the_calendar_is_unknown_not_guessed(reviewed):
    app, run_id = reviewed
    with app.state.sessions() as db:
        [notice] = issue_notices(db, app.state.settings.db, run_id, [UNIT_A], by="pc1", issue_day=date(2099, 3, 2))
        db.commit()
        assert notice.due_date is None and notice.due_working_days == 15
    with signed_in(app, "dw1") as b:
        page = b.get(f"/notices/{notice.id}").text
        assert f'id="notice-due">{DUE_UNKNOWN}<' in page
        assert DUE_UNKNOWN in b.get("/rectify").text


def test_one_item_per_failed_finding_and_never_twice(reviewed):
    app, run_id = reviewed
    with signed_in(app, "pc1") as b:
        notice_id = issue(b, run_id, UNIT_A, due_days="15")
        items = items_of(app, notice_id)
        # the generator's truth for U320151: 10 failures (JL01 1981, JL02 3162 and 3221, CX01 2070, JL03 2088,
        # GS03 2176, CX02 2254, GS01 3570 and 3965, GS05 3570)
        assert {(i.case_id, i.rule_id) for i in items} == truth_failures(UNIT_A) and len(items) == 10
        assert {i.status for i in items} == {"open"} and all(i.title and i.reason for i in items)
        again = b.post(f"/runs/{run_id}/notices", {"units": [UNIT_A]})
        assert again.status_code == 400 and "不重复下发" in again.text and f"通知 {notice_id} 号" in again.text
        rest = b.post(f"/runs/{run_id}/notices", {}, follow_redirects=False)     # default: every unit not yet noticed
        assert rest.status_code == 303 and rest.headers["location"] == f"/runs/{run_id}/notices"
        none_left = b.post(f"/runs/{run_id}/notices", {})
        assert none_left.status_code == 400 and "没有尚未下发" in none_left.text
    with app.state.sessions() as db:
        units = list(db.scalars(sa.select(Notice.unit_id).where(Notice.run_id == run_id).order_by(Notice.unit_id)))
        issued = list(db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "notice.issue")))
    # units with a failure in the truth: the case ids' digits U320101 … U320104, U320151 … U320153
    assert units == ["U320101", "U320102", "U320103", "U320104", "U320151", "U320152", "U320153"]
    assert len(issued) == 7 and issued[0].username == "pc1" and issued[0].after["items"] == 10


def test_unit_users_and_viewers_cannot_issue(reviewed):
    app, run_id = reviewed
    for user in ("dw1", "ld"):
        with signed_in(app, user) as b:
            assert b.post(f"/runs/{run_id}/notices", {"units": [UNIT_A]}).status_code == 403
    with app.state.sessions() as db:
        assert db.scalar(sa.select(sa.func.count()).select_from(Notice)) == 0


def test_overdue_after_the_due_date(reviewed):
    app, run_id = reviewed
    with app.state.sessions() as db:
        [notice] = issue_notices(db, app.state.settings.db, run_id, [UNIT_A], by="pc1", issue_day=date(2025, 9, 26))
        db.commit()
        assert notice.due_date == date(2025, 10, 23)                 # counted by hand above
        item = items_of(app, notice.id)[0]
        assert not is_overdue(item, notice.due_date, date(2025, 10, 23))     # the due day itself is in time
        assert is_overdue(item, notice.due_date, date(2025, 10, 24))
        [row] = board(db, frozenset({UNIT_A}), today=date(2025, 10, 24))
        assert (row.items, row.open, row.overdue, row.closed, row.rate) == (10, 10, 10, 0, 0.0)
        [row] = board(db, frozenset({UNIT_A}), today=date(2025, 10, 23))
        assert row.overdue == 0


def test_recheck_from_closes_exactly_the_rule_that_now_passes(reviewed, tmp_path):
    app, run_id = reviewed
    with signed_in(app, "pc1") as b:
        notice_id = issue(b, run_id, UNIT_A)
        other_id = issue(b, run_id, UNIT_B)
    target = next(i for i in items_of(app, notice_id) if (i.case_id, i.rule_id) == (UNPUBLISHED_CASE, "GS03"))
    with signed_in(app, "dw1") as b:                                  # an answered item is re-reviewed too
        b.post(f"/notices/{notice_id}/items/{target.id}/answer", {"version": 1, "kind": "已整改", "note": "已补公示"})
    # decided 2025-05-26 (Mon); 7 working days: 5/27 5/28 5/29 5/30, 端午 5/31–6/2 off, 6/3 6/4 6/5 -> due 6/5.
    # Published 2025-05-28 in the corrected copy: GS03 passes, nothing else of the sample changes.
    later = review_into(app, published_copy(tmp_path), "已公示.xlsx")
    with app.state.sessions() as db:
        assert recheck_from(db, app.state.settings.db, run_id) == 0      # a notice's own run is not a later one
        assert recheck_from(db, app.state.settings.db, later) == 1
        db.commit()
        assert recheck_from(db, app.state.settings.db, later) == 0       # already closed
    items = items_of(app, notice_id)
    rechecked = [(i.case_id, i.rule_id, i.recheck_run_id) for i in items if i.status == "rechecked"]
    assert rechecked == [(UNPUBLISHED_CASE, "GS03", later)]
    assert sum(i.status == "open" for i in items) == 9
    assert {i.status for i in items_of(app, other_id)} == {"open"}
    with signed_in(app, "dw1") as b:
        page = b.get(f"/notices/{notice_id}").text
    assert f'<a href="/runs/{later}" id="item-{target.id}-recheck">' in page and "复查通过" in page
    with app.state.sessions() as db:
        entry = db.scalar(sa.select(AuditEntry).where(AuditEntry.action == "notice.recheck"))
        assert entry.before["status"] == "answered" and entry.after["recheck_run_id"] == later
