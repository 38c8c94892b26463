"""Use cases of the landlord's tenancies and payments: register, change, end and remove a tenancy; record, list and
delete a payment. One public function per use case, one transaction each (see naarnul/services/__init__.py).

A save that a form may send twice (a double click) takes the form's `submission_token`: the same token again
returns what the first one made instead of a twin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from naarnul import ledger
from naarnul import tenancy as tenancy_rules
from naarnul.formatting import format_date, format_money
from naarnul.ledger import RentPeriod
from naarnul.services.refresh import refresh_arrears
from naarnul.users import ActingUser
from store import audit
from store import municipalities as municipality_store
from store import payments as payment_store
from store import tenancies as tenancy_store
from store.models import Payment, Tenancy
from store.unit_of_work import UnitOfWork

SALUTATIONS = tenancy_rules.SALUTATIONS  # {key: Dutch label} for the form
PHONE_MAX, EMAIL_MAX = tenancy_rules.PHONE_MAX, tenancy_rules.EMAIL_MAX


# --- views ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TenancyRow:
    id: int
    reference: str  # NN-0001: the payment reference for the tenant
    address: str
    tenant_names: str
    monthly_rent: Decimal
    due_day: int
    arrears: Decimal
    arrears_months: int
    end_date: dt.date | None


@dataclass(frozen=True)
class TenancyPage:
    rows: tuple[TenancyRow, ...]
    total: int


@dataclass(frozen=True)
class TenanciesPage:
    """Everything the Huurders page shows in one run, read in one transaction."""

    municipalities: dict[str, str]  # {CBS code: "'s-Gravenhage (Den Haag)"} for the form's picker
    has_tenancies: bool
    listed: TenancyPage  # one page of the overview
    page: int  # the page of the overview shown (1 when the one asked for is past the end)
    choices: dict[int, str]  # the tenancies the change picker offers (at most CHOICES_LIMIT, plus the chosen one)
    more_choices: bool  # more tenancies match than the picker offers: type to search
    form: TenancyForm | None  # the chosen tenancy's edit form


@dataclass(frozen=True)
class TenantForm:
    name: str
    salutation: str
    phone: str
    email: str


@dataclass(frozen=True)
class TenancyForm:
    """What the edit form shows."""

    id: int
    street: str
    house_number: str
    house_number_addition: str
    postcode: str
    place: str
    municipality_code: str
    tenants: tuple[TenantForm, ...]
    monthly_rent: Decimal  # the rent as agreed from now on
    due_day: int
    start_date: dt.date
    end_date: dt.date | None
    tenant_is_company: bool
    payer_ibans: tuple[str, ...]
    rent_periods: tuple[RentPeriod, ...]  # oldest first


@dataclass(frozen=True)
class Registered:
    id: int
    reference: str


@dataclass(frozen=True)
class PaymentRow:
    id: int
    paid_on: dt.date
    amount: Decimal
    description: str
    imported: bool  # from a bank file (else typed in by hand)


# --- reading -------------------------------------------------------------------------------------------------------

def list_municipalities(uow: UnitOfWork) -> dict[str, str]:
    """{CBS code: "'s-Gravenhage (Den Haag)"} of the active municipalities, for the form's picker."""
    with uow.reading():
        return {m.code: m.name + (f" ({m.aliases})" if m.aliases else "")
                for m in municipality_store.list_all(uow.session)}


def list_tenancy_choices(uow: UnitOfWork, actor: ActingUser) -> dict[int, str]:
    """{tenancy id: "Kerkstraat 12, Utrecht – Jan de Vries"} of every tenancy, for pickers (a landlord with many:
    `show_payments`' bounded picker)."""
    with uow.reading():
        return tenancy_store.tenancy_choices(uow.session, actor)


PICKER_LIMIT = 50  # tenancies a picker offers at once; past this many, a search box narrows them


@dataclass(frozen=True)
class PaymentsView:
    """The "Betalingen" page's one-payment tab: a bounded picker, the tenancy chosen in it and its payments."""

    choices: dict[int, str]  # the first PICKER_LIMIT (+ the chosen one): {id: "Kerkstraat 12, Utrecht – Jan de Vries"}
    matches: int  # tenancies matching the search in all (all of them without a search)
    chosen: int | None  # the tenancy whose payments are shown: the one asked for if it matches, else the first
    payments: tuple[PaymentRow, ...]


