"""Retention (convenant.md §7): finding and rewriting the rows of closed cases past their retention period. The
period, the cut-off date and the words are the core's (`naarnul.retention`); the service passes the cut-off date and
the rule that tells a court close reason.

What anonymising a case does (decided here; amounts and dates stay for statistics):
- Signal: `tenant_names` and `postcode` emptied; `payload` keeps only non-personal fields (reference, dates,
  municipality, amounts, month count, landlord details, flags); tenants, address, support worker, reasons dropped.
- ContactAttempt.note, Feedback.liaison_note and Case.close_reason (free text) emptied. The close reason is first
  reduced to a category ("closed with court" or not) in the audit detail, so the statistics stay right. The answers
  to the admin's extra questions (FormAnswer, typed text) are deleted.
- Document: the bytes are replaced by an empty file, title and file name made generic, no longer shared with the
  municipality. The row stays (template, date, checksum of the original) as a trace that a letter existed.
- Tenant name, phone and e-mail: removed only when the tenancy has ended and no other case of that tenancy is still
  kept. A tenant who still lives in the home keeps their name on the lease (it is current administration).
  For such an ended tenancy the payer IBANs and the payment descriptions (bank texts with names) are emptied too.
- Audit log: events stay (who did what, when), but on the anonymised case's timeline the tenant's names are replaced,
  a contact-attempt note ("Notitie: …") and a hand-written close reason are cut off. Events about the tenancy
  (e.g. "Huurovereenkomst vastgelegd … (names)") lose the names when the tenant data is removed. One
  "case.anonymised" event per case and one "retention.anonymised" event record the action itself.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Callable, Iterable

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from naarnul import access
from naarnul import retention as rules
from naarnul.errors import NotAllowed, ValidationError
from naarnul.users import ActingUser
from store import audit
from store.models import (
    Arrangement,
    AuditEvent,
    Case,
    ContactAttempt,
    Document,
    Feedback,
    FormAnswer,
    LandlordProfile,
    Payment,
    Signal,
    Tenancy,
    Tenant,
    User,
)

ANONYMOUS = rules.ANONYMOUS
MIN_SCRUB_LENGTH = 3
KEPT_PAYLOAD_FIELDS = {
    "format", "signal_reference", "signal_date", "case_reference", "municipality_name", "municipality_cbs_code",
    "arrears_total", "arrears_month_count", "arrears_since", "arrears_items", "arrears_months", "monthly_rent",
    "reminder_date", "contact_attempt_count", "objection_deadline", "no_objection_received", "landlord_name",
    "landlord_address", "landlord_postcode", "landlord_place", "landlord_phone", "landlord_email",
    "landlord_contact_person", "urgent", "support_worker_known",
    "warm_handover",  # issue 11: yes/no for the DDAS export; who had contact (handover_*) is personal and goes
}


def _require_admin(actor: ActingUser | None) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_RETENTION)


def _due_conditions(cutoff: dt.date) -> tuple:
    return (col(Case.status) == "closed", col(Case.closed_on).is_not(None),
            col(Case.closed_on) <= cutoff, col(Case.anonymised_on).is_(None))


def due_for_anonymisation(session: Session, admin: ActingUser, *, cutoff: dt.date) -> list[dict]:
    """Closed cases closed on or before `cutoff` that still hold personal data, oldest first."""
    _require_admin(admin)
    query = (select(Case, Tenancy, User, LandlordProfile)
             .where(*_due_conditions(cutoff))
             .join(Tenancy, col(Tenancy.id) == col(Case.tenancy_id))
             .join(User, col(User.id) == col(Case.landlord_id))
             .outerjoin(LandlordProfile, col(LandlordProfile.user_id) == col(Case.landlord_id))
             .order_by(col(Case.closed_on), col(Case.id)))
    return [{"case_id": case.id, "opened_on": case.opened_on, "closed_on": case.closed_on,
             "landlord_name": (profile.name if profile is not None else "") or user.name,
             "municipality_code": tenancy.municipality_code, "place": tenancy.place}
            for case, tenancy, user, profile in session.exec(query)]


def _clean_payload(text: str) -> str:
    try:
        payload = json.loads(text or "{}")
    except ValueError:
        return "{}"
    if not isinstance(payload, dict):
        return "{}"
    kept = {k: v for k, v in payload.items() if k in KEPT_PAYLOAD_FIELDS}
    if isinstance(payload.get("contact_attempts"), list):
        kept["contact_attempt_count"] = kept.get("contact_attempt_count", len(payload["contact_attempts"]))
    return json.dumps(kept, ensure_ascii=False)


def _variants(texts: Iterable[str]) -> list[str]:
    """The strings to remove, longest first, also as they appear inside JSON (escaped) and, for an IBAN, grouped
    in fours. Strings shorter than MIN_SCRUB_LENGTH are left alone (they would hit unrelated words)."""
    found: set[str] = set()
    for text in texts:
        text = (text or "").strip()
        if len(text) < MIN_SCRUB_LENGTH or text == ANONYMOUS:
            continue
        forms = {text}
        if rules.looks_like_iban(text):
            forms.add(rules.grouped_iban(text))
        for form in forms:
            found |= {form, json.dumps(form)[1:-1], json.dumps(form, ensure_ascii=False)[1:-1]}
    return sorted(found, key=len, reverse=True)


def _scrub_event(session: Session, event: AuditEvent, texts: list[str]) -> None:
    """Personal strings out of an audit event's summary and detail; free text after a known marker cut off."""
    summary, detail = event.summary or "", event.detail or "{}"
    for marker, replacement in rules.FREE_TEXT_TAILS:
        if marker in summary:
            head = summary.split(marker, 1)[0]
            summary = head + (marker + replacement if replacement else "")
    for text in texts:
        summary = summary.replace(text, ANONYMOUS)
        detail = detail.replace(text, ANONYMOUS)
    if (summary, detail) != (event.summary, event.detail):
        event.summary, event.detail = summary[:500], detail
        session.add(event)


