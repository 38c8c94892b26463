"""Payments of the acting landlord: scoped reads and plain writes (typed in by hand or imported from a bank file).

Every read filters on `landlord_id == actor.id` in SQL. The checks (amount, date, description) are made by the core
(naarnul.tenancy.validate_payment_entry, naarnul.bank_import) before a payment reaches this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from sqlmodel import Session, col, select

from naarnul import ledger
from naarnul import tenancy as tenancy_rules
from naarnul.errors import NotFound
from naarnul.users import ActingUser
from store.models import Payment

_CHUNK = 500


def by_token(session: Session, actor: ActingUser, submission_token: str | None) -> Payment | None:
    if not submission_token:
        return None
    return session.exec(select(Payment).where(col(Payment.landlord_id) == actor.id,
                                              col(Payment.submission_token) == submission_token)).first()


def get_payment(session: Session, actor: ActingUser, payment_id: int) -> Payment:
    payment = session.exec(select(Payment).where(col(Payment.id) == payment_id, col(Payment.landlord_id) == actor.id)).first()
    if payment is None:
        raise NotFound(tenancy_rules.PAYMENT_NOT_YOURS)
    return payment


def insert_payment(session: Session, actor: ActingUser, tenancy_id: int, *, paid_on: dt.date, amount: Decimal,
                   description: str, source: str, submission_token: str | None = None,
                   fingerprint: str | None = None) -> Payment:
    payment = Payment(tenancy_id=tenancy_id, landlord_id=actor.id, paid_on=paid_on,
                      amount_cents=ledger.to_cents(amount), description=description, source=source,
                      submission_token=submission_token, fingerprint=fingerprint)
    session.add(payment)
    session.flush()
    return payment


def delete(session: Session, payment: Payment) -> None:
    session.delete(payment)
    session.flush()


def list_payments(session: Session, actor: ActingUser, tenancy_id: int, *, limit: int = 100, offset: int = 0) \
        -> list[Payment]:
    """The tenancy's payments, newest first (the caller checked that the tenancy is the landlord's)."""
    return list(session.exec(select(Payment).where(col(Payment.landlord_id) == actor.id, col(Payment.tenancy_id) == tenancy_id)
                             .order_by(col(Payment.paid_on).desc(), col(Payment.id).desc()).limit(limit).offset(offset)))


def paid_by_tenancy(session: Session, actor: ActingUser, tenancy_ids: list[int]) -> dict[int, list[ledger.Payment]]:
    """{tenancy id: its payments as naarnul.ledger reads them}."""
    payments: dict[int, list[ledger.Payment]] = {i: [] for i in tenancy_ids}
    for start in range(0, len(tenancy_ids), _CHUNK):
        rows = session.exec(select(col(Payment.tenancy_id), col(Payment.paid_on), col(Payment.amount_cents)).where(
            col(Payment.landlord_id) == actor.id, col(Payment.tenancy_id).in_(tenancy_ids[start:start + _CHUNK]))
            .order_by(col(Payment.paid_on), col(Payment.id)))
        for tenancy_id, paid_on, amount in rows:
            payments[tenancy_id].append(ledger.Payment(paid_on, ledger.from_cents(amount)))
    return payments


def known_fingerprints(session: Session, actor: ActingUser, fingerprints: Iterable[str]) -> set[str]:
    """Which of these bank-row fingerprints the landlord has already imported (in any file, from any account)."""
    wanted = list(dict.fromkeys(fingerprints))
    known: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        known |= {f for f in session.exec(select(col(Payment.fingerprint)).where(
            col(Payment.landlord_id) == actor.id, col(Payment.fingerprint).in_(wanted[start:start + _CHUNK]))) if f}
    return known


def stored_between(session: Session, actor: ActingUser, first: dt.date, last: dt.date) \
        -> set[tuple[int, dt.date, int]]:
    """(tenancy id, date, cents) of the landlord's payments from `first` to `last`."""
    return {(t, d, c) for t, d, c in session.exec(select(col(Payment.tenancy_id), col(Payment.paid_on), col(Payment.amount_cents))
                                                  .where(col(Payment.landlord_id) == actor.id, col(Payment.paid_on) >= first,
                                                         col(Payment.paid_on) <= last))}
