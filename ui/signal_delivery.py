"""The Dossier's part of issue 11 (a signal always reaches the municipality; warm handover), in functions of their
own so the case page stays short: the notice before sending, the warm-handover fields, and per signal how it
reached the municipality, the notification downloads and the form to record the day the landlord sent it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import streamlit as st

from naarnul import signal_sending
from naarnul.services import notify as notify_service
from naarnul.services import signal_delivery as service
from naarnul.text import markdown_escape as md
from naarnul.users import ActingUser
from ui.session import read_secrets, run_service, unit_of_work


def notice_before_sending(target: signal_sending.Route) -> None:
    """Told BEFORE sending when the municipality is not in the portal."""
    if not target.in_portal:
        st.warning(md(signal_sending.before_sending_notice(target)))


def send_label(target: signal_sending.Route) -> str:
    return "Melding versturen" if target.in_portal else "Melding klaarzetten"


def warm_handover_fields(case_id: int) -> dict:
    """The warm-handover part of the signal form; the keyword arguments of cases.send_signal."""
    marked = st.checkbox("Warme overdracht: iemand heeft al contact met de huurder en helpt bij de overdracht",
                         key=f"handover_{case_id}")
    if not marked:
        return {"warm_handover": False}
    consent = st.checkbox("De huurder geeft toestemming om deze persoon in de melding te noemen",
                          key=f"handover_consent_{case_id}")
    left, middle, right = st.columns(3)
    organisation = left.text_input("Organisatie", key=f"handover_org_{case_id}",
                                   max_chars=service.ORGANISATION_MAX, placeholder="bijvoorbeeld Buurtteam Oost")
    person = middle.text_input("Naam van de persoon", key=f"handover_person_{case_id}",
                               max_chars=service.PERSON_MAX)
    phone = right.text_input("Telefoon", key=f"handover_phone_{case_id}", max_chars=40,
                             placeholder="bijvoorbeeld 06 12345678")
    return {"warm_handover": True, "handover_consent": consent, "handover_organisation": organisation,
            "handover_person": person, "handover_phone": phone}


def _downloads(user: ActingUser, line: service.DeliveryLine) -> None:
    def file(fmt: str):
        return lambda: service.notification_file(unit_of_work(), user, signal_id=line.signal_id, fmt=fmt).data

    stem = line.reference
    formats = [("docx", "Word"), ("csv", "CSV"), ("json", "JSON")]
    if service.pdf_available():
        formats.insert(1, ("pdf", "PDF"))
    columns = st.columns(len(formats))
    for column, (fmt, label) in zip(columns, formats):
        column.download_button(f"Melding downloaden ({label})", data=file(fmt),
                               file_name=f"{stem}.{fmt}" if fmt != "docx" else f"melding-{stem}.docx",
                               mime=service.FORMATS[fmt], on_click="ignore",
                               key=f"delivery_download_{fmt}_{line.signal_id}")


def _by_email(user: ActingUser, line: service.DeliveryLine, flash_key: str) -> None:
    """Optional: with a mail server configured, Naar Nul sends it and records the day itself."""
    smtp = notify_service.smtp_settings(read_secrets())
    if smtp is None:
        return
    st.caption(f"Of laat Naar Nul de melding per e-mail sturen aan {md(line.address)}. Zodra de e-mail is "
               "verstuurd, legt Naar Nul de datum vast.")
    if st.button("Per e-mail versturen via Naar Nul", key=f"delivery_mail_{line.signal_id}"):
        run_service(lambda uow: service.email_signal(uow, user, signal_id=line.signal_id, smtp=smtp),
                    f"De melding staat klaar om per e-mail te versturen aan {md(line.address)}.", flash_key)


def deliveries(user: ActingUser, case_id: int, today: dt.date, flash_key: str,
               lines: Sequence[service.DeliveryLine] | None = None) -> None:
    """Per signal of the case: how it reached the municipality; while it waits: the files and the form. `lines`:
    the case's delivery lines when the page read them already (naarnul.services.case_page), else read here."""
    if lines is None:
        lines = service.deliveries_of_case(unit_of_work(), user, case_id=case_id)
    for line in lines:
        sentence = md(line.sentence[:1].lower() + line.sentence[1:])
        if not line.waiting:
            st.success(f"Melding {line.reference}: {sentence}")
            continue
        with st.container(border=True):
            st.warning(f"Melding {line.reference}: {sentence}")
            _downloads(user, line)
            if line.channel == signal_sending.EMAIL:
                _by_email(user, line, flash_key)
            with st.form(f"delivery_form_{line.signal_id}"):
                on = st.date_input("Datum waarop u de melding verstuurde", value=today, min_value=line.prepared_on,
                                   max_value=max(today, line.prepared_on), format="DD-MM-YYYY")
                sent_to = ""
                if line.needs_address:
                    sent_to = st.text_input("Waar stuurde u de melding naartoe? (e-mailadres of website)",
                                            max_chars=service.ADDRESS_MAX)
                if st.form_submit_button("Verzending vastleggen", type="primary"):
                    run_service(lambda uow, signal_id=line.signal_id, on=on, sent_to=sent_to: service.record_delivery(
                        uow, user, signal_id=signal_id, delivered_on=on, sent_to=sent_to, today=today),
                        f"Vastgelegd: u heeft melding {line.reference} verstuurd.", flash_key)
