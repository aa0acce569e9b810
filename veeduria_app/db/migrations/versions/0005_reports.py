"""Issued reports registry (issue 6).

Revision ID: 0005_reports
Revises: 0004_analysis
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0005_reports"
down_revision = "0004_analysis"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_reports",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("work_id", sa.String(36), nullable=True),
        sa.Column("inspection_id", sa.String(36), nullable=True),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("scope", sa.String(300), nullable=False),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("issued_by", sa.String(120), nullable=False),
        sa.Column("issued_by_name", sa.String(200), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=False),
        sa.Column("pdf_size", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("manifest_digest", sa.String(64), nullable=False),
        sa.Column("supersedes_id", sa.String(36), nullable=True),
        sa.Column("related_code", sa.String(40), nullable=False),
        sa.Column("training", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_issued_reports"),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_issued_reports_work_id_works"),
        sa.ForeignKeyConstraint(["supersedes_id"], ["issued_reports.id"],
                                name="fk_issued_reports_supersedes_id_issued_reports"),
        sa.UniqueConstraint("code", "revision", name="uq_issued_reports_code_revision"),
    )
    op.create_index("ix_issued_reports_pdf_sha256", "issued_reports", ["pdf_sha256"])
    op.create_index("ix_issued_reports_work_id", "issued_reports", ["work_id"])


def downgrade() -> None:
    op.drop_index("ix_issued_reports_work_id", table_name="issued_reports")
    op.drop_index("ix_issued_reports_pdf_sha256", table_name="issued_reports")
    op.drop_table("issued_reports")
