"""Documents of a case: build the document input from the store, generate from the active template, keep the bytes.

A stored Document is the landlord's evidence: the exact bytes, the template name and version hash, who made it and
when, and a sha256 checksum. Re-downloading returns exactly those bytes.

Scoping (in SQL): a landlord reads and writes only their own cases and documents; a liaison reads only documents
that were shared with their municipality (the notification); nobody else reads documents.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from naarnul import ledger
from naarnul.arrangement import collection_costs
from naarnul.documents import (
    DocumentCase,
    GeneratedDocument,
    TemplateSpec,
    case_input,
    export,
    generate,
    validate_extra_fields,
)
from naarnul.documents.registry import LetterFacts
from naarnul.errors import NaarNulError, NotAllowed, NotFound, ValidationError
from naarnul.formatting import format_date, to_money
from naarnul.users import ActingUser, Role
from naarnul.wording import check as check_wording
from store import audit, scope
from store import cases as case_store
from store import templates as template_store
from store.models import (
    Arrangement,
    Case,
    ContactAttempt,
    Document,
    LandlordProfile,
    Municipality,
    Objection,
    Signal,
    Tenancy,
    Tenant,
)

# --- access --------------------------------------------------------------------------------------------------------

def _require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed("Alleen een verhuurder kan brieven maken.")


def get_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    """One of the landlord's cases (scoped in SQL); NotFound for anyone else's."""
    _require_landlord(actor)
    case = session.exec(select(Case).where(Case.id == case_id, Case.landlord_id == actor.id)).first()
    if case is None:
        raise NotFound("Deze zaak bestaat niet of is niet van u.")
    return case


def get_tenancy(session: Session, actor: ActingUser, tenancy_id: int) -> Tenancy:
    _require_landlord(actor)
    tenancy = session.exec(select(Tenancy).where(Tenancy.id == tenancy_id, Tenancy.landlord_id == actor.id)).first()
    if tenancy is None:
        raise NotFound("Deze huurovereenkomst bestaat niet of is niet van u.")
    return tenancy


def case_reference(tenancy_id: int) -> str:
    """The payment reference the landlord gives the tenant (same as store.tenancies.reference)."""
    return f"NN-{tenancy_id:04d}"


def _money(cents: int) -> Decimal:
    return to_money(Decimal(cents) / 100)


# --- the document input ----------------------------------------------------------------------------------------------

def _landlord(profile: LandlordProfile | None) -> dict:
    profile = profile or LandlordProfile(user_id=0)
    fields = (*case_input.PROFILE_LABELS, "contact_person", "contact_hours")
    return case_input.landlord_part({name: getattr(profile, name) or "" for name in fields})


def _municipality(session: Session, code: str) -> dict:
    row = session.get(Municipality, code)
    if row is None:
        raise ValidationError(f"De gemeente met code {code} is onbekend. Vraag de beheerder om hulp.")
    return {"name": row.name, "cbs_code": row.code,
            "debt_help": case_input.debt_help(row.help_name, row.help_phone, row.help_website, row.help_email)}


def _arrears(session: Session, actor: ActingUser, tenancy: Tenancy, today: dt.date) -> ledger.Arrears:
    return ledger.arrears(ledger.rent_charges(scope.lease_of(session, tenancy), today),
                          scope.payments_of(session, tenancy), today)


def _arrangement(session: Session, actor: ActingUser, case: Case, tenancy: Tenancy, arrears_total: Decimal,
                 costs: Decimal | None) -> dict | None:
    row = session.exec(select(Arrangement).where(Arrangement.landlord_id == actor.id, Arrangement.case_id == case.id,
                                                 Arrangement.status == "active")
                       .order_by(Arrangement.id.desc())).first()
    if row is None:
        return None
    try:
        items = json.loads(row.schedule)
        instalments = [{"number": i + 1, "due_date": str(item["due_date"]), "amount": str(item["amount"])}
                       for i, item in enumerate(items)]
    except (ValueError, KeyError, TypeError):
        return None
    includes_costs = row.costs_cents > 0
    total = sum((Decimal(i["amount"]) for i in instalments), Decimal("0.00"))
    expected = arrears_total + (_money(row.costs_cents) if includes_costs else Decimal("0.00"))
    if total != expected:
        return None  # the arrears changed since the arrangement was made; see generate_for_case's message
    return {"payment_reference": f"{case_reference(tenancy.id)}-R{row.id}", "instalments": instalments,
            "includes_costs": includes_costs, "_costs": str(_money(row.costs_cents))}


def _case_json(session: Session, actor: ActingUser, case: Case, today: dt.date) -> dict:
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    landlord = _landlord(session.get(LandlordProfile, actor.id))
    tenants = list(session.exec(select(Tenant).where(Tenant.landlord_id == actor.id, Tenant.tenancy_id == tenancy.id)
                                .order_by(Tenant.position, Tenant.id)))
    if not tenants:
        raise ValidationError("Deze huurovereenkomst heeft nog geen huurder. Vul eerst de huurder in bij Huurders.")
    arrears = _arrears(session, actor, tenancy, today)
    if not arrears.open_charges:
        raise ValidationError(f"Er is op {format_date(today)} geen huurachterstand bij deze zaak. "
                              "Een brief over een achterstand is dan niet nodig.")
    data: dict[str, Any] = {
        "today": today.isoformat(),
        "reference": case_reference(tenancy.id),
        "landlord": landlord,
        "tenants": [],
        "home": {"street": tenancy.street, "number": tenancy.house_number,
                 "addition": tenancy.house_number_addition or "", "postcode": tenancy.postcode,
                 "place": tenancy.place},
        "municipality": _municipality(session, tenancy.municipality_code),
        "monthly_rent": str(_money(tenancy.monthly_rent_cents)),
        "arrears": {"total": str(arrears.amount),
                    "items": [{"due_date": c.due_date.isoformat(), "amount_open": str(c.open)}
                              for c in arrears.open_charges]},
    }
    for tenant in tenants:
        first, last = case_input.split_name(tenant.name)
        data["tenants"].append({"first_name": first, "last_name": last,
                                "salutation": tenant.salutation if tenant.salutation in ("meneer", "mevrouw")
                                else "neutral",
                                "phone": tenant.phone or "", "email": tenant.email or ""})
    if case.reminder_on:
        data["reminder_date"] = case.reminder_on.isoformat()
    deadline = getattr(case, "objection_deadline", None)
    if deadline is None and case.reminder_on:
        deadline = case.reminder_on + dt.timedelta(days=case_input.DEFAULT_OBJECTION_DAYS)
    if deadline:
        data["objection_deadline"] = deadline.isoformat()
    objection = session.exec(select(Objection).where(Objection.landlord_id == actor.id, Objection.case_id == case.id,
                                                     Objection.withdrawn_on.is_(None))
                             .order_by(Objection.received_on.desc())).first()
    if objection:
        data["objection_received_on"] = objection.received_on.isoformat()
    data["contact_attempts"] = [
        {"date": a.on_date.isoformat(), "channel": case_input.CONTACT_CHANNELS.get(a.channel, a.channel),
         "outcome": case_input.CONTACT_OUTCOMES.get(a.outcome, a.outcome)}
        for a in session.exec(select(ContactAttempt).where(ContactAttempt.landlord_id == actor.id,
                                                           ContactAttempt.case_id == case.id)
                              .order_by(ContactAttempt.on_date, ContactAttempt.id))]
    signal = session.exec(select(Signal).where(Signal.landlord_id == actor.id, Signal.case_id == case.id)
                          .order_by(Signal.id.desc())).first()
    if signal:
        try:
            payload = json.loads(signal.payload or "{}")
        except ValueError:
            payload = {}
        data["signal"] = {"reference": signal.reference, "date": signal.sent_on.isoformat(),
                          "urgent": bool(signal.urgent),
                          "urgent_reason": str(payload.get("urgent_reason") or ""),
                          "support_worker": str(payload.get("support_worker") or "")}
    costs = collection_costs(arrears.amount) if arrears.amount > 0 else None
    arrangement = _arrangement(session, actor, case, tenancy, arrears.amount, costs)
    if arrangement:
        if arrangement["includes_costs"]:
            costs = Decimal(arrangement["_costs"])  # the costs the arrangement was made with
        arrangement.pop("_costs")
        data["arrangement"] = arrangement
    if costs is not None:
        data["collection_costs"] = str(costs)
    return data


def document_case(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> DocumentCase:
    """The input of every document of this case, from the store. Landlord only, own cases (else NotFound).

    Raises ValidationError in Dutch when the landlord's profile lacks a field every letter needs, the tenancy has no
    tenant, or there are no arrears on `today`.
    """
    case = get_case(session, actor, case_id)
    return DocumentCase.from_json(_case_json(session, actor, case, today))


# --- templates -------------------------------------------------------------------------------------------------------

def _active_spec(session: Session, name: str) -> TemplateSpec:
    return template_store.active_template(session, name)


def wording_report(spec: TemplateSpec, text: str, typed_extra: dict):
    """The stress-sensitive check of a letter (naarnul.wording.Report), or None for forms and agreements.

    A 14-day letter is also checked as one (its term rules); the findings of both checks are merged."""
    if spec.kind != "letter":
        return None
    report = check_wording(text, kind=spec.wording_kind)
    if typed_extra.get("fourteen_day_letter") is True and spec.wording_kind != "fourteen-day-letter":
        seen = {(f.rule, f.start, f.end) for f in report.findings}
        more = [f for f in check_wording(text, kind="fourteen-day-letter").findings if (f.rule, f.start, f.end) not in seen]
        findings = report.findings + more
        report = dataclasses.replace(report, findings=findings,
                                     ok=not any(str(f.severity) == "error" for f in findings))
    return report


def error_findings(report) -> list:
    return [f for f in (report.findings if report else []) if str(f.severity) == "error"]


def _prepare(session: Session, actor: ActingUser, case: Case, template_name: str, extra: dict | None,
             today: dt.date) -> tuple[TemplateSpec, dict, dict]:
    """Database part: (active spec, typed extra values, the case as JSON). Raises ValidationError in Dutch."""
    spec = _active_spec(session, template_name)
    typed = validate_extra_fields(spec, extra or {}, today=today)
    data = _case_json(session, actor, case, today)
    if "arrangement" in spec.case_fields and "arrangement" not in data:
        raise ValidationError("Voor deze brief is een lopende betalingsregeling nodig die past bij de achterstand "
                              "van vandaag. Maak of wijzig eerst de regeling bij Betalingsregeling.")
    return spec, typed, data


def render_job(spec: TemplateSpec, data: dict, extra: dict | None, typed: dict) -> tuple[GeneratedDocument, Any]:
    """Pure part (no database; runs in a worker process for bulk letters): render and check the wording."""
    document = generate(DocumentCase.from_json(data), spec, extra or {})
    return document, wording_report(spec, document.text, typed)


def preview_for_case(session: Session, actor: ActingUser, case_id: int, template_name: str, extra: dict | None,
                     today: dt.date) -> dict:
    """Render without storing: {"title", "text", "is_letter", "wording_ok", "report", "errors"} for the preview.
    `report` is a naarnul.wording.Report (None for forms); `errors` the Dutch messages of error findings."""
    case = get_case(session, actor, case_id)
    spec, typed, data = _prepare(session, actor, case, template_name, extra, today)
    document, report = render_job(spec, data, extra, typed)
    errors = error_findings(report)
    return {"title": document.title, "text": document.text, "is_letter": spec.kind == "letter",
            "wording_ok": not errors, "report": report, "errors": [f.message for f in errors]}


def document_filename(template_name: str, today: dt.date, tenancy: Tenancy) -> str:
    """`herinnering-2026-11-23-dorpsstraat-12-a.docx`."""
    return case_input.document_filename(template_name, today, tenancy.street, tenancy.house_number,
                                        tenancy.house_number_addition or "")


def generate_for_case(session: Session, actor: ActingUser, case_id: int, template_name: str, extra: dict | None,
                      today: dt.date, *, confirm_wording: bool = False,
                      share_with_municipality: bool = False) -> Document:
    """Generate `template_name` (its active version) for the case and keep it. Returns the stored Document.

    A letter with an error-severity finding of the wording check is refused (ValidationError listing the findings)
    unless `confirm_wording=True`; then the document records `wording_override=True` and the timeline says so.
    The reminder also records the case's reminder date (if empty) and the objection deadline (its refuse-before date).
    """
    case = get_case(session, actor, case_id)
    spec, typed, data = _prepare(session, actor, case, template_name, extra, today)
    document, report = render_job(spec, data, extra, typed)
    return _store(session, actor, case, spec, typed, document.docx, document.template_version,
                  [f"{f.rule}: {f.message}" for f in error_findings(report)], report is not None, today,
                  document.facts, confirm_wording=confirm_wording, share_with_municipality=share_with_municipality)


def _cents_or_none(amount: Decimal | None) -> int | None:
    return None if amount is None else int(to_money(amount) * 100)


def _store(session: Session, actor: ActingUser, case: Case, spec: TemplateSpec, typed: dict, docx: bytes,
           template_version: str, errors: list[str], checked: bool, today: dt.date, facts: LetterFacts, *,
           confirm_wording: bool, share_with_municipality: bool) -> Document:
    if errors and not confirm_wording:
        raise ValidationError(
            ["De schrijfcheck vond punten die de brief minder duidelijk of minder vriendelijk maken. Pas de brief "
             "aan, of bevestig dat u hem toch wilt maken:"] + [e.split(": ", 1)[-1] for e in errors])
    tenancy = get_tenancy(session, actor, case.tenancy_id)
    row = Document(
        case_id=case.id, landlord_id=actor.id, municipality_code=tenancy.municipality_code,
        template_name=spec.name, template_version=template_version, title=spec.title,
        filename=document_filename(spec.name, today, tenancy), content=docx,
        checksum=hashlib.sha256(docx).hexdigest(), created_by=actor.id,
        wording_ok=not errors, wording_override=bool(errors),
        shared_with_municipality=bool(share_with_municipality),
        letter_date=facts.letter_date, fourteen_day_letter=facts.fourteen_day_letter,
        cost_deadline=facts.cost_deadline, collection_costs_cents=_cents_or_none(facts.collection_costs),
        principal_cents=_cents_or_none(facts.principal),
    )
    session.add(row)
    session.flush()
    summary = f"Document gemaakt: {spec.title} ({row.filename})"
    if share_with_municipality:
        summary += ", gedeeld met de gemeente"
    audit.record(session, actor, "document.generated", "document", row.id, landlord_id=actor.id, case_id=case.id,
                 municipality_code=tenancy.municipality_code, summary=summary,
                 detail={"template": spec.name, "template_version": row.template_version, "checksum": row.checksum,
                         "filename": row.filename, "wording_checked": checked,
                         "fourteen_day_letter": facts.fourteen_day_letter})
    if row.wording_override:
        audit.record(session, actor, "document.wording_override", "document", row.id, landlord_id=actor.id,
                     case_id=case.id, municipality_code=tenancy.municipality_code,
                     summary=f"{spec.title} toch gemaakt, hoewel de schrijfcheck {len(errors)} "
                             f"fout(en) vond. De verhuurder heeft dit bevestigd.",
                     detail={"findings": errors})
    if spec.name == "reminder":
        _record_reminder(session, actor, case, today, typed.get("refuse_before"))
    return row


def _pool_render(job: tuple) -> tuple:
    """Worker entry point for bulk letters: (docx, template_version, error lines, checked, facts) or a problem."""
    spec, data, extra, typed = job
    try:
        document, report = render_job(spec, data, extra, typed)
    except NaarNulError as error:
        return None, None, getattr(error, "problems", [str(error)]), False, None
    return document.docx, document.template_version, [f"{f.rule}: {f.message}" for f in error_findings(report)], \
        report is not None, document.facts


def generate_many(session: Session, actor: ActingUser, case_ids: list[int], template_name: str, today: dt.date, *,
                  extra: dict | None = None, processes: int = 1, progress=None, chunk: int = 25) -> dict:
    """The same document for many cases (bulk reminders). Each case is saved on its own (a savepoint): one case
    with a problem does not stop the others and leaves nothing half-saved. Letters with a wording error are not
    made (no confirmation in bulk). `processes > 1` renders in a process pool while this process reads the next
    cases and stores finished ones (a pipeline). `progress(done, total)` is called after every case.
    Returns {"made": [document ids], "problems": [(case_id, Dutch text)]}."""
    _require_landlord(actor)
    made: list[int] = []
    problems: list[tuple[int, str]] = []
    total = len(case_ids)
    done = 0
    pool = None
    if processes > 1 and total > chunk:
        pool = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("forkserver"))

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    def prepare(ids: list[int]) -> list:
        batch = []
        for case_id in ids:
            try:
                case = get_case(session, actor, case_id)
                spec, typed, data = _prepare(session, actor, case, template_name, extra, today)
            except NaarNulError as error:
                problems.append((case_id, " ".join(getattr(error, "problems", [str(error)]))))
                tick()
                continue
            job = (spec, data, extra, typed)
            batch.append((case, spec, typed, pool.submit(_pool_render, job) if pool else job))
        return batch

    def store(batch: list) -> None:
        for case, spec, typed, pending in batch:
            docx, version, errors, checked, facts = pending.result() if pool else _pool_render(pending)
            try:
                if docx is None:
                    raise ValidationError(errors)
                with session.begin_nested():
                    row = _store(session, actor, case, spec, typed, docx, version, errors, checked, today, facts,
                                 confirm_wording=False, share_with_municipality=False)
                made.append(row.id)
            except NaarNulError as error:
                problems.append((case.id, " ".join(getattr(error, "problems", [str(error)]))))
            tick()

    try:
        waiting = None
        for start in range(0, total, chunk):
            batch = prepare(case_ids[start:start + chunk])  # the pool renders this batch ...
            if waiting is not None:
                store(waiting)  # ... while this process stores the previous one
            waiting = batch
        if waiting is not None:
            store(waiting)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return {"made": made, "problems": problems}


def _record_reminder(session: Session, actor: ActingUser, case: Case, today: dt.date,
                     refuse_before: dt.date | None) -> None:
    """Covenant evidence: the date of the (first) written reminder and until when the tenant may refuse."""
    if case.reminder_on is None and case.status == "open":
        # TODO(lead): the covenant evidence belongs to the cases store; the letters service should compose this
        case_store.record_written_reminder(session, actor, case.id, on=today, today=today, via_document=True)
    if isinstance(refuse_before, dt.date) and getattr(case, "objection_deadline", None) is None:
        case.objection_deadline = refuse_before
        audit.record(session, actor, "case.objection_deadline", "case", case.id, landlord_id=actor.id,
                     case_id=case.id,
                     summary=f"De huurder kan tot {format_date(refuse_before)} weigeren dat gegevens naar de "
                             "gemeente gaan")
    session.add(case)
    session.flush()


# --- reading documents -----------------------------------------------------------------------------------------------

_LIST_COLUMNS = (Document.id, Document.case_id, Document.template_name, Document.template_version, Document.title,
                 Document.filename, Document.checksum, Document.created_at, Document.wording_ok,
                 Document.wording_override, Document.shared_with_municipality)


def list_documents(session: Session, actor: ActingUser, case_id: int) -> list[dict]:
    """The documents of one of the landlord's cases, newest first, without their bytes."""
    case = get_case(session, actor, case_id)
    rows = session.exec(select(*_LIST_COLUMNS).where(Document.landlord_id == actor.id, Document.case_id == case.id)
                        .order_by(Document.id.desc()))
    return [dict(zip([c.key for c in _LIST_COLUMNS], row)) for row in rows]


