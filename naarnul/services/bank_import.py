"""Use cases of importing a bank export: read its columns, preview what it would save, save the chosen rows.

Nothing is saved before `import_bank_rows`. A row that cannot be read is shown with its number and a Dutch reason
and skipped; it never blocks the rest of the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from naarnul import bank_import, ledger
from naarnul import tenancy as tenancy_rules
from naarnul.errors import NotFound, ValidationError
from naarnul.formatting import format_date, format_money
from naarnul.services.refresh import refresh_arrears
from naarnul.users import ActingUser
from store import audit
from store import payments as payment_store
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
    frame = bank_import.read_table(data, filename)
    columns = tuple(str(c) for c in frame.columns)
    return BankColumns(columns, bank_import.suggest_mapping(columns))


def _tenancy_refs(session, actor: ActingUser) -> tuple[list[bank_import.TenancyRef], dict[int, str]]:
    """What the matcher needs, for the landlord's tenancies (small: 1–50 homes per landlord typically)."""
    refs, labels = [], {}
    for tenancy, names in tenancy_store.matcher_rows(session, actor):
        assert tenancy.id is not None
        number = tenancy.house_number
        refs.append(bank_import.TenancyRef(
            id=tenancy.id, tenant_names=names, ibans=[i for i in tenancy.payer_ibans.split(",") if i],
            street=tenancy.street, house_number=int(number) if str(number).isdigit() else None,
            house_number_addition=tenancy.house_number_addition, references=[tenancy_rules.reference(tenancy.id)]))
        labels[tenancy.id] = f"{tenancy_store.address_line(tenancy)} – {', '.join(names)}"
    return refs, labels


def preview_bank_import(uow: UnitOfWork, actor: ActingUser, *, data: bytes, filename: str,
                        mapping: dict[str, str | None], today: dt.date) -> BankPreview:
    """Per readable row: the matched tenancy and why, and whether it is already in Naar Nul. A payment already in
    Naar Nul is recognised by its fingerprint (the same bank row in any file or layout), or, for the matched
    tenancy, by the same date and amount (typed in by hand, or exported from another account): that one is not
    selected, but may be. Nothing is saved."""
    tenancy_store.require_landlord(actor)
    parsed = bank_import.parse_file(bank_import.read_table(data, filename), mapping, today)
    rows = parsed.payments
    with uow:
        session = uow.session
        refs, _labels = _tenancy_refs(session, actor)
        known = payment_store.known_fingerprints(session, actor, [r.fingerprint for r in rows])
        stored = payment_store.stored_between(session, actor, min(r.paid_on for r in rows),
                                              max(r.paid_on for r in rows)) if rows else set()
    result = []
    for match in bank_import.match_rows(rows, refs):
        row = match.row
        duplicate = ""
        if row.fingerprint in known:
            duplicate = "Al eerder ingelezen."
        elif row.duplicate_in_file:
            duplicate = "Staat twee keer in dit bestand."
        elif (match.tenancy_id, row.paid_on, ledger.to_cents(row.amount)) in stored:
            duplicate = (f"Lijkt al vastgelegd: bij deze huurder staat al een betaling van {format_money(row.amount)} "
                         f"op {format_date(row.paid_on)}. Vink aan als het echt een tweede betaling is.")
        tenancy_id = match.tenancy_id if isinstance(match.tenancy_id, int) else None
        result.append(BankRow(
            row_number=row.row_number, paid_on=row.paid_on, amount=row.amount,
            counterparty_name=row.counterparty_name, tenancy_id=tenancy_id, reason=match.reason,
            duplicate=duplicate, already_imported=row.fingerprint in known,
            selected=tenancy_id is not None and not duplicate))
    return BankPreview(tuple(result), tuple(parsed.rejected))


def import_bank_rows(uow: UnitOfWork, actor: ActingUser, *, data: bytes, filename: str,
                     mapping: dict[str, str | None], selected: dict[int, int], today: dt.date) -> int:
    """Save the chosen rows ({row number: tenancy id}) in one transaction; rows already in Naar Nul are skipped, a
    tenancy that is not the landlord's is NotFound. Returns how many payments were saved."""
    tenancy_store.require_landlord(actor)
    rows = {r.row_number: r for r in bank_import.parse_file(bank_import.read_table(data, filename), mapping,
                                                            today).payments}
    problems = [f"Rij {n} staat niet (meer) in het bestand." for n in selected if n not in rows]
    if problems:
        raise ValidationError(problems)
    with uow:
        session = uow.session
        own = tenancy_store.lock_tenancies(session, actor, selected.values())
        if any(tenancy_id not in own for tenancy_id in selected.values()):
            raise NotFound(tenancy_rules.NOT_YOURS)
        known = payment_store.known_fingerprints(session, actor, [rows[n].fingerprint for n in selected])
        saved, touched, learned = 0, set(), {}  # type: ignore[var-annotated]
        for number, tenancy_id in sorted(selected.items()):
            row = rows[number]
            if row.fingerprint in known:
                continue
            known.add(row.fingerprint)
            description = " ".join(x for x in (row.counterparty_name, row.description) if x)
            payment_store.insert_payment(session, actor, tenancy_id, paid_on=row.paid_on, amount=row.amount,
                                         description=description[:tenancy_rules.DESCRIPTION_MAX], source="import",
                                         fingerprint=row.fingerprint)
            saved += 1
            touched.add(tenancy_id)
            if row.counterparty_iban:
                learned.setdefault(tenancy_id, set()).add(bank_import.iban_compact(row.counterparty_iban))
        tenancy_store.add_payer_ibans(session, actor, learned)
        if saved:
            audit.record(session, actor, "payments.imported", "payment", None, landlord_id=actor.id,
                         summary=tenancy_rules.summary(f"{saved} betaling(en) ingelezen uit {filename}"),
                         detail={"filename": filename, "rows": sorted(selected)})
            for tenancy_id in sorted(touched):
                case_id = tenancy_store.open_case_id(session, actor, tenancy_id)
                if case_id:
                    audit.record(session, actor, "payments.imported", "tenancy", tenancy_id, landlord_id=actor.id,
                                 case_id=case_id,
                                 summary=tenancy_rules.summary(f"Betalingen ingelezen uit het bankbestand {filename}"))
            refresh_arrears(session, actor, today, sorted(touched), force=True)
        uow.commit()
    return saved
