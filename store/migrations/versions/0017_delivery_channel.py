"""delivery channel: how each municipality receives signals, and how each signal reached it (issue 11).

Additive: two new tables. Every existing signal gets its delivery row: "portal", delivered on its date, when its
municipality has an active liaison account; otherwise "unknown" and not delivered, so the landlord sees it is still
waiting (before this revision such a signal was called "verstuurd" and nobody saw it).

Revision ID: 0017
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "municipalitysignalchannel",
        sa.Column("municipality_code", sa.String(length=6), sa.ForeignKey("municipality.code"), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.PrimaryKeyConstraint("municipality_code"),
    )
    op.create_table(
        "signaldelivery",
        sa.Column("signal_id", sa.Integer(), sa.ForeignKey("signal.id"), nullable=False),
        sa.Column("landlord_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("municipality_code", sa.String(length=6), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("signal_id"),
    )
    op.create_index("ix_signaldelivery_landlord_id", "signaldelivery", ["landlord_id"])
    op.create_index("ix_signaldelivery_case_id", "signaldelivery", ["case_id"])
    op.create_index("ix_signaldelivery_municipality_code", "signaldelivery", ["municipality_code"])
    op.create_index("ix_signaldelivery_delivered_on", "signaldelivery", ["delivered_on"])
    liaison = ('EXISTS (SELECT 1 FROM "user" u WHERE u.role = \'liaison\' AND u.active = :yes '
               "AND u.municipality_code = s.municipality_code)")
    op.get_bind().execute(sa.text(
        "INSERT INTO signaldelivery (signal_id, landlord_id, case_id, municipality_code, channel, address, "
        f"delivered_on) SELECT s.id, s.landlord_id, s.case_id, s.municipality_code, "
        f"CASE WHEN {liaison} THEN 'portal' ELSE 'unknown' END, '', "
        f"CASE WHEN {liaison} THEN s.sent_on ELSE NULL END FROM signal s"), {"yes": True})


def downgrade() -> None:
    op.drop_index("ix_signaldelivery_delivered_on", table_name="signaldelivery")
    op.drop_index("ix_signaldelivery_municipality_code", table_name="signaldelivery")
    op.drop_index("ix_signaldelivery_case_id", table_name="signaldelivery")
    op.drop_index("ix_signaldelivery_landlord_id", table_name="signaldelivery")
    op.drop_table("signaldelivery")
    op.drop_table("municipalitysignalchannel")