def get_document(session: Session, actor: ActingUser, document_id: int) -> Document:
    """One stored document with its bytes. Landlord: own documents; liaison: documents shared with their
    municipality; anyone else or someone else's document: NotFound."""
    if actor is None:
        raise NotFound("Dit document bestaat niet.")
    query = select(Document).where(Document.id == document_id)
    if actor.role == Role.LANDLORD:
        query = query.where(Document.landlord_id == actor.id)
    elif actor.role == Role.LIAISON and actor.municipality_code:
        query = query.where(Document.municipality_code == actor.municipality_code,
                            Document.shared_with_municipality == True)  # noqa: E712
    else:
        raise NotFound("Dit document bestaat niet.")
    row = session.exec(query).first()
    if row is None:
        raise NotFound("Dit document bestaat niet.")
    return row


def document_bytes(session: Session, actor: ActingUser, document_id: int) -> tuple[str, bytes]:
    """(filename, exact stored bytes) for a download."""
    row = get_document(session, actor, document_id)
    return row.filename, bytes(row.content)


# --- lists for the letters page ----------------------------------------------------------------------------------------

def list_cases_for_letters(session: Session, actor: ActingUser, *, include_closed: bool = False) -> list[dict]:
    """The landlord's cases with the address and tenant names, open cases first (plain dicts)."""
    _require_landlord(actor)
    query = (select(Case.id, Case.status, Case.opened_on, Case.reminder_on, Tenancy.id, Tenancy.street,
                    Tenancy.house_number, Tenancy.house_number_addition, Tenancy.place)
             .join(Tenancy, Tenancy.id == Case.tenancy_id)
             .where(Case.landlord_id == actor.id, Tenancy.landlord_id == actor.id))
    if not include_closed:
        query = query.where(Case.status == "open")
    rows = list(session.exec(query.order_by(Case.status.desc(), Tenancy.street, Tenancy.house_number, Case.id)))
    names: dict[int, list[str]] = {}
    tenancy_ids = list({row[4] for row in rows})
    for start in range(0, len(tenancy_ids), 500):
        for tenancy_id, name in session.exec(select(Tenant.tenancy_id, Tenant.name).where(
                Tenant.landlord_id == actor.id, Tenant.tenancy_id.in_(tenancy_ids[start:start + 500]))
                .order_by(Tenant.tenancy_id, Tenant.position, Tenant.id)):
            names.setdefault(tenancy_id, []).append(name)
    result = []
    for case_id, status, opened_on, reminder_on, tenancy_id, street, number, addition, place in rows:
        address = " ".join(p for p in (street, number, addition or "") if p) + f", {place}"
        result.append({"id": case_id, "status": status, "opened_on": opened_on, "reminder_on": reminder_on,
                       "tenancy_id": tenancy_id, "reference": case_reference(tenancy_id), "address": address,
                       "tenant_names": ", ".join(names.get(tenancy_id, []))})
    return result


def cases_without_reminder(session: Session, actor: ActingUser) -> list[int]:
    """Ids of the landlord's open cases that have no written reminder yet (for the bulk reminders)."""
    _require_landlord(actor)
    return list(session.exec(select(Case.id).where(Case.landlord_id == actor.id, Case.status == "open",
                                                   Case.reminder_on.is_(None)).order_by(Case.id)))


def has_signal(session: Session, actor: ActingUser, case_id: int) -> bool:
    case = get_case(session, actor, case_id)
    return session.exec(select(Signal.id).where(Signal.landlord_id == actor.id,
                                                Signal.case_id == case.id)).first() is not None


def notification_export(session: Session, actor: ActingUser, case_id: int, today: dt.date, fmt: str = "csv") \
        -> tuple[str, bytes]:
    """The municipal notification of the case as CSV or JSON (filename, bytes). Needs a signal on the case."""
    case_input = document_case(session, actor, case_id, today)
    if case_input.signal is None:
        raise ValidationError("Deze zaak heeft nog geen melding bij de gemeente.")
    if fmt == "json":
        return f"melding-{case_input.signal.reference}.json", export.notification_json(case_input)
    return f"melding-{case_input.signal.reference}.csv", export.notification_csv(case_input)