def show_payments(uow: UnitOfWork, actor: ActingUser, *, search: str = "", tenancy_id: int | None = None,
                  limit: int = 50) -> PaymentsView:
    """The picker (bounded to PICKER_LIMIT, narrowed by `search` on street, postcode, place or a tenant's name) and
    the payments of the chosen tenancy (`limit` newest), in one read-only transaction."""
    with uow.reading():
        choices, matches = tenancy_store.tenancy_picker(uow.session, actor, search=search, chosen=tenancy_id,
                                                        limit=PICKER_LIMIT)
        chosen = tenancy_id if tenancy_id in choices else next(iter(choices), None)
        rows = payment_store.list_payments(uow.session, actor, chosen, limit=limit) if chosen is not None else []
        payments = tuple(PaymentRow(p.id, p.paid_on, ledger.from_cents(p.amount_cents), p.description,
                                    p.source == "import") for p in rows if p.id is not None)
    return PaymentsView(choices=choices, matches=matches, chosen=chosen, payments=payments)


def list_tenancies(uow: UnitOfWork, actor: ActingUser, *, search: str = "", only_arrears: bool = False,
                   limit: int = 25, offset: int = 0) -> TenancyPage:
    with uow.reading():
        rows, total = tenancy_store.list_tenancies(uow.session, actor, search=search, only_arrears=only_arrears,
                                                   limit=limit, offset=offset)
    return TenancyPage(tuple(TenancyRow(
        id=r["id"], reference=r["reference"], address=r["address"], tenant_names=r["tenant_names"],
        monthly_rent=r["monthly_rent"], due_day=r["due_day"], arrears=r["arrears"],
        arrears_months=r["arrears_months"], end_date=r["end_date"]) for r in rows), total)


CHOICES_LIMIT = PICKER_LIMIT  # the Huurders change picker: as many as the Betalingen picker; a search finds the others


def _form(values: dict, periods: list[RentPeriod]) -> TenancyForm:
    return TenancyForm(
        id=values["id"], street=values["street"], house_number=values["house_number"],
        house_number_addition=values["house_number_addition"], postcode=values["postcode"], place=values["place"],
        municipality_code=values["municipality_code"],
        tenants=tuple(TenantForm(t["name"], t["salutation"], t["phone"], t["email"]) for t in values["tenants"]),
        monthly_rent=values["monthly_rent"], due_day=values["due_day"], start_date=values["start_date"],
        end_date=values["end_date"], tenant_is_company=values["tenant_is_company"],
        payer_ibans=tuple(values["payer_ibans"]), rent_periods=tuple(periods))


def _row(tenancy: Tenancy, names: list[str]) -> TenancyRow:
    r = tenancy_store.tenancy_summary(tenancy, names)
    return TenancyRow(id=r["id"], reference=r["reference"], address=r["address"], tenant_names=r["tenant_names"],
                      monthly_rent=r["monthly_rent"], due_day=r["due_day"], arrears=r["arrears"],
                      arrears_months=r["arrears_months"], end_date=r["end_date"])


def tenancies_page(uow: UnitOfWork, actor: ActingUser, *, search: str = "", only_arrears: bool = False,
                   page: int = 1, page_size: int = 25, edit_search: str = "",
                   edit_tenancy_id: int | None = None) -> TenanciesPage:
    """The Huurders page in one read: the municipalities, one page of the overview (searched and paged in SQL),
    the change picker (at most CHOICES_LIMIT tenancies matching `edit_search`) and the edit form of the chosen
    tenancy (`edit_tenancy_id` when the picker offers it, else its first). A constant number of statements,
    whatever the number of tenancies."""
    with uow.reading():
        session = uow.session
        municipalities = {m.code: m.name + (f" ({m.aliases})" if m.aliases else "")
                          for m in municipality_store.list_all(session)}
        page = max(1, int(page))
        listed, total = tenancy_store.tenancy_page_rows(session, actor, search=search, only_arrears=only_arrears,
                                                        limit=page_size, offset=(page - 1) * page_size)
        if not listed and page > 1:  # past the end (the search found fewer): the first page
            page = 1
            listed, total = tenancy_store.tenancy_page_rows(session, actor, search=search,
                                                            only_arrears=only_arrears, limit=page_size)
        choices, matches = tenancy_store.tenancy_picker(session, actor, search=edit_search, chosen=edit_tenancy_id,
                                                        limit=CHOICES_LIMIT)
        chosen_id = edit_tenancy_id if edit_tenancy_id in choices else next(iter(choices), None)
        chosen = tenancy_store.get_tenancy(session, actor, chosen_id) if chosen_id is not None else None
        tenants = tenancy_store.tenants_by_tenancy(
            session, actor, [tenancy_store.id_of(t) for t in (*listed, *([chosen] if chosen else []))])
        form = None
        if chosen is not None and chosen_id is not None:
            periods = tenancy_store.periods_of(session, actor.id, [chosen_id]).get(chosen_id) or \
                [RentPeriod(chosen.start_date, ledger.from_cents(chosen.monthly_rent_cents))]
            form = _form(tenancy_store.form_values_of(chosen, tenants.get(chosen_id, [])), periods)
        if total or choices:
            has_tenancies = True
        elif not (search.strip() or only_arrears or edit_search.strip()):
            has_tenancies = False
        else:
            has_tenancies = tenancy_store.tenancy_picker(session, actor, limit=1)[1] > 0

        def names(t: Tenancy) -> list[str]:
            return [p.name for p in tenants.get(tenancy_store.id_of(t), [])]

        return TenanciesPage(
            municipalities=municipalities, has_tenancies=has_tenancies,
            listed=TenancyPage(tuple(_row(t, names(t)) for t in listed), total), page=page,
            choices=choices, more_choices=matches > len(choices), form=form)


