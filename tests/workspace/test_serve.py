"""`casereview serve` run for real in a subprocess: the rule for listening beyond this machine, the secret,
/healthz, and the demo (sample reviewed, demo accounts whose printed passwords sign in)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time

import httpx
import pytest
import sqlalchemy as sa

from tests.workspace.web import Browser, csrf_of

SECRET = "s" * 20 + "-serve-test-secret-" + "9" * 10
ADMIN_PASSWORD = "Serve-admin-2026"


def cli(*args, stdin: str | None = None, env: dict | None = None, timeout: int = 90):
    return subprocess.run([sys.executable, "-m", "casereview.cli.main", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def no_env_secret(monkeypatch):
    monkeypatch.delenv("CASEREVIEW_SECRET", raising=False)


def started(args: list[str], env: dict | None = None, deadline_s: int = 120) -> tuple[subprocess.Popen, int]:
    """`casereview serve` started on a free port, once /healthz answers: (process, port)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "casereview.cli.main", "serve", *args, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, **(env or {})})
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError("serve stopped: " + proc.stdout.read())
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc, port
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("serve did not answer /healthz")


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def test_all_interfaces_without_admin_or_secret_is_refused(tmp_path, no_env_secret):
    r = cli("serve", "--host", "0.0.0.0", "--data", str(tmp_path / "data"), timeout=60)
    assert r.returncode == 4
    assert "拒绝在 0.0.0.0 上启动" in r.stderr and "管理员账户" in r.stderr and "会话密钥" in r.stderr
    assert "Traceback" not in r.stderr


def test_all_interfaces_with_admin_but_no_secret_is_refused(tmp_path, no_env_secret):
    data = str(tmp_path / "data")
    assert cli("users", "add", "boss", "--role", "admin", "--password-stdin", "--data", data,
               stdin=ADMIN_PASSWORD + "\n").returncode == 0
    r = cli("serve", "--host", "0.0.0.0", "--data", data, timeout=60)
    assert r.returncode == 4 and "会话密钥" in r.stderr and "管理员账户" not in r.stderr


def test_short_secret_is_refused(tmp_path, no_env_secret):
    secret = tmp_path / "secret"
    secret.write_text("too-short-1", encoding="utf-8")
    r = cli("serve", "--secret-file", str(secret), "--data", str(tmp_path / "data"), timeout=60)
    assert r.returncode == 4 and "密钥过短" in r.stderr


def test_all_interfaces_with_admin_and_secret_starts(tmp_path, no_env_secret):
    db = str(tmp_path / "ws.db")
    assert cli("users", "add", "boss", "--role", "admin", "--password-stdin", "--db", db,
               stdin=ADMIN_PASSWORD + "\n").returncode == 0
    proc, port = started(["--host", "0.0.0.0", "--db", db, "--data", str(tmp_path / "data")],
                         env={"CASEREVIEW_SECRET": SECRET})
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            b = Browser(client)
            assert b.login("boss", ADMIN_PASSWORD).status_code == 303
            assert "用户管理" in b.get("/admin/users").text
    finally:
        out = stop(proc)
    assert "随机密钥" not in out and ADMIN_PASSWORD not in out


def test_loopback_without_secret_says_sessions_end_at_restart(tmp_path, no_env_secret):
    proc, _ = started(["--data", str(tmp_path / "data")])
    out = stop(proc)
    assert "本次使用随机密钥，服务重启后所有用户须重新登录" in out


def test_demo_reviews_the_sample_and_prints_passwords_once(tmp_path, no_env_secret):
    data = tmp_path / "demo"
    proc, port = started(["--demo", "--data", str(data)])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            time.sleep(0.5)
            b = Browser(client)
            printed = None
            while printed is None:       # the banner is printed before the server starts
                line = proc.stdout.readline()
                assert line, "no demo banner"
                m = re.search(r"账户 demo-unit：密码 (\S+)（只显示这一次", line)
                printed = m.group(1) if m else None
            assert b.login("demo-unit", printed).status_code == 303
            r = b.get("/runs/1/download/workbook")
            assert r.status_code == 200 and r.content[:2] == b"PK"
    finally:
        stop(proc)
    assert (data / "workspace.db").is_file() and any((data / "runs").iterdir())
    proc, _ = started(["--demo", "--data", str(data)])
    out = stop(proc)
    assert "账户 demo-admin：已存在" in out and "密码 Demo-" not in out
    assert "评查编号 1" in out          # the stored run is kept, not reviewed again


@pytest.mark.parametrize("secure, recorded", [(True, "203.0.113.9"), (False, "127.0.0.1")])
def test_behind_the_https_proxy_the_forwarded_address_is_audited(tmp_path, no_env_secret, secure, recorded):
    """With --secure-cookies (behind a proxy on this machine) a failed sign-in is audited, and throttled, by the
    address the proxy forwards; without it, a forwarded header is not believed."""
    db = str(tmp_path / "ws.db")
    proc, port = started(["--db", db, "--data", str(tmp_path / "data")] + (["--secure-cookies"] if secure else []),
                         env={"CASEREVIEW_SECRET": SECRET})
    try:
        forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
        page = httpx.get(f"http://127.0.0.1:{port}/login", headers=forwarded)
        cookie = page.headers["set-cookie"].split(";", 1)[0]         # a Secure cookie: sent by hand over http
        r = httpx.post(f"http://127.0.0.1:{port}/login", headers={**forwarded, "Cookie": cookie},
                       data={"username": "nobody", "password": "Wrong-pass-2026", "csrf_token": csrf_of(page.text)})
        assert r.status_code == 401
    finally:
        stop(proc)
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as c:
        ips = c.execute(sa.text("SELECT ip FROM ws_audit WHERE action = 'login.fail'")).scalars().all()
    engine.dispose()
    assert ips == [recorded]
