"""Opening the history database: URL or file path, migrations to head, serialised writers, masked errors."""
from __future__ import annotations

import importlib.util
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

from casereview.casefiles.readers import driver_url, mask_url
from casereview.errors import CaseReviewError

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x63617365   # PostgreSQL advisory lock key held while migrating
_SQLITE_BUSY_SECONDS = 120     # another writer holds the file: wait this long before giving up
_migrated: set[str] = set()    # URLs already upgraded to head in this process


class HistoryError(CaseReviewError):
    """The history database cannot be opened, migrated, written or read; the URL shown masked."""


def database_url(db: str) -> str:
    """A plain file path becomes sqlite:///absolute/path; postgresql:// uses psycopg 3 when installed."""
    if "://" not in db:
        path = Path(db).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if db.startswith("postgresql://") and importlib.util.find_spec("psycopg"):
        return "postgresql+psycopg://" + db[len("postgresql://"):]
    return driver_url(db)


def shown_url(db: str) -> str:
    """The database as users see it: password replaced by ***."""
    return mask_url(db) if "://" in db else db


def _secret(db: str) -> str | None:
    try:
        return sa.make_url(db).password if "://" in db else None
    except Exception:  # noqa: BLE001 - unparsable URLs carry no password we could find
        return None


@contextmanager
def masked_errors(db: str) -> Iterator[None]:
    """Database failures become one HistoryError line naming the masked URL, never the password."""
    try:
        yield
    except CaseReviewError:
        raise
    except (sa.exc.SQLAlchemyError, ImportError, ValueError, OSError) as e:
        first = (str(e).strip().splitlines() or [""])[0]
        secret = _secret(db)
        if secret:
            first = first.replace(secret, "***")
        raise HistoryError(f"评查历史数据库 {shown_url(db)} 出错（{type(e).__name__}: {first}）") from None


def _sqlite_engine(url: str) -> sa.Engine:
    """Every transaction starts with BEGIN IMMEDIATE: writers queue for the file instead of failing."""
    engine = sa.create_engine(url, connect_args={"timeout": _SQLITE_BUSY_SECONDS})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None          # we issue BEGIN ourselves
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _migrate(conn: sa.Connection) -> None:
    """alembic upgrade head inside the caller's transaction (one migrator at a time)."""
    from alembic import command
    from alembic.config import Config

    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def make_engine(db: str, **options) -> sa.Engine:
    """An engine on the history database, its schema upgraded to head; the caller disposes of it."""
    with masked_errors(db):
        url = database_url(db)
        engine = _sqlite_engine(url) if url.startswith("sqlite") else sa.create_engine(url, **options)
        try:
            if url not in _migrated:
                with engine.begin() as conn:
                    _migrate(conn)
                _migrated.add(url)
        except BaseException:
            engine.dispose()
            raise
        return engine


@contextmanager
def open_db(db: str) -> Iterator[sa.Engine]:
    """An engine on the history database, its schema upgraded to head; errors masked."""
    engine = make_engine(db)
    with masked_errors(db):
        try:
            yield engine
        finally:
            engine.dispose()
