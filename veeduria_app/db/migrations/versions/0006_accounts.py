"""Accounts and roles, and data-package bookkeeping (issue 7).

Revision ID: 0006_accounts
Revises: 0005_reports
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0006_accounts"
down_revision = "0005_reports"
branch_labels = None
depends_on = None


def _record_columns() -> list:
    return [
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "user_accounts",
        *_record_columns(),
        sa.Column("username", sa.String(60), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
        sa.Column("last_login_at", UTCDateTime(), nullable=True),
        sa.Column("member_id", sa.String(36), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_user_accounts_member_id_members"),
        sa.PrimaryKeyConstraint("id", name="pk_user_accounts"),
        sa.UniqueConstraint("username", name="uq_user_accounts_username"),
    )
    op.create_table(
        "package_sync_state",
        sa.Column("table_name", sa.String(80), nullable=False),
        sa.Column("record_key", sa.String(200), nullable=False),
        sa.Column("base_hash", sa.String(64), nullable=False),
        sa.Column("synced_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "record_key", name="pk_package_sync_state"),
    )
    op.create_table(
        "package_conflicts",
        *_record_columns(),
        sa.Column("table_name", sa.String(80), nullable=False),
        sa.Column("record_key", sa.String(200), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("local_values", sa.JSON(), nullable=True),
        sa.Column("incoming_values", sa.JSON(), nullable=True),
        sa.Column("applied", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("package_author", sa.String(200), nullable=False),
        sa.Column("package_created_at", sa.String(40), nullable=False),
        sa.Column("package_file", sa.String(300), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("resolution", sa.String(10), nullable=False),
        sa.Column("resolved_by", sa.String(120), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_package_conflicts"),
    )


def downgrade() -> None:
    op.drop_table("package_conflicts")
    op.drop_table("package_sync_state")
    op.drop_table("user_accounts")
