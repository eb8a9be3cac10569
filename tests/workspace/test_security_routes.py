"""Every route, listed from the router, as an attacker would try it: signed out, as another unit's user,
as a role that may not act, and without the CSRF token.

Objects of unit B (U320101) — in a run dw1 (unit A, U320151) may open, and in a run of unit B alone — are put
into every path parameter; dw1 must get 403 or 404 on each route, for GET and POST alike."""
from __future__ import annotations

import shutil
from datetime import datetime

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from casereview.casefiles.loader import load_casefiles
from casereview.casefiles.writers import write_tables
from casereview.history.workspace_models import ITEM_OPEN, QUEUED, AuditEntry, Job, Notice, NoticeItem, User
from casereview.history.store import read_run
from casereview.workspace import create_app
from casereview.workspace.routes import ROUTERS
from tests.workspace.conftest import make_settings, review_into, signed_in
from tests.workspace.web import SAMPLE, UNIT_B, Browser, add_test_users

# The only names a path parameter may have (the convention every route module follows).
PARAMS = {"run_id", "unit_id", "case_id", "seq", "job_id", "notice_id", "item_id", "user_id", "kind"}
PUBLIC = {"/login", "/logout", "/healthz"}
# Form fields a POST may need, with plausible values: a refusal must come from authorisation, not validation.
FORM = {"outcome": "pass", "reason": "复核意见", "version": "1", "kind": "已整改", "note": "已补正", "decision": "accept",
        "username": "x-user", "password": "Pass-word-2026", "role": "reviewer", "units": UNIT_B, "unit": UNIT_B,
        "name": "单位", "unit_id": UNIT_B, "on": "1", "due_working_days": "15", "as_of": "2026-11-20",
        "pack": "三项制度", "engine": "vector", "display_name": "x", "disabled": "1", "enabled": "1"}


def routes(app) -> list[APIRoute]:
    """Every route of the routers the app includes (FastAPI 0.165 lists an included router in app.routes as one
    opaque entry, so app.routes alone held no APIRoute and every walk below passed without a request), and any
    route added on the app itself."""
    found = [r for router in ROUTERS for r in router.routes] + [r for r in app.routes if isinstance(r, APIRoute)]
    assert len(found) >= 30, "the walk found too few routes to mean anything"
    return found


def _objects(app, shared_run: int, tmp_path) -> dict[str, dict[str, str]]:
    """Path values for objects of unit B: in the shared run, and in a run of unit B alone."""
    cfs = load_casefiles(SAMPLE)
    keep = set(cfs.tables["cases"].loc[cfs.tables["cases"]["unit_id"] == UNIT_B, "case_id"])
    tables = {name: (t[t["case_id"].isin(keep)] if "case_id" in t.columns and name != "officers" else t)
              for name, t in cfs.tables.items()}
    source = write_tables(tables, tmp_path / "unit-b", "csv")
    own_run = review_into(app, source, "unit-b")
    values = {}
    for label, run_id in (("shared", shared_run), ("foreign", own_run)):
        run = read_run(app.state.settings.db, run_id)
        f = run.findings.reset_index(drop=True)
        seq = int(f.index[f["unit_id"] == UNIT_B][0])
        case_id = str(f.loc[seq, "case_id"])
        with app.state.sessions() as db:
            notice = Notice(run_id=run_id, unit_id=UNIT_B, issued_by="pc1", issued_at=datetime(2026, 11, 23),
                            due_date=None, due_working_days=15)
            db.add(notice)
            db.flush()
            item = NoticeItem(notice_id=notice.id, run_id=run_id, seq=seq, case_id=case_id,
                              rule_id=str(f.loc[seq, "rule_id"]), status=ITEM_OPEN, version=1)
            job = Job(status=QUEUED, created_by="pc1", created_at=datetime(2026, 11, 23), run_id=run_id)
            db.add_all([item, job])
            db.flush()
            admin = db.scalar(sa.select(User).where(User.username == "admin"))
            values[label] = {"run_id": str(run_id), "unit_id": UNIT_B, "case_id": case_id, "seq": str(seq),
                             "notice_id": str(notice.id), "item_id": str(item.id), "job_id": str(job.id),
                             "user_id": str(admin.id), "kind": "workbook"}
            db.commit()
    return values


def _url(route: APIRoute, values: dict[str, str]) -> str:
    path = route.path
    for name in route.param_convertors:
        path = path.replace("{%s}" % name, values[name]).replace("{%s:path}" % name, values[name])
    return path


@pytest.fixture(scope="module")
def attack(sample_template, tmp_path_factory):
    """(app, values): one database for the module (every request in it is refused, nothing changes)."""
    folder, run_id = sample_template
    tmp = tmp_path_factory.mktemp("attack")
    shutil.copy(folder / "workspace.db", tmp / "workspace.db")
    app = create_app(make_settings(str(tmp / "workspace.db"), folder / "data"))
    add_test_users(app.state.sessions)
    yield app, _objects(app, run_id, tmp)
    app.state.engine.dispose()


