"""rent history: a tenancy's rent per period, effective from a date; one save per form submission.

Fills one period per existing tenancy from its current rent, effective from the tenancy's start.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rentperiod",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenancy_id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("monthly_rent_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["landlord_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["tenancy_id"], ["tenancy.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("tenancy_id", "effective_from", name="uq_rentperiod_tenancy_from"),
    )
    with op.batch_alter_table("rentperiod", schema=None) as batch_op:
        batch_op.create_index("ix_rentperiod_tenancy_id", ["tenancy_id"], unique=False)
        batch_op.create_index("ix_rentperiod_landlord_id", ["landlord_id"], unique=False)
    op.execute("INSERT INTO rentperiod (tenancy_id, landlord_id, effective_from, monthly_rent_cents) "
               "SELECT id, landlord_id, start_date, monthly_rent_cents FROM tenancy")
    with op.batch_alter_table("tenancy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_token", sa.String(length=64), nullable=True))
        batch_op.create_index("uq_tenancy_submission", ["landlord_id", "submission_token"], unique=True)
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_token", sa.String(length=64), nullable=True))
        batch_op.create_index("uq_payment_submission", ["landlord_id", "submission_token"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("uq_payment_submission")
        batch_op.drop_column("submission_token")
    with op.batch_alter_table("tenancy", schema=None) as batch_op:
        batch_op.drop_index("uq_tenancy_submission")
        batch_op.drop_column("submission_token")
    with op.batch_alter_table("rentperiod", schema=None) as batch_op:
        batch_op.drop_index("ix_rentperiod_landlord_id")
        batch_op.drop_index("ix_rentperiod_tenancy_id")
    op.drop_table("rentperiod")
