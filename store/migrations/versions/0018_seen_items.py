"""seen items: which items of the landlord's to-do list ("Vandaag") a user has seen, so new ones can be marked
"nieuw" (issue 12). A mark is written only by an explicit action (opening the item or "Gezien"), never by a render.

Additive: one new table, nothing existing changes.

Revision ID: 0018
Revises: 0013
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seenitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "item_key", name="uq_seenitem_user_key"),
    )
    with op.batch_alter_table("seenitem", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seenitem_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("seenitem", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seenitem_user_id"))
    op.drop_table("seenitem")
