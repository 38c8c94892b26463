"""The outbox: e-mail queued inside a use case's transaction, sent later by `naarnul notify`.

Sending is at most once. A run claims rows in one short transaction (pending → sending, with its own claim token;
on PostgreSQL the candidates are locked `FOR UPDATE SKIP LOCKED`, on SQLite the claim is one UPDATE, and SQLite has
one writer at a time), sends them, and marks each sent (or back to pending with the error, until the attempt limit).
A second run, at the same time or later, finds nothing to claim. A row left in `sending` by a run that died is never
sent again automatically (the server may have accepted it): `recover_stale` marks it failed with that reason.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from sqlalchemy import and_, update
from sqlmodel import Session, col, select

from naarnul import access, audit_text
from naarnul.errors import NotFound
from naarnul.users import ActingUser, Role
from store import audit
from store.models import AuditEvent, Case, LandlordProfile, MailPreference, OutboxMessage, Signal, Tenancy, Tenant, User

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
ERROR_MAX = OutboxMessage.__table__.c.last_error.type.length  # type: ignore[attr-defined]


def utc_now(moment: dt.datetime | None = None) -> dt.datetime:
    """Now (or `moment`) in UTC, time-zone aware: the columns' type stores UTC on SQLite and PostgreSQL alike."""
    moment = moment or dt.datetime.now(dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class Claimed:
    id: int
    kind: str
    landlord_id: int
    case_id: int | None
    document_id: int | None
    recipients: tuple[str, ...]
    message: bytes
    attempts: int


def _require_landlord(actor: ActingUser) -> None:
    if actor.role != Role.LANDLORD:
        raise NotFound(access.LANDLORDS_ONLY)


# --- queueing ---------------------------------------------------------------------------------------------------------

def find_by_key(session: Session, dedupe_key: str) -> OutboxMessage | None:
    return session.exec(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)).first()


