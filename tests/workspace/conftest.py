"""Workspace fixtures: an app on a fresh database (SQLite, or PostgreSQL where asked) with an account of every
role, the bundled sample reviewed once per worker and copied into each test's database."""
from __future__ import annotations

import shutil
import uuid
from datetime import date

import pytest
from fastapi.testclient import TestClient

from casereview.workspace import Settings, create_app
from casereview.workspace.reviewing import ReviewChoices, learn_units, run_review
from casereview.history.store import read_run
from tests.workspace.web import AS_OF, SAMPLE, Browser, LiveServer, add_test_users

SECRET = "test-secret-" + "x" * 40


def make_settings(db: str, data_dir) -> Settings:
    return Settings(db=db, data_dir=data_dir, secret=SECRET, max_upload_mb=20)


@pytest.fixture
def ws_settings(tmp_path) -> Settings:
    return make_settings(str(tmp_path / "workspace.db"), tmp_path / "data")


@pytest.fixture
def ws_app(ws_settings):
    """The app with the test accounts (tests/workspace/web.py USERS) and no runs."""
    app = create_app(ws_settings)
    add_test_users(app.state.sessions)
    yield app
    app.state.engine.dispose()


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory):
    """The bundled sample reviewed once into a SQLite workspace database (as of 2026-11-20): (folder, run id)."""
    folder = tmp_path_factory.mktemp("ws-template")
    settings = make_settings(str(folder / "workspace.db"), folder / "data")
    app = create_app(settings)
    run_id = review_into(app, SAMPLE, "三项制度评查样例.xlsx")
    app.state.engine.dispose()
    return folder, run_id


def review_into(app, source, shown: str, as_of: str = AS_OF) -> int:
    """Review `source` synchronously into the app's database and data folder, as a background job would."""
    settings = app.state.settings
    out = settings.runs / f"run-{uuid.uuid4().hex[:8]}"
    run_id = run_review(settings.db, source, out, ReviewChoices(as_of=date.fromisoformat(as_of)),
                        shown_source=shown)
    with app.state.sessions() as db:
        learn_units(db, read_run(settings.db, run_id).unit_facts)
        db.commit()
    return run_id


@pytest.fixture
def reviewed(tmp_path, sample_template):
    """(app, run id): the test accounts and the sample's run, in a SQLite database of this test's own."""
    folder, run_id = sample_template
    shutil.copy(folder / "workspace.db", tmp_path / "workspace.db")
    app = create_app(make_settings(str(tmp_path / "workspace.db"), folder / "data"))
    add_test_users(app.state.sessions)
    yield app, run_id
    app.state.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_reviewed(request, tmp_path):
    """(app, run id) on SQLite and on the real PostgreSQL: accounts and the sample reviewed into it."""
    db = str(tmp_path / "workspace.db") if request.param == "sqlite" else request.getfixturevalue("pg_db")
    app = create_app(make_settings(db, tmp_path / "data"))
    add_test_users(app.state.sessions)
    run_id = review_into(app, SAMPLE, "三项制度评查样例.xlsx")
    yield app, run_id
    app.state.engine.dispose()


@pytest.fixture
def client(ws_app):
    with TestClient(ws_app) as c:
        yield Browser(c)


def signed_in(app, username: str) -> Browser:
    """A TestClient signed in as `username` (use as a context manager: `with signed_in(app, 'pc1') as b`)."""
    return _SignedIn(app, username)


class _SignedIn:
    def __init__(self, app, username):
        self.app, self.username = app, username

    def __enter__(self) -> Browser:
        self.tc = TestClient(self.app).__enter__()
        b = Browser(self.tc)
        b.login(self.username)
        return b

    def __exit__(self, *exc):
        self.tc.__exit__(*exc)


@pytest.fixture
def live(reviewed):
    """(server, run id): the reviewed app served on 127.0.0.1 for Chromium."""
    app, run_id = reviewed
    with LiveServer(app) as server:
        yield server, run_id