def anonymise(session: Session, admin: ActingUser, case_ids: Iterable[int], today: dt.date, *, cutoff: dt.date,
              closed_with_court: Callable[[str], bool]) -> int:
    """Anonymise the given cases closed on or before `cutoff` in one action; all or nothing. Returns how many cases
    were anonymised. `closed_with_court(close_reason)` keeps that one fact of the close reason for the statistics."""
    _require_admin(admin)
    ids = sorted({int(i) for i in case_ids or []})
    if not ids:
        raise ValidationError(access.CHOOSE_CASES)
    due = {case.id: case for case in session.exec(select(Case).where(*_due_conditions(cutoff),
                                                                     col(Case.id).in_(ids)))}
    missing = [i for i in ids if i not in due]
    if missing:
        raise ValidationError(rules.not_due_message(missing))
    tenancy_ids: set[int] = set()
    names: dict[int, set[str]] = {}  # case id → tenant names to scrub from its timeline
    free_text: set[str] = set()  # typed text of these cases: scrubbed from every event that could quote it
    signal_ids: set[int] = set()
    for case in due.values():
        assert case.id is not None
        found = {t for t in session.exec(select(Tenant.name).where(Tenant.tenancy_id == case.tenancy_id))}
        for listed in session.exec(select(Signal.tenant_names).where(Signal.case_id == case.id)):
            found |= {n.strip() for n in (listed or "").split(";")}
        names[case.id] = {n for n in found if n and n != ANONYMOUS}
        for signal in session.exec(select(Signal).where(Signal.case_id == case.id)):
            assert signal.id is not None
            signal_ids.add(signal.id)
            free_text |= _payload_free_text(signal.payload)
            signal.tenant_names, signal.postcode = "", ""
            signal.payload = _clean_payload(signal.payload)
            session.add(signal)
            for feedback in session.exec(select(Feedback).where(Feedback.signal_id == signal.id)):
                free_text.add(feedback.liaison_note)
                feedback.liaison_note = ""
                session.add(feedback)
        for attempt in session.exec(select(ContactAttempt).where(ContactAttempt.case_id == case.id)):
            free_text.add(attempt.note)
            attempt.note = ""
            session.add(attempt)
        for arrangement in session.exec(select(Arrangement).where(Arrangement.case_id == case.id)):
            free_text.add(arrangement.end_reason)
            arrangement.end_reason = ""
            session.add(arrangement)
        for answer in session.exec(select(FormAnswer).where(FormAnswer.case_id == case.id)):
            session.delete(answer)  # answers to the admin's extra questions (issue 16): typed text, not kept
        for document in session.exec(select(Document).where(Document.case_id == case.id)):
            document.content = b""
            document.title = f"Document {document.id} ({document.template_name}) {ANONYMOUS}"[:200]
            document.filename = f"document-{document.id}-geanonimiseerd.txt"
            document.shared_with_municipality = False
            session.add(document)
        court = closed_with_court(case.close_reason)
        free_text |= {case.close_reason, case.reminder_evidence_reason}
        case.close_reason = rules.close_reason_category(court)
        case.reminder_evidence_reason = ""
        case.anonymised_on = today
        session.add(case)
        tenancy_ids.add(case.tenancy_id)
        audit.record(session, admin, "case.anonymised", "case", case.id, landlord_id=case.landlord_id,
                     case_id=case.id, summary=rules.anonymised_case_summary(case.closed_on or today),
                     detail={"closed_on": case.closed_on, "closed_with_court": court})
    session.flush()
    free_text -= {rules.CLOSED_WITH_COURT, rules.CLOSED_WITHOUT_COURT}
    landlord_ids = {case.landlord_id for case in due.values()}
    events = list(session.exec(select(AuditEvent).where(
        AuditEvent.action != "case.anonymised",
        or_(col(AuditEvent.case_id).in_(ids), col(AuditEvent.landlord_id).in_(landlord_ids),
            and_(col(AuditEvent.record_type).in_(("signal", "feedback")),
                 col(AuditEvent.record_id).in_([str(i) for i in signal_ids])),
            and_(col(AuditEvent.record_type) == "tenancy",
                 col(AuditEvent.record_id).in_([str(i) for i in tenancy_ids]))))))
    case_texts = _variants(free_text)
    for event in events:
        own_names = names.get(event.case_id, set()) if event.case_id is not None else set()
        _scrub_event(session, event, _variants(own_names) + case_texts if own_names else case_texts)
    for tenancy_id in tenancy_ids:
        tenancy = session.get(Tenancy, tenancy_id)
        if tenancy is None or tenancy.end_date is None or tenancy.end_date > today:
            continue
        still_kept = session.exec(select(Case.id).where(Case.tenancy_id == tenancy_id,
                                                        or_(col(Case.anonymised_on).is_(None),
                                                            col(Case.status) != "closed"))).first()
        if still_kept is not None:
            continue
        personal: set[str] = set()
        for tenant in session.exec(select(Tenant).where(Tenant.tenancy_id == tenancy_id)):
            personal |= {tenant.name, tenant.phone, tenant.email}
            tenant.name, tenant.phone, tenant.email = ANONYMOUS, "", ""
            session.add(tenant)
        for payment in session.exec(select(Payment).where(Payment.tenancy_id == tenancy_id)):
            personal.add(payment.description)
            payment.description = ""
            session.add(payment)
        personal |= {iban.strip() for iban in (tenancy.payer_ibans or "").split(",")}
        tenancy.payer_ibans = ""
        session.add(tenancy)
        personal |= set().union(*(names[c.id] for c in due.values() if c.tenancy_id == tenancy_id and c.id))
        texts = _variants(personal)
        for event in session.exec(select(AuditEvent).where(
                or_(col(AuditEvent.landlord_id) == tenancy.landlord_id,
                    and_(col(AuditEvent.record_type) == "tenancy",
                         col(AuditEvent.record_id) == str(tenancy_id))))):
            _scrub_event(session, event, texts)
    audit.record(session, admin, "retention.anonymised", "case", None,
                 summary=rules.anonymised_cases_summary(len(ids)), detail={"case_ids": ids})
    return len(ids)


def _payload_free_text(text: str) -> set[str]:
    """Free text a signal's snapshot holds (the urgent reason, the support worker) and its tenants' details."""
    try:
        payload = json.loads(text or "{}")
    except ValueError:
        return set()
    if not isinstance(payload, dict):
        return set()
    found = {str(payload.get(key) or "") for key in ("urgent_reason", "support_worker", "signal_urgent_reason",
                                                    "signal_support_worker")}
    for tenant in payload.get("tenants") or []:
        if isinstance(tenant, dict):
            found |= {str(value) for key, value in tenant.items() if key in ("name", "phone", "email")}
    return found
