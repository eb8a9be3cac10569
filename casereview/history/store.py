"""Storing a finished run folder in the history database, and reading runs back."""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from casereview.history.connect import HistoryError, open_db, shown_url
from casereview.history.models import COMPLETE, FAILED, FILE_MODELS, RUNNING, Run
from casereview.engine.run.result import Run as ReviewRun
from casereview.reports.from_run import load_run

_KIND_OF = {sa.Boolean: "bool", sa.Integer: "int", sa.Float: "number"}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _kind(column: sa.Column) -> str:
    return next((k for t, k in _KIND_OF.items() if isinstance(column.type, t)), "text")


def _data_columns(model) -> list[sa.Column]:
    return [c for c in model.__table__.columns if c.name not in ("run_id", "seq")]


def start_run(db: str, *, source: str, as_of: date, engine: str, out: Path) -> int:
    """A 'running' row committed on its own, so a run that dies before finishing stays visibly unfinished."""
    with open_db(db) as eng, eng.begin() as conn:
        return conn.execute(sa.insert(Run.__table__).returning(Run.__table__.c.id), dict(
            status=RUNNING, started_at=_now(), as_of=as_of, engine=engine,
            input_source=source, out_dir=str(Path(out).resolve()))).scalar_one()


def mark_failed(db: str, run_id: int) -> None:
    with open_db(db) as eng, eng.begin() as conn:
        conn.execute(sa.update(Run.__table__).where(Run.__table__.c.id == run_id).values(status=FAILED))


def record_run(db: str, run_dir: Path, run_id: int | None = None, out_dir: Path | None = None) -> int:
    """Store a finished run folder as `load_run` reads it back: the history keeps the text people get
    (neutralised, as in the CSVs), so `read_run` gives back what the folder gives."""
    return store_run(db, load_run(run_dir), run_id, out_dir=out_dir or run_dir)


def store_run(db: str, run: ReviewRun, run_id: int | None = None, *, out_dir: Path) -> int:
    """Store a run in one transaction; it is marked complete only by its commit. `run.info` is its run.json
    as written; `run_id`: the row `start_run` made; `out_dir`: where its folder is published."""
    frames = dict(zip(FILE_MODELS, (run.findings, run.cases, run.unit_findings, run.units, run.rejects)))
    runs = Run.__table__
    with open_db(db) as eng, eng.begin() as conn:
        values = _run_values(run.info, frames, out_dir)
        if run_id is None:
            run_id = conn.execute(sa.insert(runs).returning(runs.c.id),
                                  dict(values, status=RUNNING, started_at=_now())).scalar_one()
        elif conn.execute(sa.update(runs).where(runs.c.id == run_id).values(values)).rowcount != 1:
            raise HistoryError(f"评查历史数据库 {shown_url(db)} 中没有编号为 {run_id} 的评查记录")
        for name, model in FILE_MODELS.items():
            rows = _records(frames[name], model, run_id)
            if rows:
                conn.execute(sa.insert(model.__table__), rows)
        conn.execute(sa.update(runs).where(runs.c.id == run_id).values(status=COMPLETE, finished_at=_now()))
    return run_id


def _run_values(info: dict, frames: dict[str, pd.DataFrame], run_dir: Path) -> dict:
    pack, source, cases = info.get("pack", {}), info.get("input", {}), info.get("counts", {}).get("cases", {})
    return dict(out_dir=str(Path(run_dir).resolve()), pack_id=pack.get("id"), pack_version=pack.get("version"),
                pack_digest=pack.get("sha256"), as_of=date.fromisoformat(info["as_of"]) if info.get("as_of") else None,
                engine=info.get("engine"), input_source=source.get("source"), input_digest=source.get("digest"),
                cases_in=cases.get("in"), cases_evaluated=cases.get("evaluated"), cases_rejected=cases.get("rejected"),
                findings_count=len(frames["findings.csv"]), rejects_count=len(frames["rejects.csv"]),
                info=info, columns={name: list(f.columns) for name, f in frames.items()})


