"""refresh state: the day from which a tenancy's stored figures must be recomputed without any write (issue 14),
and the index the liaison's inbox pages with.

Additive: one new table and one index, nothing existing changes. Empty after the upgrade: every tenancy with arrears or an open
case is recomputed by the next refresh, which fills it.

Revision ID: 0019
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
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
    op.create_index("ix_signal_inbox", "signal", ["municipality_code", "status", "sent_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_signal_inbox", table_name="signal")
    op.drop_index("ix_refreshstate_landlord_id", table_name="refreshstate")
    op.drop_table("refreshstate")
