"""20 reviewers confirm at once on a live server (SQLite and real PostgreSQL): each confirms a finding of its
own and all of them two shared ones, every form rendered before anyone posts. No 5xx; every write is either
stored (303) or told it conflicts (409); the stored rows are exactly the successful writes (no lost write)."""
from __future__ import annotations

import threading
from collections import Counter

import pandas as pd
import sqlalchemy as sa

from casereview.history.workspace_models import REVIEWER, FindingReview
from casereview.workspace.accounts import add_user
from tests.workspace.web import LiveServer

REVIEWERS = [f"r{i:02d}" for i in range(20)]
PASSWORD = "Load-pass-2026"
OUTCOMES = ("pass", "fail", "na")


def unknown_findings(app, run_id) -> pd.DataFrame:
    """(seq, case_id) of the run's 无法判定 findings, read from the history tables directly."""
    with app.state.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT seq, case_id FROM run_findings WHERE run_id = :r AND outcome = 'unknown' "
                                    "ORDER BY seq"), {"r": run_id}).all()
    return pd.DataFrame(rows, columns=["seq", "case_id"])


def test_twenty_reviewers_at_once(any_db_reviewed):
    app, run_id = any_db_reviewed
    with app.state.sessions() as db:
        for name in REVIEWERS:
            add_user(db, name, PASSWORD, REVIEWER, by="test")
        db.commit()
    targets = unknown_findings(app, run_id)
    assert len(targets) >= len(REVIEWERS) + 2
    shared = [targets.iloc[len(REVIEWERS)], targets.iloc[len(REVIEWERS) + 1]]
    results, errors = [], []
    ready = threading.Barrier(len(REVIEWERS))

    def reviewer(i: int, server: LiveServer) -> None:
        try:
            b = server.client()
            b.login(REVIEWERS[i], PASSWORD)
            mine = [targets.iloc[i], *shared]
            for t in mine:
                assert b.get(f"/runs/{run_id}/cases/{t['case_id']}").status_code == 200
            ready.wait(timeout=120)
            for t in mine:
                outcome = OUTCOMES[i % 3]
                r = b.post(f"/runs/{run_id}/findings/{t['seq']}/confirm",
                           {"outcome": outcome, "reason": f"{REVIEWERS[i]} 的复核意见", "version": "0"})
                results.append((REVIEWERS[i], int(t["seq"]), outcome, r.status_code, r.text))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))

    with LiveServer(app) as server:
        threads = [threading.Thread(target=reviewer, args=(i, server)) for i in range(len(REVIEWERS))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
    assert errors == []
    assert len(results) == 3 * len(REVIEWERS)
    statuses = Counter(status for *_, status, _ in results)
    assert set(statuses) <= {303, 409}, statuses
    for *_, status, text in results:
        if status == 409:
            assert "该发现已被 r" in text
    stored = [(who, seq, outcome) for who, seq, outcome, status, _ in results if status == 303]
    per_seq = Counter(seq for _, seq, _ in stored)
    assert all(per_seq[int(t["seq"])] == 1 for t in [*targets.iloc[:len(REVIEWERS)].to_dict("records"), *shared])
    assert statuses[409] == 2 * (len(REVIEWERS) - 1)                   # the two shared findings: one winner each
    with app.state.sessions() as db:
        rows = db.scalars(sa.select(FindingReview).where(FindingReview.run_id == run_id)).all()
        assert sorted((r.confirmed_by, r.seq, r.confirmed_outcome) for r in rows) == sorted(stored)
        assert all(r.version == 1 for r in rows)
