"""Findings and alert reviews (issue 5).

Revision ID: 0004_analysis
Revises: 0003_inspections
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0004_analysis"
down_revision = "0003_inspections"
branch_labels = None
depends_on = None


def _record_columns() -> list:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "findings",
        *_record_columns(),
        sa.Column("work_id", sa.String(36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("criterion", sa.Text(), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("effect", sa.Text(), nullable=False),
        sa.Column("nature", sa.String(20), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("communicated_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("source_alert_code", sa.String(40), nullable=True),
        sa.Column("source_alert_data", sa.JSON(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_findings"),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_findings_work_id_works"),
    )
    op.create_index("ix_findings_work_id", "findings", ["work_id"])
    op.create_index("ix_findings_status", "findings", ["status"])
    op.create_table(
        "finding_links",
        *_record_columns(),
        sa.Column("finding_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("target", sa.String(300), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_finding_links"),
        sa.ForeignKeyConstraint(["finding_id"], ["findings.id"], name="fk_finding_links_finding_id_findings"),
    )
    op.create_index("ix_finding_links_finding_id", "finding_links", ["finding_id"])
    op.create_table(
        "alert_reviews",
        *_record_columns(),
        sa.Column("work_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("reviewed_by", sa.String(120), nullable=False),
        sa.Column("reviewed_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_reviews"),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_alert_reviews_work_id_works"),
    )
    op.create_index("ix_alert_reviews_work_code", "alert_reviews", ["work_id", "code"])


def downgrade() -> None:
    op.drop_index("ix_alert_reviews_work_code", table_name="alert_reviews")
    op.drop_table("alert_reviews")
    op.drop_index("ix_finding_links_finding_id", table_name="finding_links")
    op.drop_table("finding_links")
    op.drop_index("ix_findings_status", table_name="findings")
    op.drop_index("ix_findings_work_id", table_name="findings")
    op.drop_table("findings")
