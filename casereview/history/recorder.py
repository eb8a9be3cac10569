"""A review's life in the history database: 'running' at the start, complete or failed at the end."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from casereview.history.connect import HistoryError, shown_url
from casereview.history.store import mark_failed, record_run, start_run


class RunRecorder:
    """`with RunRecorder.start(...) as rec:` around one review, `rec.finish(folder)` given to
    `write_run(before_publish=...)`: stored before the run folder appears, failed if anything after breaks."""

    def __init__(self, db: str, run_id: int, out: Path):
        self.db, self.run_id, self.out = db, run_id, Path(out)

    @classmethod
    def start(cls, db: str, *, source: str, as_of: date, engine: str, out: Path) -> "RunRecorder":
        return cls(db, start_run(db, source=shown_url(str(source)), as_of=as_of, engine=engine, out=out), out)

    def finish(self, folder: Path) -> None:
        """Store the finished (still hidden) run folder; the run becomes complete when this transaction commits."""
        record_run(self.db, folder, self.run_id, out_dir=self.out)

    def message(self) -> str:
        return f"评查记录已存入 {shown_url(self.db)}（编号 {self.run_id}）"

    def __enter__(self) -> "RunRecorder":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            try:
                mark_failed(self.db, self.run_id)
            except HistoryError:        # the review's own error matters more than this one
                pass