def queue(session: Session, actor: ActingUser | None, *, landlord_id: int, kind: str, recipients: list[str],
          subject: str, message: bytes, evidence: dict, case_id: int | None = None, document_id: int | None = None,
          dedupe_key: str | None = None, summary: str = "") -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction. With `dedupe_key`: None when a message with that
    key exists already; a twin queued at the same moment by another run fails on the unique constraint
    (sqlalchemy IntegrityError: the caller rolls back)."""
    row = OutboxMessage(kind=kind, landlord_id=landlord_id, case_id=case_id, document_id=document_id,
                        dedupe_key=dedupe_key, recipients=",".join(recipients), subject=subject[:300],
                        message=message, evidence=json.dumps(evidence, ensure_ascii=False),
                        not_before=utc_now(), created_at=utc_now())
    if dedupe_key is not None and find_by_key(session, dedupe_key) is not None:
        return None
    session.add(row)
    session.flush()  # a twin queued by a concurrent run at this moment: IntegrityError (uq_outbox_dedupe_key)
    audit.record(session, actor, "mail.queued", "outbox", row.id, landlord_id=landlord_id, case_id=case_id,
                 summary=summary, detail={"kind": kind, "subject": subject, "recipients": recipients})
    return row


def requeue_failed(session: Session, row: OutboxMessage) -> None:
    """A message that failed for good, queued again by the landlord (a new series of attempts)."""
    row.status, row.attempts, row.not_before, row.claim_token = PENDING, 0, utc_now(), None
    session.add(row)


# --- sending (operator side: `naarnul notify`) -------------------------------------------------------------------------

def claim(session: Session, *, limit: int = 50, now: dt.datetime | None = None) -> list[Claimed]:
    """Claim up to `limit` due messages for this run and commit the claim, so no other run can take them."""
    now = utc_now(now)
    token = uuid.uuid4().hex
    due = and_(col(OutboxMessage.status) == PENDING, col(OutboxMessage.not_before) <= now)
    candidates = select(OutboxMessage.id).where(due).order_by(col(OutboxMessage.id)).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    session.execute(update(OutboxMessage)
                    .where(col(OutboxMessage.id).in_(candidates.scalar_subquery()), due)
                    .values(status=SENDING, claim_token=token, claimed_at=now,
                            attempts=OutboxMessage.attempts + 1)
                    .execution_options(synchronize_session=False))
    session.commit()
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.claim_token == token,
                                                    OutboxMessage.status == SENDING).order_by(col(OutboxMessage.id)))
    return [Claimed(r.id, r.kind, r.landlord_id, r.case_id, r.document_id,  # type: ignore[arg-type]
                    tuple(a for a in r.recipients.split(",") if a), bytes(r.message), r.attempts) for r in rows]


def _claimed_row(session: Session, claimed: Claimed) -> OutboxMessage | None:
    row = session.get(OutboxMessage, claimed.id)
    return row if row is not None and row.status == SENDING else None


def mark_sent(session: Session, claimed: Claimed, *, send_date: dt.date, now: dt.datetime | None = None) -> bool:
    row = _claimed_row(session, claimed)
    if row is None:
        return False
    row.status, row.sent_at, row.send_date, row.last_error = SENT, utc_now(now), send_date, ""
    session.add(row)
    return True


def mark_failed(session: Session, claimed: Claimed, *, error: str, max_attempts: int, retry_after: dt.timedelta,
                now: dt.datetime | None = None) -> str:
    """Back to pending for a later run (not before `retry_after`), or failed for good after `max_attempts`."""
    row = _claimed_row(session, claimed)
    if row is None:
        return ""
    row.last_error = (error or access.UNKNOWN_SEND_ERROR)[:ERROR_MAX]
    row.status = FAILED if row.attempts >= max_attempts else PENDING
    row.not_before = utc_now(now) + retry_after
    row.claim_token = None
    session.add(row)
    return row.status


def recover_stale(session: Session, *, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Rows claimed by a run that never finished: failed, not resent (the server may already have them)."""
    cutoff = utc_now(now) - older_than
    result = session.execute(update(OutboxMessage)
                             .where(col(OutboxMessage.status) == SENDING, col(OutboxMessage.claimed_at) < cutoff)
                             .values(status=FAILED, last_error=access.SEND_INTERRUPTED)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0  # type: ignore[attr-defined]


def evidence_of(session: Session, claimed: Claimed) -> dict:
    row = session.get(OutboxMessage, claimed.id)
    return json.loads(row.evidence) if row is not None else {}


def landlord_of(session: Session, landlord_id: int) -> ActingUser:
    user = session.get(User, landlord_id)
    if user is None:
        raise NotFound(access.LANDLORD_NOT_FOUND)
    return ActingUser(id=user.id, username=user.username, name=user.name, role=Role(user.role),  # type: ignore[arg-type]
                      municipality_code=user.municipality_code)


# --- what the landlord sees ---------------------------------------------------------------------------------------------

def messages_of_case(session: Session, actor: ActingUser, case_id: int) -> list[OutboxMessage]:
    _require_landlord(actor)
    return list(session.exec(select(OutboxMessage).where(OutboxMessage.landlord_id == actor.id,
                                                         OutboxMessage.case_id == case_id)
                             .order_by(col(OutboxMessage.id).desc())))


def letter_recipients(session: Session, actor: ActingUser, case_id: int) -> tuple[Case, Tenancy, list[Tenant]]:
    """The case, its home and its tenants (with their e-mail addresses), scoped to the landlord in SQL."""
    _require_landlord(actor)
    found = session.exec(select(Case, Tenancy).join(Tenancy, and_(col(Tenancy.id) == Case.tenancy_id,
                                                                  col(Tenancy.landlord_id) == actor.id))
                         .where(Case.id == case_id, Case.landlord_id == actor.id)).first()
    if found is None:
        raise NotFound(access.CASE_NOT_FOUND)
    case, tenancy = found
    tenants = list(session.exec(select(Tenant).where(Tenant.tenancy_id == tenancy.id, Tenant.landlord_id == actor.id)
                                .order_by(col(Tenant.position), col(Tenant.id))))
    return case, tenancy, tenants


def landlord_contact(session: Session, actor: ActingUser) -> tuple[str, str]:
    """(name, e-mail address) the landlord's letters show: the profile, else the account."""
    profile = session.get(LandlordProfile, actor.id)
    user = session.get(User, actor.id)
    name = (profile.name if profile and profile.name else "") or (user.name if user else actor.name)
    email = (profile.email if profile and profile.email else "") or (user.email if user else "")
    return name, email


# --- the daily digest ----------------------------------------------------------------------------------------------------

def daily_digest(session: Session, actor: ActingUser) -> bool:
    _require_landlord(actor)
    preference = session.get(MailPreference, actor.id)
    return bool(preference and preference.daily_digest)


def set_daily_digest(session: Session, actor: ActingUser, enabled: bool) -> None:
    _require_landlord(actor)
    preference = session.get(MailPreference, actor.id) or MailPreference(user_id=actor.id)
    preference.daily_digest = bool(enabled)
    preference.updated_at = utc_now()
    session.add(preference)
    audit.record(session, actor, "mail.digest_" + ("on" if enabled else "off"), "mail_preference", actor.id,
                 landlord_id=actor.id, summary=audit_text.daily_digest(enabled))


def digest_landlords(session: Session) -> list[tuple[ActingUser, str]]:
    """Active landlords who asked for the daily digest, with the address to send it to (the profile's, which the
    landlord keeps up to date on "Mijn gegevens", else the account's)."""
    rows = session.exec(select(User, LandlordProfile.email)
                        .join(MailPreference, col(MailPreference.user_id) == User.id)
                        .outerjoin(LandlordProfile, col(LandlordProfile.user_id) == User.id)
                        .where(MailPreference.daily_digest == True, User.active == True,  # noqa: E712
                               User.role == Role.LANDLORD.value)
                        .order_by(col(User.id)))
    result = []
    for user, profile_email in rows:
        address = profile_email or user.email or ""
        if address:
            result.append((ActingUser(id=user.id, username=user.username, name=user.name,  # type: ignore[arg-type]
                                      role=Role(user.role), municipality_code=user.municipality_code), address))
    return result


# --- signal alerts for liaisons ---------------------------------------------------------------------------------------

def signal_alerts(session: Session, actor: ActingUser) -> bool:
    if actor.role != Role.LIAISON:
        raise NotFound(access.LIAISONS_ONLY)
    preference = session.get(MailPreference, actor.id)
    return bool(preference and preference.signal_alerts)


def set_signal_alerts(session: Session, actor: ActingUser, enabled: bool) -> None:
    if actor.role != Role.LIAISON:
        raise NotFound(access.LIAISONS_ONLY)
    preference = session.get(MailPreference, actor.id) or MailPreference(user_id=actor.id)
    preference.signal_alerts = bool(enabled)
    preference.updated_at = utc_now()
    session.add(preference)
    audit.record(session, actor, "mail.signal_alerts_" + ("on" if enabled else "off"), "mail_preference", actor.id,
                 municipality_code=actor.municipality_code,
                 summary=audit_text.signal_alerts(enabled))


def own_address(session: Session, actor: ActingUser) -> str:
    """The acting user's own e-mail address, where their alerts go ("" when the account has none)."""
    user = session.get(User, actor.id)
    return (user.email or "").strip() if user is not None else ""


@dataclass(frozen=True)
class SignalAlert:
    signal_id: int
    reference: str
    municipality_code: str
    sent_on: dt.date
    urgent: bool
    liaison_id: int
    liaison_name: str
    address: str  # the liaison's e-mail address


def signal_alerts_due(session: Session, *, since: dt.date) -> list[SignalAlert]:
    """(signal, liaison) pairs for signals sent on or after `since` to the municipality of an active liaison who
    asked for an e-mail, and who has an address. Whether one was queued already is the caller's dedupe key."""
    rows = session.exec(select(Signal, User)
                        .join(User, and_(col(User.municipality_code) == Signal.municipality_code,
                                         col(User.role) == Role.LIAISON.value, col(User.active) == True))  # noqa: E712
                        .join(MailPreference, col(MailPreference.user_id) == User.id)
                        .where(col(MailPreference.signal_alerts) == True, col(Signal.sent_on) >= since,  # noqa: E712
                               col(User.email) != "")
                        .order_by(col(Signal.id), col(User.id)))
    return [SignalAlert(signal.id, signal.reference, signal.municipality_code, signal.sent_on,  # type: ignore[arg-type]
                        signal.urgent, user.id, user.name, user.email)  # type: ignore[arg-type]
            for signal, user in rows]


# --- retention ------------------------------------------------------------------------------------------------------------

def anonymise_cases(session: Session, case_ids, *, summary: str) -> int:
    """For cases being anonymised (in the retention use case's transaction): the e-mail of those cases loses its
    message, text and addresses, and its timeline lines get `summary` (the caller's Dutch). Returns rows changed."""
    ids = sorted({int(i) for i in case_ids or []})
    if not ids:
        return 0
    changed = 0
    for row in session.exec(select(OutboxMessage).where(col(OutboxMessage.case_id).in_(ids))):
        row.message, row.evidence, row.recipients, row.subject, row.last_error = b"", "{}", "", "", ""
        session.add(row)
        changed += 1
    for event in session.exec(select(AuditEvent).where(col(AuditEvent.case_id).in_(ids),
                                                       col(AuditEvent.action).like("mail.%"))):
        event.summary, event.detail = audit.fit_summary(summary), "{}"
        session.add(event)
        changed += 1
    return changed
