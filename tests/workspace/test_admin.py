"""Admin pages: users (add, reset password, disable, units), units, packs, settings, the audit log."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from casereview.history.workspace_models import AuditEntry, Setting, Unit
from casereview.workspace.accounts import find_user, user_units
from tests.workspace.conftest import signed_in
from tests.workspace.web import USERS, Browser

NEW_PASSWORD = "Fresh-pass-2026"


def _id(app, username: str) -> int:
    with app.state.sessions() as db:
        return find_user(db, username).id


def _audit(app, action: str) -> list[AuditEntry]:
    with app.state.sessions() as db:
        return list(db.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)))


@pytest.mark.parametrize("username", ["pc1", "dw1", "ld"])
def test_admin_pages_are_for_admins_only(ws_app, username):
    with signed_in(ws_app, username) as b:
        for page in ("users", "units", "packs", "settings", "audit"):
            assert b.get(f"/admin/{page}").status_code == 403
        r = b.post("/admin/users", {"username": "sneaky", "password": NEW_PASSWORD, "role": "admin"})
        assert r.status_code == 403
    with ws_app.state.sessions() as db:
        assert find_user(db, "sneaky") is None


def test_add_a_unit_user_who_then_signs_in(ws_app):
    with signed_in(ws_app, "admin") as b:
        r = b.post("/admin/users", {"username": "dw9", "display_name": "新街口所", "password": NEW_PASSWORD,
                                    "role": "unit", "units": "U320151，U320152"})
        assert r.status_code == 200 and "已添加用户 dw9" in r.text
        assert 'id="user-dw9"' in r.text and 'value="U320151,U320152"' in r.text
    with ws_app.state.sessions() as db:
        user = find_user(db, "dw9")
        assert user.role == "unit" and user.password_hash.startswith("$argon2id$")
        assert user_units(db, user) == ["U320151", "U320152"]
    entry, = _audit(ws_app, "user.add")[-1:]
    assert entry.username == "admin" and entry.after == {"role": "unit", "units": ["U320151", "U320152"]}
    assert NEW_PASSWORD not in str(entry.before) + str(entry.after)
    with TestClient(ws_app) as tc:
        assert Browser(tc).login("dw9", NEW_PASSWORD).status_code == 303


def test_unit_user_without_units_is_refused_in_chinese(ws_app):
    with signed_in(ws_app, "admin") as b:
        r = b.post("/admin/users", {"username": "dw8", "password": NEW_PASSWORD, "role": "unit", "units": ""})
        assert r.status_code == 400 and "单位用户须至少指定一个单位" in r.text
        r = b.post("/admin/users", {"username": "pc9", "password": "short", "role": "reviewer"})
        assert r.status_code == 400 and "密码至少 10 个字符" in r.text


def test_reset_password_ends_the_old_sessions(ws_app):
    uid = _id(ws_app, "pc2")
    with signed_in(ws_app, "pc2") as victim, signed_in(ws_app, "admin") as b:
        assert victim.get("/", follow_redirects=False).status_code == 200
        r = b.post(f"/admin/users/{uid}/password", {"password": NEW_PASSWORD})
        assert r.status_code == 200 and "已重设 pc2 的密码" in r.text
        assert victim.get("/", follow_redirects=False).status_code == 303
    entry = _audit(ws_app, "user.passwd")[-1]
    assert entry.username == "admin" and entry.target == "用户 pc2"
    assert NEW_PASSWORD not in str(entry.before) + str(entry.after)
    with TestClient(ws_app) as tc:
        assert Browser(tc).login("pc2", USERS["pc2"][0]).status_code == 401
        assert Browser(tc).login("pc2", NEW_PASSWORD).status_code == 303


def test_disable_and_enable(ws_app):
    uid = _id(ws_app, "pc3")
    with signed_in(ws_app, "admin") as b:
        r = b.post(f"/admin/users/{uid}/disabled", {"disabled": "1"})
        assert "已停用用户 pc3" in r.text and re.search(r'id="state-pc3">已停用<', r.text)
        with TestClient(ws_app) as tc:
            assert "账户已停用" in Browser(tc).login("pc3").text
        r = b.post(f"/admin/users/{uid}/disabled", {"disabled": "0"})
        assert re.search(r'id="state-pc3">启用中<', r.text)
    assert [e.after for e in _audit(ws_app, "user.disable")] == [{"disabled": True}]
    assert [e.before for e in _audit(ws_app, "user.enable")] == [{"disabled": True}]


def test_admin_cannot_disable_the_last_admin(ws_app):
    with signed_in(ws_app, "admin") as b:
        r = b.post(f"/admin/users/{_id(ws_app, 'admin')}/disabled", {"disabled": "1"})
        assert r.status_code == 400 and "唯一一个启用中的管理员" in r.text
    with ws_app.state.sessions() as db:
        assert find_user(db, "admin").disabled is False


def test_change_a_unit_users_units(ws_app):
    with signed_in(ws_app, "admin") as b:
        r = b.post(f"/admin/users/{_id(ws_app, 'dw2')}/units", {"units": "U320101, U320102"})
        assert "已更新 dw2 的所属单位" in r.text
    with ws_app.state.sessions() as db:
        assert user_units(db, find_user(db, "dw2")) == ["U320101", "U320102"]
    entry = _audit(ws_app, "user.units")[-1]
    assert entry.before == {"units": ["U320101"]} and entry.after == {"units": ["U320101", "U320102"]}


def test_units_add_and_rename(ws_app):
    with signed_in(ws_app, "admin") as b:
        r = b.post("/admin/units", {"unit_id": "U999", "name": "测试执法局", "field": "市场监管"})
        assert 'id="unit-U999"' in r.text
        r = b.post("/admin/units", {"unit_id": "U999", "name": "重复"})
        assert r.status_code == 400 and "单位 U999 已存在" in r.text
        r = b.post("/admin/units/U999/name", {"name": "测试执法总局"})
        assert re.search(r'id="unit-name-U999">测试执法总局<', r.text)
    with ws_app.state.sessions() as db:
        assert db.get(Unit, "U999").field == "市场监管"
    entry = _audit(ws_app, "unit.rename")[-1]
    assert (entry.before, entry.after) == ({"name": "测试执法局"}, {"name": "测试执法总局"})


def test_packs_lists_the_bundled_pack_and_overlays(ws_app):
    with signed_in(ws_app, "admin") as b:
        r = b.get("/admin/packs")
    assert re.search(r'id="pack-version-三项制度">2026\.1<', r.text)
    assert re.search(r'id="pack-version-police">2026\.1<', r.text)


def test_second_reviewer_setting(ws_app):
    with signed_in(ws_app, "admin") as b:
        assert 'id="second-state">已关闭<' in b.get("/admin/settings").text
        r = b.post("/admin/settings", {"second_reviewer": "1"})
        assert 'id="second-state">已开启<' in r.text
    with ws_app.state.sessions() as db:
        assert db.get(Setting, "second_reviewer").value == {"on": True}
    entry = _audit(ws_app, "setting.change")[-1]
    assert entry.before == {"value": None} and entry.after == {"value": {"on": True}}


def test_audit_newest_first_and_filtered(ws_app):
    with signed_in(ws_app, "admin") as b:
        b.post("/admin/units", {"unit_id": "U1", "name": "甲局"})
        b.post("/admin/units", {"unit_id": "U2", "name": "乙局"})
        r = b.get("/admin/audit", params={"user": "admin", "action": "unit.add"})
    rows = re.findall(r'class="audit-action">([^<]+)<', r.text)
    assert rows == ["unit.add", "unit.add"]
    assert r.text.index("单位 U2") < r.text.index("单位 U1")
    assert "&#34;name&#34;: &#34;乙局&#34;" in r.text or '"name": "乙局"' in r.text
    with signed_in(ws_app, "admin") as b:
        r = b.get("/admin/audit", params={"user": "pc1"})
    assert "unit.add" not in re.findall(r'class="audit-action">([^<]+)<', r.text)
