"""Passwords never reach a log: sign-ins (right and wrong), a new account and a password reset through a live
server, with every logger (uvicorn, SQLAlchemy, casereview) at DEBUG and SQLAlchemy's parameters shown."""
from __future__ import annotations

import logging

import pytest

from tests.workspace.web import USERS, LiveServer

LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool",
           "casereview", "httpx", "httpcore")
WRONG, NEW, RESET = "Wrong-secret-7731", "Fresh-secret-8842", "Reset-secret-9953"


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage() + " " + repr(record.args) + " " + str(record.__dict__))


def debug_everything(handler: Capture) -> None:
    """Every logger at DEBUG into `handler` (after uvicorn has set its own levels)."""
    for name in LOGGERS:
        log = logging.getLogger(name)
        log.setLevel(logging.DEBUG)
        log.disabled = False
        log.addHandler(handler)


@pytest.fixture
def captured():
    handler = Capture()
    saved = {name: (logging.getLogger(name).level, logging.getLogger(name).disabled) for name in LOGGERS}
    yield handler
    for name in LOGGERS:
        log = logging.getLogger(name)
        log.removeHandler(handler)
        log.setLevel(saved[name][0])
        log.disabled = saved[name][1]


def test_no_password_in_any_log(ws_app, captured):
    with LiveServer(ws_app) as server:
        debug_everything(captured)
        b = server.client()
        assert b.login("pc1", WRONG).status_code == 401
        assert b.login("nobody", WRONG).status_code == 401
        assert b.login("pc1").status_code == 303
        admin = server.client()
        admin.login("admin")
        admin.post("/admin/users", {"username": "new-user", "password": NEW, "role": "reviewer"})
        users = admin.get("/admin/users").text
        uid = users.split('action="/admin/users/', 1)[1].split("/", 1)[0]
        admin.post(f"/admin/users/{uid}/password", {"password": RESET})
    text = "\n".join(captured.lines)
    assert "INSERT INTO" in text and "POST /login" in text      # the capture really saw SQL and requests
    for secret in (WRONG, NEW, RESET, USERS["pc1"][0], USERS["admin"][0]):
        assert secret not in text, secret
