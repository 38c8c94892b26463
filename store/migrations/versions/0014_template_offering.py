"""templateoffering: where a template made on the builder page is offered, and the recorded confirmation of a
letter published despite wording errors (issue 16).

Additive: one new table, nothing existing changes.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "templateoffering",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_version_id", sa.Integer(), sa.ForeignKey("templateversion.id"), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("wording_errors", sa.Text(), nullable=False),
        sa.Column("wording_confirmed_by", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("wording_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_templateoffering_template_version_id", "templateoffering", ["template_version_id"],
                    unique=True)
    op.create_index("ix_templateoffering_name", "templateoffering", ["name"])


def downgrade() -> None:
    op.drop_index("ix_templateoffering_name", table_name="templateoffering")
    op.drop_index("ix_templateoffering_template_version_id", table_name="templateoffering")
    op.drop_table("templateoffering")
