"""Accounts and roles (issue 7).

Revision ID: 0006_accounts
Revises: 0005_reports

Placeholder in the linear chain; its capability's owner fills in the operations.
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0006_accounts"
down_revision = "0005_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
