"""custom solutions: a deferral of payment, a temporary rent reduction or a waived rent increase next to the payment
arrangement (issue 11).

Additive: one new table, nothing existing changes.

Revision ID: 0016
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customsolution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("tenancy_id", sa.Integer(), sa.ForeignKey("tenancy.id"), nullable=False),
        sa.Column("landlord_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("increase_from", sa.Date(), nullable=True),
        sa.Column("months", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_customsolution_case_id", "customsolution", ["case_id"])
    op.create_index("ix_customsolution_tenancy_id", "customsolution", ["tenancy_id"])
    op.create_index("ix_customsolution_landlord_id", "customsolution", ["landlord_id"])


def downgrade() -> None:
    op.drop_index("ix_customsolution_landlord_id", table_name="customsolution")
    op.drop_index("ix_customsolution_tenancy_id", table_name="customsolution")
    op.drop_index("ix_customsolution_case_id", table_name="customsolution")
    op.drop_table("customsolution")
