"""form questions: the admin's extra questions on the landlord's case forms and the answers per case (issue 16).

Additive: two new tables, nothing existing changes.

Revision ID: 0015
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "formquestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=30), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("help", sa.String(length=500), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_formquestion_key"),
    )
    op.create_index("ix_formquestion_form", "formquestion", ["form"])
    op.create_table(
        "formanswer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("case_id", sa.Integer(), sa.ForeignKey("case.id"), nullable=False),
        sa.Column("form", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "key", name="uq_formanswer_case_key"),
    )
    op.create_index("ix_formanswer_landlord_id", "formanswer", ["landlord_id"])
    op.create_index("ix_formanswer_case_id", "formanswer", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_formanswer_case_id", table_name="formanswer")
    op.drop_index("ix_formanswer_landlord_id", table_name="formanswer")
    op.drop_table("formanswer")
    op.drop_index("ix_formquestion_form", table_name="formquestion")
    op.drop_table("formquestion")
