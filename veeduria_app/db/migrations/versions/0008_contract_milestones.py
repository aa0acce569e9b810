"""Contract milestones from OCDS/OC4IDS (issue 3) and archiving of budget allocations.

`contract_milestones` keeps `contracts[].milestones`, `contracts[].implementation.milestones`
and OC4IDS `contractingProcesses[].summary.milestones`, matched on re-import by
(`contract_id`, `source_id`) like every other child of a contract. `budget_allocations.archived`
lets a user remove an allocation without deleting it: the removal travels in data packages and a
re-import does not bring it back.

Revision ID: 0008_contract_milestones
Revises: 0007_petitions
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0008_contract_milestones"
down_revision = "0007_petitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contract_milestones",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(20), nullable=False),
        sa.Column("title", sa.String(500), nullable=True),
        sa.Column("milestone_type", sa.String(60), nullable=True),
        sa.Column("status", sa.String(30), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("date_met", sa.Date(), nullable=True),
        sa.Column("date_modified", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("value", sa.Numeric(18, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("source_id", sa.String(200), nullable=True),
        sa.Column("source_import_id", sa.String(36), nullable=True),
        sa.Column("typed_by", sa.String(120), nullable=True),
        sa.Column("contract_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(["source_import_id"], ["import_records.id"],
                                name="fk_contract_milestones_source_import_id_import_records"),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name="fk_contract_milestones_contract_id_contracts"),
        sa.PrimaryKeyConstraint("id", name="pk_contract_milestones"),
    )
    op.create_index("ix_contract_milestones_contract", "contract_milestones", ["contract_id"])
    with op.batch_alter_table("budget_allocations") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("budget_allocations") as batch:
        batch.drop_column("archived")
    op.drop_index("ix_contract_milestones_contract", table_name="contract_milestones")
    op.drop_table("contract_milestones")
