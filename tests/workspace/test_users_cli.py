"""`casereview users add|passwd|disable|list`, run as a user would: passwords from stdin, Argon2 hashes,
audited as "cli", no password in the audit or the output."""
from __future__ import annotations

import sqlalchemy as sa

from casereview.history.workspace_models import AuditEntry
from casereview.workspace.accounts import find_user, user_units
from casereview.workspace.passwords import verify_password
from casereview.workspace.server import open_sessions
from tests.workspace.test_serve import cli

FIRST, SECOND = "First-pass-2026", "Second-pass-2027"


def test_add_passwd_disable_list(tmp_path):
    db = str(tmp_path / "ws.db")
    r = cli("users", "add", "dw", "--role", "unit", "--unit", "U320151", "--unit", "U320152", "--password-stdin",
            "--db", db, stdin=FIRST + "\n")
    assert r.returncode == 0 and "已添加账户 dw（单位用户），所属单位 U320151、U320152" in r.stdout
    with open_sessions(db) as sessions, sessions() as s:
        user = find_user(s, "dw")
        assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, FIRST)
        assert user_units(s, user) == ["U320151", "U320152"]
    r = cli("users", "passwd", "dw", "--password-stdin", "--db", db, stdin=SECOND + "\n")
    assert r.returncode == 0
    r = cli("users", "disable", "dw", "--db", db)
    assert r.returncode == 0 and "已停用账户 dw" in r.stdout
    r = cli("users", "list", "--db", db)
    assert r.stdout.split("\n")[0].split("\t") == ["dw", "单位用户", "已停用", "U320151、U320152"]
    with open_sessions(db) as sessions, sessions() as s:
        user = find_user(s, "dw")
        assert user.disabled and verify_password(user.password_hash, SECOND)
        assert not verify_password(user.password_hash, FIRST)
        entries = list(s.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.username, e.action) for e in entries] == [("cli", "user.add"), ("cli", "user.passwd"),
                                                         ("cli", "user.disable")]
    assert all(p not in str(e.before) + str(e.after) + str(e.target) for e in entries for p in (FIRST, SECOND))


def test_weak_password_and_unknown_user_are_refused(tmp_path):
    db = str(tmp_path / "ws.db")
    r = cli("users", "add", "pc", "--role", "reviewer", "--password-stdin", "--db", db, stdin="1234567890\n")
    assert r.returncode == 4 and "密码须同时含字母和数字或符号" in r.stderr
    r = cli("users", "passwd", "nobody", "--password-stdin", "--db", db, stdin=SECOND + "\n")
    assert r.returncode == 4 and "没有用户 nobody" in r.stderr


def test_no_password_option_on_the_command_line(tmp_path):
    r = cli("users", "add", "pc", "--role", "reviewer", "--password", FIRST, "--db", str(tmp_path / "ws.db"))
    assert r.returncode == 4 and FIRST not in r.stdout