def get_tenancy_form(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int) -> TenancyForm:
    with uow.reading():
        values = tenancy_store.tenancy_form_values(uow.session, actor, tenancy_id)
        periods = tenancy_store.rent_periods(uow.session, actor, tenancy_id)
    return _form(values, periods)


def list_payments(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, limit: int = 50) -> list[PaymentRow]:
    with uow.reading():
        tenancy_store.get_tenancy(uow.session, actor, tenancy_id)
        rows = payment_store.list_payments(uow.session, actor, tenancy_id, limit=limit)
        return [PaymentRow(p.id, p.paid_on, ledger.from_cents(p.amount_cents), p.description, p.source == "import")
                for p in rows if p.id is not None]


def refresh_figures(uow: UnitOfWork, actor: ActingUser, *, today: dt.date) -> int:
    """Bring the landlord's stale arrears snapshots up to `today` (an explicit refresh; idempotent). Returns how
    many tenancies were recomputed."""
    with uow:
        count = refresh_arrears(uow.session, actor, today)
        uow.commit()
    return count


# --- the compositions (one session, inside a use case's transaction) ----------------------------------------------

def create_tenancy(session: Session, actor: ActingUser, *, today: dt.date, submission_token: str | None = None,
                   **fields) -> Tenancy:
    """Register a tenancy with its tenants and first rent period and compute its arrears. Fields: street,
    house_number, house_number_addition, postcode, place, municipality_code, tenants (list of {name, salutation,
    phone, email}), monthly_rent (Decimal or Dutch text like "850,00"), due_day (1–28), start_date, end_date,
    tenant_is_company, payer_ibans. The same `submission_token` again (a double click) returns the first one."""
    tenancy_store.require_landlord(actor)
    token = tenancy_store.token(submission_token)
    existing = tenancy_store.tenancy_by_token(session, actor, token)
    if existing is not None:
        return existing
    clean = _clean(session, **fields)
    assert clean.lease is not None
    tenancy = tenancy_store.insert_tenancy(session, actor, clean, token)
    names = ", ".join(p["name"] for p in clean.tenants or [])
    audit.record(session, actor, "tenancy.created", "tenancy", tenancy.id, landlord_id=actor.id,
                 summary=tenancy_rules.summary(
                     f"Huurovereenkomst vastgelegd: {tenancy_store.address_line(tenancy)} ({names}), huur "
                     f"{format_money(clean.lease.monthly_rent)} per maand"))
    refresh_arrears(session, actor, today, [tenancy.id])  # type: ignore[list-item]
    return tenancy


def _clean(session: Session, **fields) -> tenancy_rules.CleanTenancy:
    return tenancy_rules.validate_tenancy(
        is_active_municipality=lambda code: tenancy_store.is_active_municipality(session, code), **fields)


