"""Run history tables: runs, and the rows of each run-folder file.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ROW_TABLES = ("run_findings", "run_cases", "run_unit_findings", "run_units", "run_rejects")


def _text(*names: str) -> list[sa.Column]:
    return [sa.Column(n, sa.Text(), nullable=True) for n in names]


def _rows_of_run(name: str, *columns: sa.Column) -> None:
    """A table holding one run-folder file: its columns, then (run_id, seq) as the key."""
    op.create_table(
        name, *columns,
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", "seq"),
    )


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        *_text("out_dir", "pack_id", "pack_version"),
        sa.Column("pack_digest", sa.String(length=64), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("engine", sa.String(length=16), nullable=True),
        *_text("input_source"),
        sa.Column("input_digest", sa.String(length=64), nullable=True),
        *[sa.Column(n, sa.Integer(), nullable=True)
          for n in ("cases_in", "cases_evaluated", "cases_rejected", "findings_count", "rejects_count")],
        sa.Column("info", sa.JSON(), nullable=True),
        sa.Column("columns", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_runs_status"), "runs", ["status"], unique=False)
    _rows_of_run(
        "run_findings", *_text("case_id", "unit_id", "rule_id", "system"),
        sa.Column("outcome", sa.String(length=16), nullable=True), *_text("severity"),
        sa.Column("deduction", sa.Float(), nullable=True), *_text("reason", "evidence", "basis", "title"),
        sa.Column("veto", sa.Boolean(), nullable=True))
    _rows_of_run(
        "run_cases", *_text("case_id", "unit_id", "case_type"), sa.Column("score", sa.Float(), nullable=True),
        *_text("grade"), sa.Column("vetoed", sa.Boolean(), nullable=True),
        *_text("failed_rules", "unknown_rules"), sa.Column("needs_check", sa.Boolean(), nullable=True),
        sa.Column("deductions", sa.Float(), nullable=True), *_text("handler_ids"))
    _rows_of_run(
        "run_unit_findings", *_text("unit_id", "unit_name", "rule_id", "system"),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        *_text("value", "reason", "evidence", "basis", "title"))
    _rows_of_run(
        "run_units", *_text("unit_id", "unit_name"), sa.Column("level", sa.String(length=16), nullable=True),
        *_text("rule_id", "system"),
        *[sa.Column(n, sa.Integer(), nullable=True) for n in ("pass", "fail", "unknown", "na")],
        sa.Column("rate", sa.Float(), nullable=True))
    _rows_of_run("run_rejects", *_text("table", "row", "record_id", "column", "value", "error", "case_id", "scope"))


def downgrade() -> None:
    for name in _ROW_TABLES:
        op.drop_table(name)
    op.drop_index(op.f("ix_runs_status"), table_name="runs")
    op.drop_table("runs")
