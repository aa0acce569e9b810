"""Foundation: veeduría profile, members, works, impediment declarations, settings, audit log.

Revision ID: 0001_foundation
Revises:
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0001_foundation"
down_revision = None
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
        "veeduria_profile",
        *_record_columns(),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("registration_body", sa.String(40), nullable=False),
        sa.Column("registration_number", sa.String(80), nullable=False),
        sa.Column("registration_date", sa.Date(), nullable=True),
        sa.Column("nit", sa.String(20), nullable=True),
        sa.Column("objeto_vigilancia", sa.Text(), nullable=False),
        sa.Column("territorial_level", sa.String(40), nullable=False),
        sa.Column("duration", sa.String(120), nullable=False),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column("city", sa.String(120), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_veeduria_profile"),
    )
    op.create_table(
        "members",
        *_record_columns(),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("document_type", sa.String(10), nullable=False),
        sa.Column("document_number", sa.String(20), nullable=False),
        sa.Column("role", sa.String(80), nullable=False),
        sa.Column("phone", sa.String(60), nullable=False),
        sa.Column("email", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_members"),
    )
    op.create_table(
        "works",
        *_record_columns(),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("bpin", sa.String(40), nullable=False),
        sa.Column("plan_programme", sa.String(300), nullable=False),
        sa.Column("population_served", sa.Integer(), nullable=True),
        sa.Column("population_groups", sa.String(300), nullable=False),
        sa.Column("localidad", sa.String(120), nullable=False),
        sa.Column("ucg", sa.String(120), nullable=False),
        sa.Column("barrio", sa.String(160), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("radius_m", sa.Integer(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("archived_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_works"),
    )
    op.create_index("ix_works_localidad", "works", ["localidad"])
    op.create_index("ix_works_status", "works", ["status"])
    op.create_index("ix_works_archived", "works", ["archived"])
    op.create_table(
        "impediment_declarations",
        *_record_columns(),
        sa.Column("member_id", sa.String(36), nullable=False),
        sa.Column("work_id", sa.String(36), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("has_impediment", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name="fk_impediment_declarations_member_id_members"),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_impediment_declarations_work_id_works"),
        sa.PrimaryKeyConstraint("id", name="pk_impediment_declarations"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity_type", sa.String(60), nullable=False),
        sa.Column("entity_id", sa.String(80), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("old_values", sa.JSON(), nullable=True),
        sa.Column("new_values", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_entity", "audit_log", ["entity_type", "entity_id"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])


def downgrade() -> None:
    for table in ("audit_log", "settings", "impediment_declarations", "works", "members", "veeduria_profile"):
        op.drop_table(table)
