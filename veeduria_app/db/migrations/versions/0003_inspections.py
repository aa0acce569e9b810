"""Inspections and photo evidence (issue 4).

Revision ID: 0003_inspections
Revises: 0002_contracts

Visits (actas), attendees, checklist, community observations, observed quantities,
amendments after closing, stored evidence files (keyed by SHA-256) and the photos of each
visit with their checks.
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0003_inspections"
down_revision = "0002_contracts"
branch_labels = None
depends_on = None


def _record_columns() -> list:
    return [
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _child(table: str) -> list:
    """Columns and constraints shared by every table that hangs from an inspection."""
    return [
        *_record_columns(),
        sa.Column("inspection_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspections.id"], name=f"fk_{table}_inspection_id_inspections"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def upgrade() -> None:
    op.create_table(
        "inspections",
        *_record_columns(),
        sa.Column("work_id", sa.String(36), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=True),
        sa.Column("end_time", sa.String(5), nullable=True),
        sa.Column("weather", sa.String(120), nullable=False),
        sa.Column("observed_progress", sa.Numeric(5, 2), nullable=True),
        sa.Column("reported_progress", sa.Numeric(5, 2), nullable=True),
        sa.Column("reported_progress_source", sa.String(40), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(120), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_inspections_work_id_works"),
        sa.PrimaryKeyConstraint("id", name="pk_inspections"),
    )
    op.create_index("ix_inspections_work_date", "inspections", ["work_id", "visit_date"])

    op.create_table(
        "inspection_attendees",
        *_child("inspection_attendees"),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("member_id", sa.String(36), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(120), nullable=False),
        sa.Column("organization", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_inspection_attendees_member_id_members"),
    )
    op.create_index("ix_inspection_attendees_inspection", "inspection_attendees", ["inspection_id"])

    op.create_table(
        "inspection_checklist_items",
        *_child("inspection_checklist_items"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("answer", sa.String(12), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
    )
    op.create_index("ix_inspection_checklist_items_inspection", "inspection_checklist_items", ["inspection_id"])

    op.create_table(
        "inspection_observations",
        *_child("inspection_observations"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(200), nullable=False),
        sa.Column("speaker_role", sa.String(120), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_inspection_observations_inspection", "inspection_observations", ["inspection_id"])

    op.create_table(
        "inspection_quantities",
        *_child("inspection_quantities"),
        sa.Column("boq_item_id", sa.String(36), nullable=True),
        sa.Column("item_label", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(20), nullable=False),
        sa.Column("quantity", sa.Numeric(18, 4), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_inspection_quantities_inspection", "inspection_quantities", ["inspection_id"])

    op.create_table(
        "inspection_amendments",
        *_child("inspection_amendments"),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("old_value", sa.JSON(), nullable=True),
        sa.Column("new_value", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(120), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
    )
    op.create_index("ix_inspection_amendments_inspection", "inspection_amendments", ["inspection_id"])

    op.create_table(
        "evidence_files",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("extension", sa.String(8), nullable=False),
        sa.Column("media_format", sa.String(10), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("alt", sa.Float(), nullable=True),
        sa.Column("taken_at", sa.String(32), nullable=True),
        sa.Column("taken_at_utc", UTCDateTime(), nullable=True),
        sa.Column("camera_make", sa.String(120), nullable=False),
        sa.Column("camera_model", sa.String(120), nullable=False),
        sa.Column("software", sa.String(200), nullable=False),
        sa.Column("orientation", sa.Integer(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("metadata_json", sa.JSON(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_evidence_files"),
    )

    op.create_table(
        "inspection_photos",
        *_child("inspection_photos"),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("original_name", sa.String(255), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("include_in_report", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("flag_details", sa.JSON(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=True),
        sa.Column("added_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["evidence_files.sha256"], name="fk_inspection_photos_sha256_evidence_files"),
        sa.UniqueConstraint("inspection_id", "sha256", name="uq_inspection_photos_inspection_sha256"),
    )
    op.create_index("ix_inspection_photos_sha256", "inspection_photos", ["sha256"])


def downgrade() -> None:
    for table in (
        "inspection_photos", "evidence_files", "inspection_amendments", "inspection_quantities",
        "inspection_observations", "inspection_checklist_items", "inspection_attendees", "inspections",
    ):
        op.drop_table(table)
