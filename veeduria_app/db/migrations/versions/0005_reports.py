"""Issued reports registry (issue 6).

Revision ID: 0005_reports
Revises: 0004_analysis

Placeholder in the linear chain; its capability's owner fills in the operations.
"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0005_reports"
down_revision = "0004_analysis"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
