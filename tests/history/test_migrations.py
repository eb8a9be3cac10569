"""Alembic: upgrade on an empty database creates the schema, again on an existing one changes nothing;
the head revision matches the ORM models exactly."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.config import Config

from casereview.history import connect, list_runs, record_run
from casereview.history.connect import MIGRATIONS, database_url, open_db
from casereview.history.models import VERSION_TABLE, Base

TABLES = {"runs_schema_version", "runs", "run_findings", "run_cases", "run_unit_findings", "run_units", "run_rejects",
          "ws_users", "ws_user_units", "ws_units", "ws_audit", "ws_settings", "ws_jobs", "ws_finding_reviews",
          "ws_notices", "ws_notice_items"}
HEAD = "0002"


def _schema(db: str) -> dict[str, list[tuple[str, str]]]:
    engine = sa.create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            insp = sa.inspect(conn)
            return {t: [(c["name"], str(c["type"])) for c in insp.get_columns(t)] for t in insp.get_table_names()}
    finally:
        engine.dispose()


def _version(db: str) -> list[str]:
    engine = sa.create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.exec_driver_sql("SELECT version_num FROM runs_schema_version")]
    finally:
        engine.dispose()


def test_upgrade_on_empty_then_existing_database(db, sample_run):
    with open_db(db):
        pass
    first = _schema(db)
    assert set(first) == TABLES
    assert _version(db) == [HEAD]
    run_id = record_run(db, sample_run)
    connect._migrated.clear()               # as a new process would: upgrade head runs again
    with open_db(db):
        pass
    assert _schema(db) == first
    assert _version(db) == [HEAD]
    assert list(list_runs(db)["id"]) == [run_id]


def test_head_is_the_only_head():
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_heads() == [HEAD]


def test_migrations_match_the_models(db):
    with open_db(db):
        pass
    engine = sa.create_engine(database_url(db))
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
