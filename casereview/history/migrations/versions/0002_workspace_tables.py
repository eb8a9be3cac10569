"""Workspace tables: accounts, units, audit log, background reviews, people's verdicts, 整改 notices.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ws_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_ws_audit_at'), 'ws_audit', ['at'], unique=False)
    op.create_table('ws_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('ws_units',
    sa.Column('unit_id', sa.String(length=128), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('field', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('unit_id')
    )
    op.create_table('ws_users',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('session_epoch', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    op.create_table('ws_finding_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Text(), nullable=True),
    sa.Column('unit_id', sa.String(length=128), nullable=True),
    sa.Column('rule_id', sa.String(length=64), nullable=True),
    sa.Column('confirmed_outcome', sa.String(length=16), nullable=True),
    sa.Column('confirmed_reason', sa.Text(), nullable=True),
    sa.Column('confirmed_by', sa.String(length=64), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('second_outcome', sa.String(length=16), nullable=True),
    sa.Column('second_reason', sa.Text(), nullable=True),
    sa.Column('second_by', sa.String(length=64), nullable=True),
    sa.Column('second_at', sa.DateTime(), nullable=True),
    sa.Column('needs_third', sa.Boolean(), nullable=False),
    sa.Column('third_outcome', sa.String(length=16), nullable=True),
    sa.Column('third_reason', sa.Text(), nullable=True),
    sa.Column('third_by', sa.String(length=64), nullable=True),
    sa.Column('third_at', sa.DateTime(), nullable=True),
    sa.Column('contest_status', sa.String(length=16), nullable=True),
    sa.Column('contest_reason', sa.Text(), nullable=True),
    sa.Column('contested_by', sa.String(length=64), nullable=True),
    sa.Column('contested_at', sa.DateTime(), nullable=True),
    sa.Column('contest_outcome', sa.String(length=16), nullable=True),
    sa.Column('contest_decision', sa.Text(), nullable=True),
    sa.Column('contest_decided_by', sa.String(length=64), nullable=True),
    sa.Column('contest_decided_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'seq')
    )
    op.create_index(op.f('ix_ws_finding_reviews_run_id'), 'ws_finding_reviews', ['run_id'], unique=False)
    op.create_index(op.f('ix_ws_finding_reviews_unit_id'), 'ws_finding_reviews', ['unit_id'], unique=False)
    op.create_table('ws_jobs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=True),
    sa.Column('done', sa.Integer(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('input_name', sa.Text(), nullable=True),
    sa.Column('input_path', sa.Text(), nullable=True),
    sa.Column('params', sa.JSON(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('previous_run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['previous_run_id'], ['runs.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_ws_jobs_status'), 'ws_jobs', ['status'], unique=False)
    op.create_table('ws_notices',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(length=128), nullable=False),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('due_working_days', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_ws_notices_run_id'), 'ws_notices', ['run_id'], unique=False)
    op.create_index(op.f('ix_ws_notices_unit_id'), 'ws_notices', ['unit_id'], unique=False)
    op.create_table('ws_user_units',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['ws_users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'unit_id')
    )
    op.create_table('ws_notice_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Text(), nullable=True),
    sa.Column('rule_id', sa.String(length=64), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answer_kind', sa.String(length=16), nullable=True),
    sa.Column('answer_note', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('recheck_run_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['ws_notices.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_ws_notice_items_notice_id'), 'ws_notice_items', ['notice_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_ws_notice_items_notice_id'), table_name='ws_notice_items')
    op.drop_table('ws_notice_items')
    op.drop_table('ws_user_units')
    op.drop_index(op.f('ix_ws_notices_unit_id'), table_name='ws_notices')
    op.drop_index(op.f('ix_ws_notices_run_id'), table_name='ws_notices')
    op.drop_table('ws_notices')
    op.drop_index(op.f('ix_ws_jobs_status'), table_name='ws_jobs')
    op.drop_table('ws_jobs')
    op.drop_index(op.f('ix_ws_finding_reviews_unit_id'), table_name='ws_finding_reviews')
    op.drop_index(op.f('ix_ws_finding_reviews_run_id'), table_name='ws_finding_reviews')
    op.drop_table('ws_finding_reviews')
    op.drop_table('ws_users')
    op.drop_table('ws_units')
    op.drop_table('ws_settings')
    op.drop_index(op.f('ix_ws_audit_at'), table_name='ws_audit')
    op.drop_table('ws_audit')
