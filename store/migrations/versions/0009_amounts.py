"""amounts: every money column of tenancies, payments, rent periods and arrears months in cents as BIGINT, so no
amount overflows (on PostgreSQL an INTEGER stopped at € 21.474.836,47). SQLite's INTEGER is 64-bit already.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

COLUMNS = [("tenancy", "monthly_rent_cents"), ("tenancy", "arrears_cents"), ("rentperiod", "monthly_rent_cents"),
           ("payment", "amount_cents"), ("arrearsmonth", "arrears_cents")]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in COLUMNS:
        op.alter_column(table, column, type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=False)