def update_tenancy(session: Session, actor: ActingUser, tenancy_id: int, *, today: dt.date, **fields) -> Tenancy:
    """Change a tenancy and its tenants (same fields as create_tenancy, plus `rent_from`: the date a changed rent
    takes effect; charges that fell due before it keep their amount)."""
    tenancy = tenancy_store.get_tenancy(session, actor, tenancy_id, lock=True)
    clean = _clean(session, **fields)
    assert clean.lease is not None and tenancy.id is not None
    old = tenancy_store.rent_periods(session, actor, tenancy.id)
    periods = ledger.change_rent(old, start=clean.lease.start, end=clean.lease.end,
                                 new_rent=clean.lease.monthly_rent, rent_from=clean.rent_from, today=today)
    before = tenancy.model_dump(mode="json", exclude={"created_at"})
    tenancy_store.apply_fields(tenancy, clean)
    tenancy_store.replace_rent_periods(session, actor, tenancy, periods)
    tenancy_store.replace_tenants(session, actor, tenancy, clean.tenants or [])
    summary = f"Huurovereenkomst gewijzigd: {tenancy_store.address_line(tenancy)}"
    if [(p.effective_from, p.monthly_rent) for p in periods] != [(p.effective_from, p.monthly_rent) for p in old]:
        summary += (f"; huur {format_money(periods[-1].monthly_rent)} per maand vanaf "
                    f"{format_date(periods[-1].effective_from)}")
    audit.record(session, actor, "tenancy.updated", "tenancy", tenancy.id, landlord_id=actor.id,
                 case_id=tenancy_store.open_case_id(session, actor, tenancy.id),
                 summary=tenancy_rules.summary(summary),
                 detail={"before": before, "after": tenancy.model_dump(mode="json", exclude={"created_at"}),
                         "rent_periods": [[p.effective_from, str(p.monthly_rent)] for p in periods]})
    refresh_arrears(session, actor, today, [tenancy.id], force=True)
    return tenancy


def delete_tenancy(session: Session, actor: ActingUser, tenancy_id: int, *, today: dt.date) -> str:
    """Remove a tenancy registered by mistake with its tenants, payments and rent history; refused once a letter,
    signal or arrangement exists (evidence to keep). Returns the address that was removed."""
    tenancy = tenancy_store.get_tenancy(session, actor, tenancy_id, lock=True)
    documents, signals, arrangement = tenancy_store.evidence(session, actor, tenancy_id)
    tenancy_rules.check_removal(has_documents=documents, has_signals=signals, has_arrangement=arrangement)
    address = tenancy_store.address_line(tenancy)
    case_ids, payments = tenancy_store.delete_tenancy_rows(session, actor, tenancy)
    audit.record(session, actor, "tenancy.deleted", "tenancy", tenancy_id, landlord_id=actor.id,
                 summary=tenancy_rules.summary(f"Huurovereenkomst verwijderd (vastgelegd bij vergissing): {address}, "
                                               f"met {payments} betaling(en)"),
                 detail={"reference": tenancy_rules.reference(tenancy_id), "cases": case_ids})
    return address


def set_end_date(session: Session, actor: ActingUser, tenancy_id: int, end_date: dt.date, *,
                 today: dt.date) -> Tenancy:
    """The last day of the tenancy. Rent stops after it (the last month pro rata)."""
    tenancy = tenancy_store.get_tenancy(session, actor, tenancy_id, lock=True)
    assert tenancy.id is not None
    tenancy.end_date = tenancy_rules.check_end_date(end_date, tenancy.start_date)
    tenancy.arrears_as_of = None
    tenancy_store.save(session, tenancy)
    audit.record(session, actor, "tenancy.ended", "tenancy", tenancy.id, landlord_id=actor.id,
                 case_id=tenancy_store.open_case_id(session, actor, tenancy.id),
                 summary=tenancy_rules.summary(f"Huur beëindigd per {format_date(end_date)}: "
                                               f"{tenancy_store.address_line(tenancy)}"))
    refresh_arrears(session, actor, today, [tenancy.id], force=True)
    return tenancy


def add_payment(session: Session, actor: ActingUser, tenancy_id: int, *, paid_on, amount, today: dt.date,
                description: str = "", submission_token: str | None = None) -> Payment:
    """One payment typed in by hand (partial payments are fine): more than € 0, not in the future. The same
    `submission_token` again (a double click) returns the payment it already saved. The tenancy is locked first,
    so concurrent payments recompute its arrears one after the other."""
    tenancy = tenancy_store.get_tenancy(session, actor, tenancy_id, lock=True)
    assert tenancy.id is not None
    token = tenancy_store.token(submission_token)
    existing = payment_store.by_token(session, actor, token)
    if existing is not None:
        return existing
    checked = tenancy_rules.validate_payment_entry(paid_on=paid_on, amount=amount, description=description,
                                                   today=today)
    payment = payment_store.insert_payment(session, actor, tenancy.id, paid_on=checked.paid_on,
                                           amount=checked.amount, description=checked.description, source="manual",
                                           submission_token=token)
    audit.record(session, actor, "payment.added", "payment", payment.id, landlord_id=actor.id,
                 case_id=tenancy_store.open_case_id(session, actor, tenancy.id),
                 summary=f"Betaling vastgelegd: {format_money(checked.amount)} op {format_date(checked.paid_on)}")
    refresh_arrears(session, actor, today, [tenancy.id], force=True)
    return payment


