"""Use cases of the court evidence pack (bewijsdossier) on the Dossier page: the summons window (a read) and the pack
itself (one download: a PDF and a ZIP with the original .docx files, the PDF and a manifest).

Reads are composed from store.evidence (scoped rows), store.cases (the timeline), store.signals (the municipality's
feedback, never the liaison's note) and store.custom_solutions; naarnul.evidence assembles the pack and
naarnul.documents.pdf turns its report into a PDF (LibreOffice, about 2 s, so only on request). Making a pack writes
one line on the case timeline; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlmodel import Session

from naarnul import calendar, covenant, evidence, ledger
from naarnul import signals as signal_rules
from naarnul import tenancy as tenancy_rules
from naarnul.arrangement import custom_solutions as solution_rules
from naarnul.arrangement_text import STATUS_LABELS
from naarnul.documents.pdf import libreoffice_available, to_pdf
from naarnul.formatting import format_date, format_money
from naarnul.users import ActingUser
from store import cases as case_store
from store import custom_solutions as solution_store
from store import evidence as store
from store import scope
from store import settings as settings_store
from store import signals as signal_store
from store.models import Case
from store.unit_of_work import UnitOfWork

ZIP_MIME = "application/zip"
PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NO_PDF = ("Een PDF maken lukt nu niet (LibreOffice ontbreekt op de server). In de ZIP staat het dossier daarom als "
          "Word-bestand.")


@dataclass(frozen=True)
class EvidenceDownload:
    zip_name: str
    zip_data: bytes
    report_name: str
    report_data: bytes  # the PDF, or the .docx report when no PDF could be made
    report_mime: str
    pdf_made: bool
    letters: int
    notice: str  # Dutch, empty when the PDF was made


def _signal_date(session: Session, actor: ActingUser, case: Case) -> dt.date | None:
    rows = store.signals(session, actor, case)
    return rows[0][0].sent_on if rows else None


def summons_info(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date) -> str:
    """The expected summons window after the signal, as one Dutch sentence ("" without a signal). A read."""
    with uow.reading():
        case, _ = store.case_and_tenancy(uow.session, actor, case_id)
        settings = settings_store.load(uow.session, evidence.EvidenceSettings)
        window = evidence.summons_window(_signal_date(uow.session, actor, case), settings)
    return window.sentence(today) if window else ""


def _pack(session: Session, actor: ActingUser, case_id: int, today: dt.date) -> evidence.EvidencePack:
    case, tenancy = store.case_and_tenancy(session, actor, case_id)
    assert case.id is not None and tenancy.id is not None
    lease = scope.lease_of(session, tenancy)
    arrears = ledger.arrears(ledger.rent_charges(lease, today), scope.payments_of(session, tenancy), today)
    plain = solution_store.plain_lease(session, tenancy)
    letters = tuple(evidence.EvidenceLetter(
        number=index, title=row.title, filename=row.filename, letter_date=row.letter_date,
        made_at=calendar.local(row.created_at), stored_checksum=row.checksum, content=bytes(row.content),
        shared_with_municipality=row.shared_with_municipality)
        for index, row in enumerate(store.documents(session, actor, case), start=1))
    signals = tuple(evidence.EvidenceSignal(
        reference=row.reference, sent_on=row.sent_on, arrears=ledger.from_cents(row.arrears_cents),
        months=row.arrears_months, urgent=row.urgent, status=signal_rules.status_label(row.status),
        picked_up_on=row.picked_up_on, content=tuple(signal_rules.payload_lines(payload)))
        for row, payload in store.signals(session, actor, case))
    feedback = tuple(evidence.EvidenceLine(row["on_date"], signal_rules.feedback_sentence(
        row["on_date"], row["outcome_label"], row["paused_until"], today).split(": ", 1)[-1])
        for row in signal_store.feedback_for_landlord(
            session, actor, case.id, settings=settings_store.load(session, covenant.CovenantSettings)))
    contacts = tuple(evidence.EvidenceLine(a.on_date, f"{covenant.CONTACT_CHANNELS.get(a.channel, a.channel)}: "
                                                      f"{covenant.CONTACT_OUTCOMES.get(a.outcome, a.outcome)}"
                                                      + (f". {a.note}" if a.note else ""))
                     for a in store.contact_attempts(session, actor, case))
    objections = tuple(evidence.EvidenceLine(o.received_on, "Bezwaar ontvangen ("
                                             + covenant.OBJECTION_CHANNELS.get(o.channel, o.channel) + ")"
                                             + (f", ingetrokken op {format_date(o.withdrawn_on)}"
                                                if o.withdrawn_on else ""))
                       for o in store.objections(session, actor, case))
    arrangements = tuple(evidence.EvidenceLine(a.created_on, f"Betalingsregeling van "
                                               f"{format_money(ledger.from_cents(a.total_cents))} vanaf "
                                               f"{format_date(a.start_date)}, {STATUS_LABELS.get(a.status, a.status)}"
                                               + (f" op {format_date(a.ended_on)}" if a.ended_on else "")
                                               + (f": {a.end_reason}" if a.end_reason else ""))
                         for a in store.arrangements(session, actor, case))
    solutions = []
    for row in solution_store.of_case(session, actor, case.id):
        rule = scope.solution_rule(row)
        if rule is None:
            continue
        text = solution_rules.describe(rule, plain)
        if row.ended_on:
            text += f" (gestopt op {format_date(row.ended_on)})"
        solutions.append(evidence.EvidenceLine(row.created_on, text + (f". {row.note}" if row.note else "")))
    timeline = tuple((calendar.local(e["at"]), e["summary"]) for e in case_store.timeline(session, actor, case.id))
    first_signal = signals[0].sent_on if signals else None
    status = "open" if case.status == "open" else f"gesloten op {format_date(case.closed_on)}" if case.closed_on \
        else "gesloten"
    return evidence.EvidencePack(
        case_reference=tenancy_rules.reference(tenancy.id),
        address=tenancy_rules.address_line(tenancy.street, tenancy.house_number, tenancy.house_number_addition,
                                           tenancy.place),
        tenant_names=", ".join(store.tenant_names(session, actor, tenancy.id)),
        landlord_name=store.landlord_name(session, actor), made_on=today, case_opened_on=case.opened_on,
        case_status=status, arrears=arrears.amount, arrears_months=arrears.months, timeline=timeline,
        letters=letters, signals=signals, feedback=feedback, contact_attempts=contacts, objections=objections,
        arrangements=arrangements, custom_solutions=tuple(solutions),
        summons=evidence.summons_window(first_signal, settings_store.load(session, evidence.EvidenceSettings)))


def make_evidence_pack(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date,
                       pdf=to_pdf) -> EvidenceDownload:
    """The evidence pack of one of the landlord's cases: the report as PDF (via LibreOffice) and the ZIP with the
    original letters, the report and the manifest. Writes its own line on the case timeline."""
    with uow:
        session = uow.session
        pack = _pack(session, actor, case_id, today)
        report_docx = evidence.report_docx(pack)
        report_pdf = pdf(report_docx)
        if report_pdf is not None:
            report_name, report, mime = evidence.REPORT_NAME, report_pdf, PDF_MIME
        else:
            report_name, report, mime = evidence.REPORT_DOCX_NAME, report_docx, DOCX_MIME
        archive = evidence.pack_zip(pack, report, report_name)
        case, _ = store.case_and_tenancy(session, actor, case_id)
        digest = hashlib.sha256(archive).hexdigest()
        store.log_made(session, actor, case,
                       f"Bewijsdossier gemaakt met {len(pack.letters)} brief/brieven (ZIP SHA-256 {digest[:16]}…)",
                       {"zip_sha256": digest, "letters": [letter.stored_checksum for letter in pack.letters]})
        uow.commit()
    return EvidenceDownload(zip_name=f"{pack.file_stem}.zip", zip_data=archive,
                            report_name=f"{pack.file_stem}.{report_name.rsplit('.', 1)[1]}", report_data=report,
                            report_mime=mime, pdf_made=report_pdf is not None, letters=len(pack.letters),
                            notice="" if report_pdf is not None else NO_PDF)


def evidence_pack_contents(uow: UnitOfWork, actor: ActingUser, *, case_id: int,
                           today: dt.date) -> evidence.EvidencePack:
    """The pack's contents without making files (a read, for tests and previews)."""
    with uow.reading():
        return _pack(uow.session, actor, case_id, today)


def pdf_available() -> bool:
    """Can the server make the PDF (LibreOffice installed)? Without it the ZIP holds the report as .docx."""
    return libreoffice_available()
