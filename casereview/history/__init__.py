"""Run history: every review stored in SQLite or PostgreSQL (SQLAlchemy 2, Alembic migrations)."""
from casereview.history import workspace_models  # noqa: F401 - the workspace tables share the metadata
from casereview.history.connect import HistoryError, database_url, make_engine, open_db, shown_url
from casereview.history.recorder import RunRecorder
from casereview.history.store import list_runs, mark_failed, read_run, record_run, start_run

__all__ = ["HistoryError", "RunRecorder", "database_url", "make_engine", "open_db", "shown_url", "list_runs", "mark_failed",
           "read_run", "record_run", "start_run"]
