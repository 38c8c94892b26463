"""Use cases of importing a bank export: read its columns, preview what it would save, save the chosen rows.

Nothing is saved before `import_bank_rows`. A row that cannot be read is shown with its number and a Dutch reason
and skipped; it never blocks the rest of the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from naarnul import bank_import
from naarnul.users import ActingUser
from store import tenancies as tenancy_store
from store.unit_of_work import UnitOfWork

ROLES = bank_import.ROLES
ROLE_LABELS = bank_import.ROLE_LABELS


@dataclass(frozen=True)
class BankColumns:
    columns: tuple[str, ...]
    suggested: dict[str, str | None]  # role → column (see naarnul.bank_import.ROLES)


@dataclass(frozen=True)
class BankRow:
    row_number: int
    paid_on: dt.date
    amount: Decimal
    counterparty_name: str
    tenancy_id: int | None  # the matched tenancy, or None
    reason: str  # Dutch: why this tenancy (or why none)
    duplicate: str  # Dutch: why it is not selected ("Al eerder ingelezen." …), "" when new
    already_imported: bool  # the same bank row is in Naar Nul: it cannot be saved again
    selected: bool  # matched and new


@dataclass(frozen=True)
class BankPreview:
    rows: tuple[BankRow, ...]
    rejected: tuple[bank_import.RejectedRow, ...]  # unreadable rows, skipped


def read_bank_columns(*, data: bytes, filename: str) -> BankColumns:
    columns, suggested = tenancy_store.read_columns(data, filename)
    return BankColumns(tuple(columns), suggested)


def preview_bank_import(uow: UnitOfWork, actor: ActingUser, *, data: bytes, filename: str,
                        mapping: dict[str, str | None], today: dt.date) -> BankPreview:
    with uow:
        preview = tenancy_store.preview_import_file(uow.session, actor, data, filename, mapping, today)
    return BankPreview(tuple(BankRow(
        row_number=r["row_number"], paid_on=r["paid_on"], amount=r["amount"],
        counterparty_name=r["counterparty_name"], tenancy_id=r["tenancy_id"], reason=r["reason"],
        duplicate=r["duplicate"], already_imported=r["already_imported"], selected=r["selected"])
        for r in preview.rows), tuple(preview.rejected))


def import_bank_rows(uow: UnitOfWork, actor: ActingUser, *, data: bytes, filename: str,
                     mapping: dict[str, str | None], selected: dict[int, int], today: dt.date) -> int:
    """Save the chosen rows ({row number: tenancy id}); rows already in Naar Nul are skipped. Returns how many
    payments were saved."""
    with uow:
        count = tenancy_store.confirm_import(uow.session, actor, data, filename, mapping, today, selected)
        uow.commit()
    return count
