"""office: the database role beside each change, and PostgreSQL announcing every change

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: The channel other desks LISTEN on (`cxdesk.db.watch`); the payload is the table's name.
CHANNEL = "cxdesk_changes"
_FUNCTION = f"""
CREATE OR REPLACE FUNCTION cxdesk_announce_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _tables() -> list[str]:
    names = sa.inspect(op.get_bind()).get_table_names()
    return sorted(name for name in names if name != "alembic_version")


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("role", sa.String(63), nullable=True))
    if bind.dialect.name != "postgresql":
        return  # one file on one laptop: other processes see changes through data_version
    # The server, not the desk, says who: the role the connection logged in as, on every insert
    # (an import's bulk rows included), and no desk can write another role's name.
    op.execute("ALTER TABLE audit ALTER COLUMN role SET DEFAULT current_user")
    op.execute(_FUNCTION)
    # Once per statement, not per row: a bulk import announces each table once, and a NOTIFY
    # is sent only when its transaction commits (a dry run, rolled back, announces nothing).
    for table in _tables():
        op.execute(
            f'CREATE TRIGGER cxdesk_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION cxdesk_announce_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _tables():
            op.execute(f'DROP TRIGGER IF EXISTS cxdesk_announce ON "{table}"')
        op.execute("DROP FUNCTION IF EXISTS cxdesk_announce_change()")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("role")
