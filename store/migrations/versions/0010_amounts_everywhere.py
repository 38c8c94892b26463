"""amounts everywhere: the cents columns 0009 left as INTEGER (signal arrears, a letter's costs and principal, an
arrangement's total and costs, the protected-income norm) become BIGINT, so no amount overflows on PostgreSQL.
SQLite's INTEGER is 64-bit already.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# (table, column, nullable)
COLUMNS = [("signal", "arrears_cents", False), ("document", "collection_costs_cents", True),
           ("document", "principal_cents", True), ("arrangement", "total_cents", False),
           ("arrangement", "costs_cents", False), ("protectedincomenorm", "amount_cents", False)]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=nullable)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=nullable)
