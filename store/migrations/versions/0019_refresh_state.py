"""refresh state: the day from which a tenancy's stored figures must be recomputed without any write (issue 14).

Additive: one new table, nothing existing changes. Empty after the upgrade: every tenancy with arrears or an open
case is recomputed by the next refresh, which fills it.

Revision ID: 0019
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refreshstate",
        sa.Column("tenancy_id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("recheck_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("tenancy_id"),
    )
    op.create_index("ix_refreshstate_landlord_id", "refreshstate", ["landlord_id"])


def downgrade() -> None:
    op.drop_index("ix_refreshstate_landlord_id", table_name="refreshstate")
    op.drop_table("refreshstate")
