"""liaison workflow: who handles a signal and when the municipality picked it up; the municipality's own contact
attempts (for the DDAS export).

Revision ID: 0011
Revises: 0009
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("picked_up_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_signal_assigned_to_id"), ["assigned_to_id"], unique=False)
        batch_op.create_foreign_key("fk_signal_assigned_to_id_user", "user", ["assigned_to_id"], ["id"])
    op.create_table(
        "municipalcontactattempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signal_id", sa.Integer(), nullable=False),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column("liaison_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("part_of_day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["liaison_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["signal_id"], ["signal.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("municipalcontactattempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_municipalcontactattempt_signal_id"), ["signal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_municipalcontactattempt_municipality_code"), ["municipality_code"],
                              unique=False)


def downgrade() -> None:
    op.drop_table("municipalcontactattempt")
    with op.batch_alter_table("signal", schema=None) as batch_op:
        batch_op.drop_constraint("fk_signal_assigned_to_id_user", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_signal_assigned_to_id"))
        batch_op.drop_column("picked_up_on")
        batch_op.drop_column("assigned_to_id")
