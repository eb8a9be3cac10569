"""Typed ORM models of the run history: one run row, and its run-folder tables row by row.

Table names start with run(s) so the history can share a database with case-file tables."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

RUNNING, COMPLETE, FAILED = "running", "complete", "failed"
VERSION_TABLE = "runs_schema_version"   # Alembic's, apart from any alembic_version of the user's own


class Base(DeclarativeBase):
    pass


class Run(Base):
    """One review: what was reviewed, with which pack, when; complete only once every row is stored."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    out_dir: Mapped[str | None] = mapped_column(Text)
    pack_id: Mapped[str | None] = mapped_column(Text)
    pack_version: Mapped[str | None] = mapped_column(Text)
    pack_digest: Mapped[str | None] = mapped_column(String(64))
    as_of: Mapped[date | None] = mapped_column(Date)
    engine: Mapped[str | None] = mapped_column(String(16))
    input_source: Mapped[str | None] = mapped_column(Text)     # database URLs with the password masked
    input_digest: Mapped[str | None] = mapped_column(String(64))
    cases_in: Mapped[int | None] = mapped_column(Integer)
    cases_evaluated: Mapped[int | None] = mapped_column(Integer)
    cases_rejected: Mapped[int | None] = mapped_column(Integer)
    findings_count: Mapped[int | None] = mapped_column(Integer)
    rejects_count: Mapped[int | None] = mapped_column(Integer)
    info: Mapped[dict | None] = mapped_column(JSON)             # run.json as written
    columns: Mapped[dict | None] = mapped_column(JSON)          # file name -> column order


class _RunRow:
    """A row of one run-folder file: owning run and position in the file."""

    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class Finding(_RunRow, Base):
    __tablename__ = "run_findings"

    case_id: Mapped[str | None] = mapped_column(Text)
    unit_id: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(Text)
    system: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    severity: Mapped[str | None] = mapped_column(Text)
    deduction: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    veto: Mapped[bool | None] = mapped_column(Boolean)


class CaseScore(_RunRow, Base):
    __tablename__ = "run_cases"

    case_id: Mapped[str | None] = mapped_column(Text)
    unit_id: Mapped[str | None] = mapped_column(Text)
    case_type: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(Text)
    vetoed: Mapped[bool | None] = mapped_column(Boolean)
    failed_rules: Mapped[str | None] = mapped_column(Text)
    unknown_rules: Mapped[str | None] = mapped_column(Text)
    needs_check: Mapped[bool | None] = mapped_column(Boolean)
    deductions: Mapped[float | None] = mapped_column(Float)
    handler_ids: Mapped[str | None] = mapped_column(Text)


class UnitFinding(_RunRow, Base):
    __tablename__ = "run_unit_findings"

    unit_id: Mapped[str | None] = mapped_column(Text)
    unit_name: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(Text)
    system: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    basis: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)


class UnitRate(_RunRow, Base):
    __tablename__ = "run_units"

    unit_id: Mapped[str | None] = mapped_column(Text)
    unit_name: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str | None] = mapped_column(String(16))
    rule_id: Mapped[str | None] = mapped_column(Text)
    system: Mapped[str | None] = mapped_column(Text)
    pass_: Mapped[int | None] = mapped_column("pass", Integer)
    fail: Mapped[int | None] = mapped_column(Integer)
    unknown: Mapped[int | None] = mapped_column(Integer)
    na: Mapped[int | None] = mapped_column(Integer)
    rate: Mapped[float | None] = mapped_column(Float)


class Reject(_RunRow, Base):
    __tablename__ = "run_rejects"

    table: Mapped[str | None] = mapped_column(Text)
    row: Mapped[str | None] = mapped_column(Text)
    record_id: Mapped[str | None] = mapped_column(Text)
    column: Mapped[str | None] = mapped_column(Text)
    value: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[str | None] = mapped_column(Text)
    scope: Mapped[str | None] = mapped_column(Text)


# run-folder file -> the model holding its rows
FILE_MODELS = {"findings.csv": Finding, "cases.csv": CaseScore, "unit_findings.csv": UnitFinding,
               "units.csv": UnitRate, "rejects.csv": Reject}
