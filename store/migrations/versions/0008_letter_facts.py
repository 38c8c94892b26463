"""letter facts: the date of every document, and the deadline and costs of a 14-day letter, stored with it.

Before this revision the arrangement feature found a 14-day letter back by a regular expression over its text.
Existing documents get their letter date (the Amsterdam date of `created_at`); a document that the timeline flagged
as a 14-day letter (`document.generated` with `fourteen_day_letter: true`) gets the flag and its deadline by the
one 14-day term of this version. Its cost amount stays empty: the arrangement then uses the statutory scale over
the arrears on the letter date, as before.

Revision ID: 0008
Revises: 0007
"""
import datetime as dt
import json
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

from naarnul.calendar import fourteen_day_deadline

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def upgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("letter_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("fourteen_day_letter", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("cost_deadline", sa.Date(), nullable=True))
        batch.add_column(sa.Column("collection_costs_cents", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("principal_cents", sa.Integer(), nullable=True))

    bind = op.get_bind()
    flagged = set()
    for record_id, detail in bind.execute(sa.text(
            "SELECT record_id, detail FROM auditevent WHERE action = 'document.generated' "
            "AND record_type = 'document'")):
        try:
            if json.loads(detail or "{}").get("fourteen_day_letter") is True:
                flagged.add(str(record_id))
        except (ValueError, AttributeError):
            continue
    for document_id, created_at in list(bind.execute(sa.text("SELECT id, created_at FROM document"))):
        if isinstance(created_at, str):
            created_at = dt.datetime.fromisoformat(created_at)
        if created_at.tzinfo is None:
            created_at = created_at.replace(tzinfo=dt.timezone.utc)
        letter_date = created_at.astimezone(_AMSTERDAM).date()
        is_fourteen_day = str(document_id) in flagged
        bind.execute(sa.text("UPDATE document SET letter_date = :letter_date, fourteen_day_letter = :flag, "
                             "cost_deadline = :deadline WHERE id = :id"),
                     {"letter_date": letter_date, "flag": is_fourteen_day, "id": document_id,
                      "deadline": fourteen_day_deadline(letter_date) if is_fourteen_day else None})


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        for column in ("principal_cents", "collection_costs_cents", "cost_deadline", "fourteen_day_letter",
                       "letter_date"):
            batch.drop_column(column)
