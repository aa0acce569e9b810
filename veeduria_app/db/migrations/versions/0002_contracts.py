"""Contracts, modifications, payments, budget, bill of quantities, imports (issue 3).

Revision ID: 0002_contracts
Revises: 0001_foundation
"""
import sqlalchemy as sa
from alembic import op

from veeduria_app.db.base import UTCDateTime

revision = "0002_contracts"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(18, 2)


def _record_columns() -> list:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _child_columns(table: str) -> list:
    """contract_id + provenance columns shared by every table hanging from a contract."""
    return [
        sa.Column("source_id", sa.String(200), nullable=True),
        sa.Column("source_import_id", sa.String(36), nullable=True),
        sa.Column("typed_by", sa.String(120), nullable=True),
        sa.Column("contract_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(["source_import_id"], ["import_records.id"],
                                name=f"fk_{table}_source_import_id_import_records"),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=f"fk_{table}_contract_id_contracts"),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def upgrade() -> None:
    op.create_table(
        "import_records",
        *_record_columns(),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(40), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.String(120), nullable=False),
        sa.Column("read_count", sa.Integer(), nullable=False),
        sa.Column("created_count", sa.Integer(), nullable=False),
        sa.Column("updated_count", sa.Integer(), nullable=False),
        sa.Column("unchanged_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.JSON(), nullable=True),
        sa.Column("work_id", sa.String(36), nullable=True),
        sa.Column("contract_id", sa.String(36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_import_records"),
    )
    op.create_index("ix_import_records_sha256", "import_records", ["sha256"])
    op.create_table(
        "contracts",
        *_record_columns(),
        sa.Column("source_key", sa.String(200), nullable=True),
        sa.Column("secop_id", sa.String(60), nullable=True),
        sa.Column("process_id", sa.String(120), nullable=True),
        sa.Column("number", sa.String(200), nullable=True),
        sa.Column("url", sa.String(500), nullable=True),
        sa.Column("entity", sa.String(300), nullable=True),
        sa.Column("entity_nit", sa.String(30), nullable=True),
        sa.Column("contractor", sa.String(500), nullable=True),
        sa.Column("contractor_id", sa.String(40), nullable=True),
        sa.Column("contractor_id_type", sa.String(60), nullable=True),
        sa.Column("object", sa.Text(), nullable=True),
        sa.Column("modality", sa.String(200), nullable=True),
        sa.Column("contract_type", sa.String(120), nullable=True),
        sa.Column("initial_value", MONEY, nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("advance_value", MONEY, nullable=True),
        sa.Column("signed_date", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("termination_date", sa.Date(), nullable=True),
        sa.Column("liquidation_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(120), nullable=True),
        sa.Column("supervisor", sa.String(300), nullable=True),
        sa.Column("supervision_kind", sa.String(20), nullable=True),
        sa.Column("funding_sources", sa.String(300), nullable=True),
        sa.Column("bpin", sa.String(40), nullable=True),
        sa.Column("city", sa.String(120), nullable=True),
        sa.Column("reported_paid_value", MONEY, nullable=True),
        sa.Column("reported_invoiced_value", MONEY, nullable=True),
        sa.Column("reported_added_days", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("source_import_id", sa.String(36), nullable=True),
        sa.Column("typed_by", sa.String(120), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["source_import_id"], ["import_records.id"],
                                name="fk_contracts_source_import_id_import_records"),
        sa.PrimaryKeyConstraint("id", name="pk_contracts"),
        sa.UniqueConstraint("source_key", name="uq_contracts_source_key"),
    )
    op.create_index("ix_contracts_secop_id", "contracts", ["secop_id"])
    op.create_index("ix_contracts_process_id", "contracts", ["process_id"])
    op.create_index("ix_contracts_number", "contracts", ["number"])
    op.create_index("ix_contracts_bpin", "contracts", ["bpin"])
    op.create_index("ix_contracts_signed_date", "contracts", ["signed_date"])
    op.create_table(
        "contract_works",
        *_record_columns(),
        sa.Column("contract_id", sa.String(36), nullable=False),
        sa.Column("work_id", sa.String(36), nullable=False),
        sa.Column("linked_by", sa.String(120), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name="fk_contract_works_contract_id_contracts"),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name="fk_contract_works_work_id_works"),
        sa.PrimaryKeyConstraint("id", name="pk_contract_works"),
        sa.UniqueConstraint("contract_id", "work_id", name="uq_contract_works_contract_work"),
    )
    op.create_index("ix_contract_works_work", "contract_works", ["work_id"])
    op.create_table(
        "contract_modifications",
        *_record_columns(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("value_change", MONEY, nullable=True),
        sa.Column("days_change", sa.Integer(), nullable=True),
        sa.Column("new_end_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("act_number", sa.String(120), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        *_child_columns("contract_modifications"),
    )
    op.create_index("ix_contract_modifications_contract", "contract_modifications", ["contract_id"])
    op.create_table(
        "payments",
        *_record_columns(),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("document", sa.String(500), nullable=True),
        *_child_columns("payments"),
    )
    op.create_index("ix_payments_contract", "payments", ["contract_id"])
    op.create_table(
        "budget_allocations",
        *_record_columns(),
        sa.Column("vigencia", sa.Integer(), nullable=True),
        sa.Column("rubro", sa.String(300), nullable=True),
        sa.Column("funding_source", sa.String(30), nullable=False),
        sa.Column("amount", MONEY, nullable=True),
        sa.Column("cdp_number", sa.String(60), nullable=True),
        sa.Column("cdp_amount", MONEY, nullable=True),
        sa.Column("rp_number", sa.String(60), nullable=True),
        sa.Column("rp_amount", MONEY, nullable=True),
        sa.Column("description", sa.String(300), nullable=True),
        *_child_columns("budget_allocations"),
    )
    op.create_index("ix_budget_allocations_contract", "budget_allocations", ["contract_id"])
    op.create_table(
        "boq_items",
        *_record_columns(),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(30), nullable=True),
        sa.Column("quantity", sa.Numeric(18, 4), nullable=True),
        sa.Column("unit_price", MONEY, nullable=True),
        sa.Column("total", MONEY, nullable=True),
        sa.Column("chapter", sa.String(300), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        *_child_columns("boq_items"),
        sa.UniqueConstraint("contract_id", "code", name="uq_boq_items_contract_code"),
    )
    op.create_table(
        "schedule_points",
        *_record_columns(),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("planned_percent", sa.Numeric(5, 2), nullable=False),
        *_child_columns("schedule_points"),
        sa.UniqueConstraint("contract_id", "date", name="uq_schedule_points_contract_date"),
    )
    op.create_table(
        "progress_reports",
        *_record_columns(),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("planned_percent", sa.Numeric(5, 2), nullable=True),
        sa.Column("actual_percent", sa.Numeric(5, 2), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        *_child_columns("progress_reports"),
    )
    op.create_index("ix_progress_reports_contract", "progress_reports", ["contract_id"])


def downgrade() -> None:
    for table in ("progress_reports", "schedule_points", "boq_items", "budget_allocations", "payments",
                  "contract_modifications", "contract_works", "contracts", "import_records"):
        op.drop_table(table)
