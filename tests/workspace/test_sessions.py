"""Sessions as an attacker tries them: a stolen cookie after sign-out, a cookie planted before sign-in, cookie flags,
a disabled user's or an old password's session, guessing from one address, GETs that change nothing, and an
internal error that must not show its traceback or SQL."""
from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from fastapi.testclient import TestClient

from casereview.history.workspace_models import AuditEntry
from casereview.workspace import create_app
from casereview.workspace.accounts import set_disabled, set_password
from casereview.workspace.app import SESSION_COOKIE
from casereview.workspace.routes import auth
from tests.workspace.conftest import signed_in
from tests.workspace.web import USERS, Browser

COOKIE = SESSION_COOKIE


def _replay(app, cookie: str, url: str = "/"):
    """A fresh client carrying only `cookie`, as someone who copied it would send it."""
    with TestClient(app) as tc:
        tc.cookies.set(COOKIE, cookie)
        return tc.get(url, follow_redirects=False)


def _signed_out(r) -> bool:
    return r.status_code == 303 and r.headers["location"].startswith("/login")


def test_a_copied_cookie_is_refused_after_sign_out(ws_app):
    with signed_in(ws_app, "pc1") as b:
        stolen = b.client.cookies[COOKIE]
        assert _replay(ws_app, stolen).status_code == 200          # the copy works while signed in ...
        b.post("/logout", follow_redirects=False)
    assert _signed_out(_replay(ws_app, stolen))                      # ... and not after signing out
    with ws_app.state.sessions() as db:
        assert db.scalar(sa.select(AuditEntry).where(AuditEntry.action == "logout")).username == "pc1"


def test_the_cookie_from_before_sign_in_does_not_survive_it(ws_app):
    with TestClient(ws_app) as tc:
        b = Browser(tc)
        b.get("/login")
        planted, token_before = tc.cookies[COOKIE], b.token
        b.login("pc1")
        assert tc.cookies[COOKIE] != planted and b.token != token_before
    assert _signed_out(_replay(ws_app, planted))


def test_session_cookie_flags(ws_app):
    with TestClient(ws_app) as tc:
        b = Browser(tc)
        b.get("/login")
        r = b.post("/login", {"username": "pc1", "password": USERS["pc1"][0]}, follow_redirects=False)
    set_cookie = r.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie and "path=/" in set_cookie


def test_secure_flag_behind_https(ws_settings):
    app = create_app(replace(ws_settings, secure_cookies=True))
    with TestClient(app, base_url="https://testserver") as tc:
        r = tc.get("/login")
    assert "secure" in r.headers["set-cookie"].lower()
    app.state.engine.dispose()


def test_disabling_a_user_ends_their_live_session(ws_app):
    with signed_in(ws_app, "pc2") as b:
        assert b.get("/runs", follow_redirects=False).status_code == 200
        with ws_app.state.sessions() as db:
            set_disabled(db, "pc2", by="admin")
            db.commit()
        assert _signed_out(b.get("/runs", follow_redirects=False))


def test_a_new_password_ends_sessions_of_the_old_one(ws_app):
    with signed_in(ws_app, "pc3") as b:
        with ws_app.state.sessions() as db:
            set_password(db, "pc3", "Brand-new-pass-2030", by="admin")
            db.commit()
        assert _signed_out(b.get("/", follow_redirects=False))


def test_one_address_guessing_many_accounts_is_throttled(ws_app, monkeypatch):
    """No account reaches its own lock (one failure each), yet the address is stopped after IP_MAX_FAILURES."""
    monkeypatch.setattr(auth, "IP_MAX_FAILURES", 4)
    monkeypatch.setattr(auth, "_failures", type(auth._failures)(auth._failures.default_factory))
    with TestClient(ws_app) as tc:
        b = Browser(tc)
        for name in ("admin", "pc1", "pc2", "dw1"):
            assert b.login(name, "wrong-pass-1").status_code == 401
        r = b.login("ld")                   # the right password, from the same address: still refused
        assert r.status_code == 429 and "登录失败次数过多" in r.text


def test_get_never_signs_out_or_changes_anything(ws_app):
    with signed_in(ws_app, "pc1") as b:
        assert b.get("/logout", follow_redirects=False).status_code == 405
        assert b.get("/", follow_redirects=False).status_code == 200


def test_internal_error_shows_no_traceback_or_sql(ws_app):
    @ws_app.get("/boom")
    def boom():
        with ws_app.state.sessions() as db:
            db.execute(sa.text("SELECT password_hash FROM no_such_table"))

    with TestClient(ws_app, raise_server_exceptions=False) as tc:
        r = tc.get("/boom")
    assert r.status_code == 500 and "服务器内部错误" in r.text
    assert all(s not in r.text for s in ("Traceback", "SELECT", "no_such_table", "sqlalchemy", "password_hash"))
    assert "default-src 'self'" in r.headers["content-security-policy"]
