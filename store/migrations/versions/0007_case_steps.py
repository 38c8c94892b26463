"""case steps: evidence (uploaded copy or reason) of a written reminder recorded well after its date.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa  # noqa: F401
import sqlmodel  # noqa: F401
from alembic import op  # noqa: F401

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_evidence_document_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminder_evidence_reason", sa.String(length=500), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("reminder_evidence_reason")
        batch_op.drop_column("reminder_evidence_document_id")
