"""papers out and back: the outbox of e-mails, and the signed documents received

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_NEW = ("outbox", "signed_papers")


def upgrade() -> None:
    # Each message waits here until the SMTP server has taken it: offline, it stays.
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=True),
        sa.Column("exchange_uid", sa.String(length=36), nullable=True),
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=400), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attachment_name", sa.String(length=300), nullable=True),
        sa.Column("attachment_sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_uid"], ["exchanges.uid"], name=op.f("fk_outbox_exchange_uid_exchanges")
        ),
        sa.ForeignKeyConstraint(
            ["attachment_sha256"], ["blobs.sha256"], name=op.f("fk_outbox_attachment_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.create_index(batch.f("ix_outbox_status"), ["status"], unique=False)
        batch.create_index(batch.f("ix_outbox_exchange_uid"), ["exchange_uid"], unique=False)
    # A document came back signed: its bytes (in blobs) and who signed it, as verified.
    op.create_table(
        "signed_papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_uid", sa.String(length=36), nullable=False),
        sa.Column("document", sa.String(length=20), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("received_by", sa.String(length=120), nullable=True),
        sa.Column("signers", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["exchange_uid"],
            ["exchanges.uid"],
            name=op.f("fk_signed_papers_exchange_uid_exchanges"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_signed_papers_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_papers")),
    )
    with op.batch_alter_table("signed_papers") as batch:
        batch.create_index(batch.f("ix_signed_papers_exchange_uid"), ["exchange_uid"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Other desks see these changes live too (migration 0007's announcement).
        for table in _NEW:
            op.execute(
                f"CREATE TRIGGER cxdesk_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION cxdesk_announce_change()'
            )


def downgrade() -> None:
    op.drop_table("signed_papers")
    op.drop_table("outbox")