def _records(frame: pd.DataFrame, model, run_id: int) -> list[dict]:
    """Frame rows as insert parameters: missing columns and NaN as NULL, numpy scalars as Python ones."""
    n = len(frame)
    cols = {"run_id": [run_id] * n, "seq": range(n)}
    for c in _data_columns(model):
        if c.name not in frame.columns:
            cols[c.name] = [None] * n
            continue
        s = frame[c.name]
        kind = _kind(c)
        if kind == "text":
            values = s.astype(object).where(s.notna(), None).tolist()
        else:
            values = [None if pd.isna(v) else (bool(v) if kind == "bool" else int(v) if kind == "int" else float(v))
                      for v in s.tolist()]
        cols[c.name] = values
    keys = list(cols)
    return [dict(zip(keys, row)) for row in zip(*cols.values())]


def read_run(db: str, run_id: int) -> ReviewRun:
    """A stored run as the frames `reports.from_run.load_run` reads from its run folder, and its run.json."""
    runs = Run.__table__
    with open_db(db) as eng, eng.begin() as conn:
        run = conn.execute(sa.select(runs).where(runs.c.id == run_id)).mappings().first()
        if run is None:
            raise HistoryError(f"评查历史数据库 {shown_url(db)} 中没有编号为 {run_id} 的评查记录")
        if run["status"] != COMPLETE:
            raise HistoryError(f"评查记录 {run_id} 未完成（状态 {run['status']}），没有可读取的结果")
        frames = {name: _frame(conn, model, run_id, run["columns"][name]) for name, model in FILE_MODELS.items()}
    cases = frames["cases.csv"]
    case_facts = cases[[c for c in ("case_id", "unit_id", "handler_ids") if c in cases.columns]].copy()
    units = frames["units.csv"]
    unit_facts = units[["unit_id", "unit_name"]].drop_duplicates("unit_id").reset_index(drop=True)
    # after_as_of=None: the listing of records after the as-of date is not stored (its counts are, in info)
    return ReviewRun(frames["findings.csv"], cases, frames["unit_findings.csv"], units, frames["rejects.csv"],
                        case_facts, unit_facts, run["info"], after_as_of=None)


def _frame(conn: sa.Connection, model, run_id: int, columns: list[str]) -> pd.DataFrame:
    table = model.__table__
    wanted = [c for c in _data_columns(model) if c.name in columns]
    rows = conn.execute(sa.select(*wanted).where(table.c.run_id == run_id).order_by(table.c.seq)).all()
    data = {}
    for i, c in enumerate(wanted):
        values = [r[i] for r in rows]
        data[c.name] = _as_read_from_csv(values, _kind(c))
    return pd.DataFrame(data, columns=columns) if data else pd.DataFrame(columns=columns)


def _as_read_from_csv(values: list, kind: str) -> pd.Series:
    """The dtype `load_run` gives the same column read from CSV: whole numbers without gaps come back int64."""
    if kind == "text":
        return pd.Series(["" if v is None else v for v in values], dtype=str)
    if kind == "bool":
        return pd.Series([bool(v) for v in values], dtype=bool)
    if kind == "int":
        return pd.Series([0 if v is None else int(v) for v in values], dtype="int64")
    s = pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    if len(s) and s.notna().all() and (s == s.round()).all():
        return s.astype("int64")
    return s


def list_runs(db: str) -> pd.DataFrame:
    """Every stored run, newest first."""
    runs = Run.__table__
    cols = ["id", "status", "started_at", "finished_at", "pack_id", "pack_version", "as_of", "engine",
            "input_source", "cases_in", "findings_count", "rejects_count", "out_dir"]
    with open_db(db) as eng, eng.begin() as conn:
        rows = conn.execute(sa.select(*(runs.c[c] for c in cols)).order_by(runs.c.id.desc())).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=cols)