def delete_payment_row(session: Session, actor: ActingUser, payment_id: int, *, today: dt.date) -> None:
    tenancy_store.require_landlord(actor)
    payment = payment_store.get_payment(session, actor, payment_id)
    tenancy_id = payment.tenancy_id
    tenancy_store.get_tenancy(session, actor, tenancy_id, lock=True)
    amount = ledger.from_cents(payment.amount_cents)
    audit.record(session, actor, "payment.deleted", "payment", payment.id, landlord_id=actor.id,
                 case_id=tenancy_store.open_case_id(session, actor, tenancy_id),
                 summary=f"Betaling verwijderd: {format_money(amount)} op {format_date(payment.paid_on)}",
                 detail={"paid_on": payment.paid_on, "amount_cents": payment.amount_cents,
                         "description": payment.description, "fingerprint": payment.fingerprint})
    payment_store.delete(session, payment)
    refresh_arrears(session, actor, today, [tenancy_id], force=True)


# --- use cases that change something -------------------------------------------------------------------------------

def register_tenancy(uow: UnitOfWork, actor: ActingUser, *, today: dt.date, submission_token: str | None = None,
                     street: str, house_number: str, house_number_addition: str = "", postcode: str, place: str,
                     municipality_code: str, tenants: list[dict], monthly_rent, due_day: int,
                     start_date: dt.date | None, end_date: dt.date | None = None, tenant_is_company: bool = False,
                     payer_ibans: str = "") -> Registered:
    """A new tenancy with its tenants and its first rent period; its arrears are computed at once."""
    with uow:
        tenancy = create_tenancy(
            uow.session, actor, today=today, submission_token=submission_token, street=street,
            house_number=house_number, house_number_addition=house_number_addition, postcode=postcode, place=place,
            municipality_code=municipality_code, tenants=tenants, monthly_rent=monthly_rent, due_day=due_day,
            start_date=start_date, end_date=end_date, tenant_is_company=tenant_is_company, payer_ibans=payer_ibans)
        assert tenancy.id is not None
        result = Registered(tenancy.id, tenancy_rules.reference(tenancy.id))
        uow.commit()
    return result


def change_tenancy(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, today: dt.date, rent_from: dt.date | None,
                   street: str, house_number: str, house_number_addition: str = "", postcode: str, place: str,
                   municipality_code: str, tenants: list[dict], monthly_rent, due_day: int,
                   start_date: dt.date | None, end_date: dt.date | None = None, tenant_is_company: bool = False,
                   payer_ibans: str = "") -> None:
    """Change a tenancy; a changed rent applies from `rent_from` (charges before it keep their amount)."""
    with uow:
        update_tenancy(
            uow.session, actor, tenancy_id, today=today, rent_from=rent_from, street=street,
            house_number=house_number, house_number_addition=house_number_addition, postcode=postcode, place=place,
            municipality_code=municipality_code, tenants=tenants, monthly_rent=monthly_rent, due_day=due_day,
            start_date=start_date, end_date=end_date, tenant_is_company=tenant_is_company, payer_ibans=payer_ibans)
        uow.commit()


def end_tenancy(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, end_date: dt.date, today: dt.date) -> None:
    with uow:
        set_end_date(uow.session, actor, tenancy_id, end_date, today=today)
        uow.commit()


def remove_tenancy(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, today: dt.date) -> str:
    """Remove a tenancy registered by mistake (refused once letters, signals or an arrangement exist); returns its
    address."""
    with uow:
        address = delete_tenancy(uow.session, actor, tenancy_id, today=today)
        uow.commit()
    return address


def record_payment(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, paid_on: dt.date | None, amount: str,
                   description: str = "", today: dt.date, submission_token: str | None = None) -> None:
    with uow:
        add_payment(uow.session, actor, tenancy_id, paid_on=paid_on, amount=amount, today=today,
                    description=description, submission_token=submission_token)
        uow.commit()


def delete_payment(uow: UnitOfWork, actor: ActingUser, *, payment_id: int, today: dt.date) -> None:
    with uow:
        delete_payment_row(uow.session, actor, payment_id, today=today)
        uow.commit()
