"""Petitions (issue 9): derechos de petición and their status history.

Revision ID: 0007_petitions
Revises: 0006_accounts
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0007_petitions"
down_revision = "0006_accounts"
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
        "petitions",
        *_record_columns(),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("letter_type", sa.String(20), nullable=False),
        sa.Column("parent_id", sa.String(36), nullable=True),
        sa.Column("work_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("to_title", sa.String(60), nullable=False),
        sa.Column("to_name", sa.String(200), nullable=False),
        sa.Column("to_position", sa.String(200), nullable=False),
        sa.Column("to_office", sa.String(300), nullable=False),
        sa.Column("to_entity", sa.String(300), nullable=False),
        sa.Column("to_address", sa.String(300), nullable=False),
        sa.Column("to_city", sa.String(120), nullable=False),
        sa.Column("to_email", sa.String(200), nullable=False),
        sa.Column("intro", sa.Text(), nullable=False),
        sa.Column("requests", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("closing", sa.Text(), nullable=False),
        sa.Column("annexes", sa.JSON(), nullable=False),
        sa.Column("copies", sa.JSON(), nullable=False),
        sa.Column("signers", sa.JSON(), nullable=False),
        sa.Column("finding_ids", sa.JSON(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("radicado", sa.String(80), nullable=False),
        sa.Column("filing_channel", sa.String(60), nullable=False),
        sa.Column("stamped_copy_sha256", sa.String(64), nullable=True),
        sa.Column("stamped_copy_ext", sa.String(10), nullable=False),
        sa.Column("stamped_copy_name", sa.String(300), nullable=False),
        sa.Column("extended_due", sa.Date(), nullable=True),
        sa.Column("extension_notified_on", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=False),
        sa.Column("forwarded_to", sa.String(300), nullable=False),
        sa.Column("forwarded_on", sa.Date(), nullable=True),
        sa.Column("forwarded_received_on", sa.Date(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answer_kind", sa.String(20), nullable=True),
        sa.Column("answer_summary", sa.Text(), nullable=False),
        sa.Column("answer_sha256", sa.String(64), nullable=True),
        sa.Column("answer_ext", sa.String(10), nullable=False),
        sa.Column("answer_file_name", sa.String(300), nullable=False),
        sa.Column("letter_sha256", sa.String(64), nullable=True),
        sa.Column("letter_issued_at", UTCDateTime(), nullable=True),
        sa.Column("letter_path", sa.String(500), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["petitions.id"], name="fk_petitions_parent_id_petitions"),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_petitions_work_id_works"),
        sa.PrimaryKeyConstraint("id", name="pk_petitions"),
        sa.UniqueConstraint("code", name="uq_petitions_code"),
    )
    op.create_index("ix_petitions_work_id", "petitions", ["work_id"])
    op.create_index("ix_petitions_filed_on", "petitions", ["filed_on"])
    op.create_index("ix_petitions_parent_id", "petitions", ["parent_id"])
    op.create_table(
        "petition_events",
        *_record_columns(),
        sa.Column("petition_id", sa.String(36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("event", sa.String(30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"], ["petitions.id"], name="fk_petition_events_petition_id_petitions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_petition_events"),
    )
    op.create_index("ix_petition_events_petition_id", "petition_events", ["petition_id"])


def downgrade() -> None:
    op.drop_index("ix_petition_events_petition_id", table_name="petition_events")
    op.drop_table("petition_events")
    for index in ("ix_petitions_parent_id", "ix_petitions_filed_on", "ix_petitions_work_id"):
        op.drop_index(index, table_name="petitions")
    op.drop_table("petitions")
