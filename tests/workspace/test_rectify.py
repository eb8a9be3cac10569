"""整改 over HTTP: unit scope, answer -> accept -> the board, return and answer again, concurrent decisions."""
from __future__ import annotations

import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry
from tests.workspace.conftest import signed_in
from tests.workspace.rectify_data import issue, items_of, one_case  # noqa: F401 (fixture)
from tests.workspace.rectify_data import one_case_workbook  # noqa: F401 (fixture)
from tests.workspace.web import UNIT_A, UNIT_B


def _answer(b, notice_id, item, kind="已整改", note="已补充公示", version=None):
    return b.post(f"/notices/{notice_id}/items/{item.id}/answer",
                  {"version": item.version if version is None else version, "kind": kind, "note": note},
                  follow_redirects=False)


def _decide(b, notice_id, item, decision, note="", version=None):
    return b.post(f"/notices/{notice_id}/items/{item.id}/decide",
                  {"version": item.version if version is None else version, "decision": decision, "note": note},
                  follow_redirects=False)


def test_a_unit_user_sees_and_touches_only_its_own_notices(reviewed):
    app, run_id = reviewed
    with signed_in(app, "pc1") as b:
        mine, theirs = issue(b, run_id, UNIT_A), issue(b, run_id, UNIT_B)
    their_item, my_item = items_of(app, theirs)[0], items_of(app, mine)[0]
    with signed_in(app, "dw1") as b:
        assert b.get(f"/notices/{mine}").status_code == 200
        assert b.get(f"/notices/{theirs}").status_code == 404
        assert _answer(b, theirs, their_item).status_code == 404
        assert _decide(b, theirs, their_item, "accept").status_code == 404
        assert _answer(b, mine, their_item).status_code == 404          # another notice's item under mine
        listing = b.get(f"/runs/{run_id}/notices").text
        assert f'href="/notices/{mine}"' in listing and f'href="/notices/{theirs}"' not in listing
        assert "issue-form" not in listing
        board = b.get("/rectify").text
        assert f'id="board-{UNIT_A}"' in board and f'id="board-{UNIT_B}"' not in board
        assert b.get("/notices/999999").status_code == 404
    with signed_in(app, "dw2") as b:
        assert b.get(f"/notices/{mine}").status_code == 404
        assert _answer(b, mine, my_item).status_code == 404
    with signed_in(app, "ld") as b:                                     # the viewer sees all, changes nothing
        board = b.get("/rectify").text
        assert f'id="board-{UNIT_A}"' in board and f'id="board-{UNIT_B}"' in board
        assert b.get(f"/notices/{theirs}").status_code == 200
        assert _answer(b, mine, my_item).status_code == 403
        assert _decide(b, mine, my_item, "accept").status_code == 403
    with signed_in(app, "pc1") as b:                                    # reviewers decide, they do not answer
        assert _answer(b, mine, my_item).status_code == 403
    assert items_of(app, mine)[0].status == "open" and items_of(app, theirs)[0].status == "open"


def test_answer_then_accept_closes_the_single_item_notice(one_case):
    app, run_id = one_case
    with signed_in(app, "pc1") as b:
        notice_id = issue(b, run_id, UNIT_A)
    [item] = items_of(app, notice_id)                      # the one case's only 不合规: GS03, never published
    assert (item.rule_id, item.status, item.version) == ("GS03", "open", 1)
    with signed_in(app, "dw1") as b:
        assert _answer(b, notice_id, item, note="已于网站补充公示").status_code == 303
        assert 'id="item-%d-status">待审核' % item.id in b.get(f"/notices/{notice_id}").text
    [item] = items_of(app, notice_id)
    assert (item.status, item.answer_kind, item.answered_by, item.version) == ("answered", "已整改", "dw1", 2)
    with signed_in(app, "pc1") as b:
        assert _decide(b, notice_id, item, "accept").status_code == 303
        assert 'id="item-%d-status">已通过' % item.id in b.get(f"/notices/{notice_id}").text
    with signed_in(app, "dw1") as b:
        board = b.get("/rectify").text
    assert f'id="board-{UNIT_A}-closed">1<' in board and f'id="board-{UNIT_A}-open">0<' in board
    assert f'id="board-{UNIT_A}-rate">100.0%<' in board
    with app.state.sessions() as db:
        actions = list(db.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("notice.%"))
                                  .order_by(AuditEntry.id)))
    assert actions == ["notice.issue", "notice.answer", "notice.accept"]


def test_a_returned_item_is_answered_again(one_case):
    app, run_id = one_case
    with signed_in(app, "pc1") as b:
        notice_id = issue(b, run_id, UNIT_A)
    [item] = items_of(app, notice_id)
    with signed_in(app, "dw1") as b:
        empty = _answer(b, notice_id, item, kind="说明", note="  ")
        assert empty.status_code == 400 and "请填写说明理由" in empty.text
        assert _answer(b, notice_id, item, kind="说明", note="该决定已另行公开").status_code == 303
    [item] = items_of(app, notice_id)
    with signed_in(app, "pc1") as b:
        bare = _decide(b, notice_id, item, "return")
        assert bare.status_code == 400 and "退回须填写退回理由" in bare.text
        assert _decide(b, notice_id, item, "return", note="未见公示网址").status_code == 303
    [item] = items_of(app, notice_id)
    assert (item.status, item.decision_note, item.version) == ("returned", "未见公示网址", 3)
    with signed_in(app, "dw1") as b:
        assert "已退回" in b.get(f"/notices/{notice_id}").text
        assert _answer(b, notice_id, item, note="已公示，网址见附件").status_code == 303
        [item] = items_of(app, notice_id)
        twice = _answer(b, notice_id, item, note="再答一次")
        assert twice.status_code == 400 and "不能答复" in twice.text
    assert (item.status, item.answer_kind, item.answer_note, item.version) == ("answered", "已整改",
                                                                              "已公示，网址见附件", 4)


def test_two_reviewers_deciding_at_once_the_second_is_told_who(any_db_reviewed):
    app, run_id = any_db_reviewed
    with signed_in(app, "pc1") as b:
        notice_id = issue(b, run_id, UNIT_A)
    item = items_of(app, notice_id)[0]
    with signed_in(app, "dw1") as b:
        assert _answer(b, notice_id, item).status_code == 303
        stale = _answer(b, notice_id, item, version=1)             # an old page: refused, not a second answer
        assert stale.status_code == 409 and "dw1" in stale.text
    read = items_of(app, notice_id)[0].version                      # both reviewers opened the page now
    assert read == 2
    with signed_in(app, "pc1") as first, signed_in(app, "pc2") as second:
        assert _decide(first, notice_id, item, "accept", version=read).status_code == 303
        late = _decide(second, notice_id, item, "return", note="理由不足", version=read)
    assert late.status_code == 409 and "pc1" in late.text and "审核" in late.text
    item = items_of(app, notice_id)[0]
    assert (item.status, item.decided_by, item.version) == ("accepted", "pc1", 3)
