"""Use cases of the landlord's tenancies and payments: register, change, end and remove a tenancy; record, list and
delete a payment. One public function per use case, one transaction each (see naarnul/services/__init__.py).

A save that a form may send twice (a double click) takes the form's `submission_token`: the same token again
returns what the first one made instead of a twin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from naarnul.ledger import RentPeriod
from naarnul.users import ActingUser
from store import municipalities as municipality_store
from store import tenancies as tenancy_store
from store.unit_of_work import UnitOfWork

SALUTATIONS = tenancy_store.SALUTATIONS  # {key: Dutch label} for the form
PHONE_MAX, EMAIL_MAX = tenancy_store.PHONE_MAX, tenancy_store.EMAIL_MAX


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
    with uow:
        return {m.code: m.name + (f" ({m.aliases})" if m.aliases else "")
                for m in municipality_store.list_all(uow.session)}


def list_tenancy_choices(uow: UnitOfWork, actor: ActingUser) -> dict[int, str]:
    """{tenancy id: "Kerkstraat 12, Utrecht – Jan de Vries"} for pickers."""
    with uow:
        return tenancy_store.tenancy_choices(uow.session, actor)


def list_tenancies(uow: UnitOfWork, actor: ActingUser, *, search: str = "", only_arrears: bool = False,
                   limit: int = 25, offset: int = 0) -> TenancyPage:
    with uow:
        rows, total = tenancy_store.list_tenancies(uow.session, actor, search=search, only_arrears=only_arrears,
                                                   limit=limit, offset=offset)
    return TenancyPage(tuple(TenancyRow(
        id=r["id"], reference=r["reference"], address=r["address"], tenant_names=r["tenant_names"],
        monthly_rent=r["monthly_rent"], due_day=r["due_day"], arrears=r["arrears"],
        arrears_months=r["arrears_months"], end_date=r["end_date"]) for r in rows), total)


def get_tenancy_form(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int) -> TenancyForm:
    with uow:
        values = tenancy_store.tenancy_form_values(uow.session, actor, tenancy_id)
        periods = tenancy_store.rent_periods(uow.session, actor, tenancy_id)
    return TenancyForm(
        id=values["id"], street=values["street"], house_number=values["house_number"],
        house_number_addition=values["house_number_addition"], postcode=values["postcode"], place=values["place"],
        municipality_code=values["municipality_code"],
        tenants=tuple(TenantForm(t["name"], t["salutation"], t["phone"], t["email"]) for t in values["tenants"]),
        monthly_rent=values["monthly_rent"], due_day=values["due_day"], start_date=values["start_date"],
        end_date=values["end_date"], tenant_is_company=values["tenant_is_company"],
        payer_ibans=tuple(values["payer_ibans"]), rent_periods=tuple(periods))


def list_payments(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, limit: int = 50) -> list[PaymentRow]:
    with uow:
        rows = tenancy_store.list_payments(uow.session, actor, tenancy_id, limit=limit)
    return [PaymentRow(r["id"], r["paid_on"], r["amount"], r["description"], r["source"] == "import") for r in rows]


# --- changes -------------------------------------------------------------------------------------------------------

def register_tenancy(uow: UnitOfWork, actor: ActingUser, *, today: dt.date, submission_token: str | None = None,
                     street: str, house_number: str, house_number_addition: str = "", postcode: str, place: str,
                     municipality_code: str, tenants: list[dict], monthly_rent, due_day: int,
                     start_date: dt.date | None, end_date: dt.date | None = None, tenant_is_company: bool = False,
                     payer_ibans: str = "") -> Registered:
    """A new tenancy with its tenants and its first rent period; its arrears are computed at once."""
    with uow:
        tenancy = tenancy_store.create_tenancy(
            uow.session, actor, today=today, submission_token=submission_token, street=street,
            house_number=house_number, house_number_addition=house_number_addition, postcode=postcode, place=place,
            municipality_code=municipality_code, tenants=tenants, monthly_rent=monthly_rent, due_day=due_day,
            start_date=start_date, end_date=end_date, tenant_is_company=tenant_is_company, payer_ibans=payer_ibans)
        assert tenancy.id is not None  # flushed by the store
        result = Registered(tenancy.id, tenancy_store.reference(tenancy.id))
        uow.commit()
    return result


def change_tenancy(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, today: dt.date, rent_from: dt.date | None,
                   street: str, house_number: str, house_number_addition: str = "", postcode: str, place: str,
                   municipality_code: str, tenants: list[dict], monthly_rent, due_day: int,
                   start_date: dt.date | None, end_date: dt.date | None = None, tenant_is_company: bool = False,
                   payer_ibans: str = "") -> None:
    """Change a tenancy; a changed rent applies from `rent_from` (charges before it keep their amount)."""
    with uow:
        tenancy_store.update_tenancy(
            uow.session, actor, tenancy_id, today=today, rent_from=rent_from, street=street,
            house_number=house_number, house_number_addition=house_number_addition, postcode=postcode, place=place,
            municipality_code=municipality_code, tenants=tenants, monthly_rent=monthly_rent, due_day=due_day,
            start_date=start_date, end_date=end_date, tenant_is_company=tenant_is_company, payer_ibans=payer_ibans)
        uow.commit()


def end_tenancy(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, end_date: dt.date, today: dt.date) -> None:
    with uow:
        tenancy_store.end_tenancy(uow.session, actor, tenancy_id, end_date, today=today)
        uow.commit()


def remove_tenancy(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, today: dt.date) -> str:
    """Remove a tenancy registered by mistake (refused once letters, signals or an arrangement exist); returns its
    address."""
    with uow:
        address = tenancy_store.delete_tenancy(uow.session, actor, tenancy_id, today=today)
        uow.commit()
    return address


def record_payment(uow: UnitOfWork, actor: ActingUser, *, tenancy_id: int, paid_on: dt.date | None, amount: str,
                   description: str = "", today: dt.date, submission_token: str | None = None) -> None:
    with uow:
        tenancy_store.add_payment(uow.session, actor, tenancy_id, paid_on=paid_on, amount=amount, today=today,
                                  description=description, submission_token=submission_token)
        uow.commit()


def delete_payment(uow: UnitOfWork, actor: ActingUser, *, payment_id: int, today: dt.date) -> None:
    with uow:
        tenancy_store.delete_payment(uow.session, actor, payment_id, today=today)
        uow.commit()
