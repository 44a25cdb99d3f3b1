"""closing an exchange: reports, evidence, bank details, commitments, SEPA batches

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:39:35.847523
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # What happens after the visit: the report, its evidence (bytes once, by hash), the bank
    # details (desk only), the commitment's content and the SEPA batches.
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "sepa_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=35), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("execution_date", sa.Date(), nullable=False),
        sa.Column("debtor_name", sa.String(length=140), nullable=False),
        sa.Column("debtor_iban", sa.String(length=34), nullable=False),
        sa.Column("debtor_bic", sa.String(length=11), nullable=True),
        sa.Column("file_name", sa.String(length=1000), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("bank_reference", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sepa_batches")),
        sa.UniqueConstraint("number", name=op.f("uq_sepa_batches_number")),
    )
    with op.batch_alter_table("sepa_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sepa_batches_status"), ["status"], unique=False)

    op.create_table(
        "bank_details",
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=True),
        sa.Column("account_holder", sa.String(length=200), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_bank_details_exchange_uid_exchanges")
        ),
        sa.PrimaryKeyConstraint("exchange_uid", name=op.f("pk_bank_details")),
    )
    op.create_table(
        "commitments",
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("goals", sa.Text(), nullable=True),
        sa.Column("objectives", sa.Text(), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_commitments_exchange_uid_exchanges")
        ),
        sa.PrimaryKeyConstraint("exchange_uid", name=op.f("pk_commitments")),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_evidence_exchange_uid_exchanges")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_evidence_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint(
            "exchange_uid", "kind", "sha256", name=op.f("uq_evidence_exchange_uid")
        ),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evidence_exchange_uid"), ["exchange_uid"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_evidence_sha256"), ["sha256"], unique=False)

    op.create_table(
        "reports",
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column("activities", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("amount_due", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("reduction_reason", sa.String(length=400), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("platform_id", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("dirty", sa.Boolean(), nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_reports_exchange_uid_exchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("exchange_uid", name=op.f("uq_reports_exchange_uid")),
        sa.UniqueConstraint("uid", name=op.f("uq_reports_uid")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_dirty"), ["dirty"], unique=False)

    op.create_table(
        "sepa_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["sepa_batches.id"], name=op.f("fk_sepa_items_batch_id_sepa_batches")
        ),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_sepa_items_exchange_uid_exchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sepa_items")),
        sa.UniqueConstraint("batch_id", "exchange_uid", name=op.f("uq_sepa_items_batch_id")),
    )
    with op.batch_alter_table("sepa_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sepa_items_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sepa_items_exchange_uid"), ["exchange_uid"], unique=False
        )

    op.create_table(
        "waivers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_waivers_exchange_uid_exchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waivers")),
        sa.UniqueConstraint("exchange_uid", "kind", name=op.f("uq_waivers_exchange_uid")),
    )
    with op.batch_alter_table("waivers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waivers_exchange_uid"), ["exchange_uid"], unique=False)


def downgrade() -> None:
    for table in (
        "waivers",
        "sepa_items",
        "reports",
        "evidence",
        "commitments",
        "bank_details",
        "sepa_batches",
        "blobs",
    ):
        op.drop_table(table)
