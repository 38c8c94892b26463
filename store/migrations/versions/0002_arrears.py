"""arrears: per-month arrears for the "Vandaag" chart, and indexes for the per-landlord lists.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arrearsmonth",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("tenancy_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("arrears_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["landlord_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["tenancy_id"], ["tenancy.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("arrearsmonth", schema=None) as batch_op:
        batch_op.create_index("ix_arrearsmonth_landlord_month", ["landlord_id", "month"], unique=False)
        batch_op.create_index("ix_arrearsmonth_tenancy_id", ["tenancy_id"], unique=False)
    with op.batch_alter_table("tenancy", schema=None) as batch_op:
        batch_op.create_index("ix_tenancy_landlord_asof", ["landlord_id", "arrears_as_of"], unique=False)
        batch_op.create_index("ix_tenancy_landlord_arrears", ["landlord_id", "arrears_cents"], unique=False)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index("ix_case_landlord_status_due", ["landlord_id", "status", "next_due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_landlord_status_due")
    with op.batch_alter_table("tenancy", schema=None) as batch_op:
        batch_op.drop_index("ix_tenancy_landlord_arrears")
        batch_op.drop_index("ix_tenancy_landlord_asof")
    with op.batch_alter_table("arrearsmonth", schema=None) as batch_op:
        batch_op.drop_index("ix_arrearsmonth_tenancy_id")
        batch_op.drop_index("ix_arrearsmonth_landlord_month")
    op.drop_table("arrearsmonth")