def test_path_parameters_follow_the_convention(attack):
    app, _ = attack
    for route in routes(app):
        assert set(route.param_convertors) <= PARAMS, f"{route.path}: unknown path parameter"


def test_signed_out_every_route_asks_for_login(attack):
    app, values = attack
    with TestClient(app) as tc:
        b = Browser(tc)
        for route in routes(app):
            if route.path in PUBLIC:
                continue
            for method in route.methods:
                url = _url(route, values["shared"])
                r = b.get(url, follow_redirects=False) if method == "GET" else \
                    b.post(url, FORM, follow_redirects=False)
                assert r.status_code == 303 and r.headers["location"].startswith("/login"), (method, url)


@pytest.mark.parametrize("which", ["shared", "foreign"])
def test_unit_user_cannot_reach_another_units_objects(attack, which):
    app, values = attack
    with signed_in(app, "dw1") as b:
        for route in routes(app):
            names = set(route.param_convertors)
            if route.path in PUBLIC or not names:
                continue
            if which == "shared" and names <= {"run_id", "kind"}:
                continue        # the shared run itself is dw1's to open: its content is checked elsewhere
            url = _url(route, values[which])
            for method in route.methods:
                r = b.get(url, follow_redirects=False) if method == "GET" else b.post(url, FORM,
                                                                                      follow_redirects=False)
                assert r.status_code in (403, 404), (method, url, r.status_code)


def test_post_without_csrf_token_is_refused_everywhere(attack):
    app, values = attack
    with signed_in(app, "admin") as b:
        for route in routes(app):
            if "POST" not in route.methods:
                continue
            r = b.post(_url(route, values["shared"]), FORM, csrf=False, follow_redirects=False)
            assert r.status_code == 403 and "CSRF" in r.text, route.path


@pytest.mark.parametrize("username", ["dw1", "ld"])
def test_admin_pages_refuse_other_roles(attack, username):
    app, values = attack
    with signed_in(app, username) as b:
        for route in routes(app):
            if not route.path.startswith("/admin"):
                continue
            for method in route.methods:
                url = _url(route, values["shared"])
                r = b.get(url, follow_redirects=False) if method == "GET" else b.post(url, FORM,
                                                                                      follow_redirects=False)
                assert r.status_code in (403, 404), (method, url)


def _audit_count(app) -> int:
    with app.state.sessions() as db:
        return db.scalar(sa.select(sa.func.count()).select_from(AuditEntry))


def test_viewer_changes_nothing_anywhere(attack):
    """只读 posts every form with plausible fields, on objects of the run it may read: all refused, nothing audited."""
    app, values = attack
    with signed_in(app, "ld") as b:
        before = _audit_count(app)
        for route in routes(app):
            if "POST" not in route.methods or route.path in PUBLIC:
                continue
            r = b.post(_url(route, values["shared"]), FORM, follow_redirects=False)
            assert r.status_code in (403, 404), (route.path, r.status_code)
        assert _audit_count(app) == before


def test_ids_beyond_any_column_are_not_found(attack):
    """Every id in every path set past 2**63 (a database overflow, once a 500), or to text: 404/400/422, never 500."""
    app, values = attack
    tried = 0
    with signed_in(app, "admin") as b:
        for route in routes(app):
            ids = set(route.param_convertors) & {"run_id", "seq", "job_id", "notice_id", "item_id", "user_id"}
            for name in ids:
                for bad in ("99999999999999999999", "x1"):
                    url = _url(route, {**values["shared"], name: bad})
                    for method in route.methods:
                        r = b.get(url, follow_redirects=False) if method == "GET" else \
                            b.post(url, FORM, follow_redirects=False)
                        assert r.status_code in (400, 404, 422), (method, url, r.status_code)
                        tried += 1
    assert tried > 20


def _all_rows(app) -> dict[str, list]:
    """Every row of every workspace table (users, audit, reviews, notices, jobs ...), as tuples."""
    with app.state.sessions() as db:
        tables = sa.inspect(db.get_bind()).get_table_names()
        return {t: sorted(map(repr, db.execute(sa.text(f'SELECT * FROM "{t}"')).all()))
                for t in tables if t.startswith("ws_")}


@pytest.mark.parametrize("username", ["admin", "dw1"])
def test_get_changes_nothing(attack, username):
    """Every GET route, with the objects of the shared run: no workspace row is added or changed."""
    app, values = attack
    with signed_in(app, username) as b:
        before = _all_rows(app)
        for route in routes(app):
            if "GET" in route.methods and route.path not in PUBLIC:
                b.get(_url(route, values["shared"]), follow_redirects=False)
        assert _all_rows(app) == before
