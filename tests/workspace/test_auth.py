"""Signing in: Argon2 hashes, sessions, CSRF on the login form, lockout after repeated failures, /healthz."""
from __future__ import annotations

import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry, User
from tests.workspace.web import USERS


def test_sign_in_and_out(client):
    r = client.login("pc1")
    assert r.status_code == 303
    home = client.get("/")
    assert home.status_code == 200 and "pc1（评查员）" in home.text
    client.post("/logout", follow_redirects=False)
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_wrong_password_is_refused_in_chinese(client):
    r = client.login("pc1", "not-the-password-1")
    assert r.status_code == 401 and "用户名或密码错误" in r.text


def test_password_is_stored_as_argon2_only(ws_app):
    with ws_app.state.sessions() as db:
        for user in db.scalars(sa.select(User)):
            assert user.password_hash.startswith("$argon2id$")
            assert USERS[user.username][0] not in user.password_hash
        for entry in db.scalars(sa.select(AuditEntry)):
            assert all(p not in str(entry.before) + str(entry.after) for p, *_ in USERS.values())


def test_account_locks_after_repeated_failures(client, ws_app):
    for _ in range(ws_app.state.settings.max_failed_logins):
        client.login("dw1", "wrong-password-9")
    r = client.login("dw1")                  # the right password no longer helps
    assert r.status_code == 401 and "锁定" in r.text


def test_login_without_csrf_token_is_refused(client):
    client.get("/login")
    r = client.post("/login", {"username": "pc1", "password": USERS["pc1"][0]}, csrf=False)
    assert r.status_code == 403 and "CSRF" in r.text


def test_next_never_leaves_the_site(client):
    client.get("/login")
    r = client.post("/login", {"username": "pc1", "password": USERS["pc1"][0], "next": "//evil.example/x"},
                    follow_redirects=False)
    assert r.headers["location"] == "/"


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_pages_carry_security_headers(client):
    r = client.get("/login")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    cookie = r.headers.get("set-cookie", "")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_unknown_name_is_not_kept_in_the_audit(client, ws_app):
    typed = "Secret-typed-in-name-1"          # a password typed into the name box
    client.login("pc1", "wrong-password-9")
    client.get("/login")
    client.post("/login", {"username": typed, "password": "x"})
    with ws_app.state.sessions() as db:
        entries = list(db.scalars(sa.select(AuditEntry).where(AuditEntry.action == "login.fail")))
    assert len(entries) == 2
    assert all(typed not in f"{e.username} {e.target} {e.before} {e.after}" for e in entries)
    assert entries[1].target == f"未知用户（输入 {len(typed)} 个字符）"
