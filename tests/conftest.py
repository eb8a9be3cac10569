"""Suite-wide settings: under CI a skipped test is a failure (no silently missing dependency)."""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from casereview.history import database_url


@pytest.fixture
def pg_base_url() -> str:
    """The PostgreSQL URL tests use: required under CI, else the test is skipped."""
    url = os.environ.get("CASEREVIEW_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI 环境必须设置 CASEREVIEW_TEST_PG_URL")
        pytest.skip("CASEREVIEW_TEST_PG_URL 未设置")
    return url


@pytest.fixture
def pg_db(pg_base_url) -> str:
    """A uniquely named PostgreSQL database, dropped after the test."""
    name = f"casereview_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(database_url(pg_base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(pg_base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI 中不允许跳过测试：{report.longrepr}"
