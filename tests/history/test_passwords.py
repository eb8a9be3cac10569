"""Passwords in database URLs (the history --db and a database input) are never printed or stored."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from casereview.history import database_url, list_runs
from tests.history.runner import AS_OF, casereview

DB_SECRET, INPUT_SECRET = "s3cret", "pw-input-77"


def _with_password(url: str, password: str) -> str:
    return sa.make_url(url).set(password=password).render_as_string(hide_password=False)


def _copy_input_into(pg_url: str, tmp_path) -> None:
    """Generated case files (SQLite) copied table by table into the PostgreSQL database."""
    gen = casereview("generate", "--cases", 20, "--format", "sqlite", "--out", tmp_path / "gen")
    assert gen.returncode == 0, gen.stderr
    src = sa.create_engine(f"sqlite:///{tmp_path / 'gen' / 'casefiles.db'}")
    dst = sa.create_engine(database_url(pg_url))
    with src.connect() as s, dst.begin() as d:
        for name in sa.inspect(s).get_table_names():
            pd.read_sql_table(name, s).to_sql(name, d, index=False)
    src.dispose()
    dst.dispose()


def _all_text(db: str) -> str:
    """Every value in every table of the history database, as one string."""
    engine = sa.create_engine(database_url(db))
    with engine.connect() as conn:
        names = sa.inspect(conn).get_table_names()
        text = "\n".join(str(row) for t in names for row in conn.execute(sa.text(f'SELECT * FROM "{t}"')))
    engine.dispose()
    return text


def test_no_password_printed_or_stored(pg_db, tmp_path):
    """Input from PostgreSQL with a password, history in PostgreSQL with another password."""
    _copy_input_into(pg_db, tmp_path)
    source, history = _with_password(pg_db, INPUT_SECRET), _with_password(pg_db, DB_SECRET)
    out = tmp_path / "run"
    done = casereview("review", source, "--out", out, "--as-of", AS_OF, "--quiet", "--db", history)
    assert done.returncode == 0, done.stderr
    listed = casereview("history", "list", "--db", history)
    shown = casereview("history", "show", "1", "--db", history, "--out", tmp_path / "back")
    assert "评查记录已存入 postgresql://postgres:***@" in done.stdout
    printed = done.stdout + done.stderr + listed.stdout + listed.stderr + shown.stdout + shown.stderr
    files = "".join(p.read_text(encoding="utf-8") for d in (out, tmp_path / "back") for p in d.iterdir()
                    if p.suffix in (".json", ".csv", ".html"))
    stored = _all_text(pg_db)
    for secret in (DB_SECRET, INPUT_SECRET):
        assert secret not in printed and secret not in files and secret not in stored
    masked = _with_password(pg_db, "***").replace("%2A%2A%2A", "***")     # as typed, password shown as ***
    assert list_runs(pg_db)["input_source"].tolist() == [masked]


def test_database_errors_are_masked(pg_db, tmp_path):
    unreachable = "postgresql://postgres:s3cret@127.0.0.1:1/nowhere"
    missing = _with_password(pg_db + "_missing", DB_SECRET)
    for url in (unreachable, missing):
        done = casereview("history", "list", "--db", url)
        assert done.returncode == 1
        assert done.stderr.startswith("评查历史数据库 postgresql://") and ":***@" in done.stderr
        assert DB_SECRET not in done.stdout + done.stderr
