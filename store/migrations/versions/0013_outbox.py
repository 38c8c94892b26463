"""outbox: e-mail queued by a use case and sent by `naarnul notify`, and each user's e-mail preferences (issue 12).

Additive: two new tables, nothing existing changes.

Revision ID: 0013
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outboxmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("landlord_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=True),
        sa.Column("recipients", sa.String(length=1000), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(), nullable=False),
        sa.Column("claim_token", sa.String(length=40), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("send_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),
    )
    op.create_index("ix_outboxmessage_landlord_id", "outboxmessage", ["landlord_id"])
    op.create_index("ix_outboxmessage_case_id", "outboxmessage", ["case_id"])
    op.create_index("ix_outboxmessage_status", "outboxmessage", ["status"])
    op.create_table(
        "mailpreference",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
        sa.Column("signal_alerts", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("mailpreference")
    op.drop_index("ix_outboxmessage_status", table_name="outboxmessage")
    op.drop_index("ix_outboxmessage_case_id", table_name="outboxmessage")
    op.drop_index("ix_outboxmessage_landlord_id", table_name="outboxmessage")
    op.drop_table("outboxmessage")
