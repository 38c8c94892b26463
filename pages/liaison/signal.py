
import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.services import signals as signal_service
from naarnul.text import markdown_escape
from naarnul.users import Role
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

user = require_role(Role.LIAISON)

SIGNAL_KEY = "liaison_signal_id"  # set by the "Meldingen" page
FLASH_KEY = "liaison_signal_flash"

st.title("Melding")
show_flash(FLASH_KEY)

signal_id = st.query_params.get("id") or st.session_state.get(SIGNAL_KEY)
if not signal_id:
    st.info("Kies eerst een melding op de pagina Meldingen.")
    st.page_link("pages/liaison/inbox.py", label="Naar Meldingen", icon=":material/inbox:")
    st.stop()

try:
    signal = signal_service.view_signal(unit_of_work(), user, signal_id=signal_id)
except NaarNulError as error:
    st.session_state.pop(SIGNAL_KEY, None)
    show_error(error)
    st.page_link("pages/liaison/inbox.py", label="Naar Meldingen", icon=":material/inbox:")
    st.stop()

st.subheader(f"{markdown_escape(signal.tenant_names) or 'Huurder'} · {markdown_escape(signal.reference)}")
col1, col2, col3, col4 = st.columns(4)
col1.metric("Achterstand", format_money(signal.arrears))
col2.metric("Maanden", signal.arrears_months)
col3.metric("Gemeld op", format_date(signal.sent_on))
col4.metric("Status", signal.status_label.capitalize())
if signal.urgent:
    st.warning("De verhuurder heeft deze melding met spoed gedaan.")
if signal.is_repeat:
    st.info("Herhaalde melding: deze huurder is eerder gemeld en de achterstand is sindsdien niet gegroeid.")
if signal.status == "new":
    st.caption("Neemt u deze melding op? Zet haar dan in behandeling: de verhuurder ziet dat in het dossier.")
    if st.button("In behandeling nemen", key=f"start_handling_{signal.id}", type="primary"):
        run_service(lambda uow: signal_service.start_handling(uow, user, signal_id=signal.id),
                    "De melding is in behandeling.", FLASH_KEY)

st.markdown("#### Gegevens uit de melding")
if signal.payload_lines:
    st.dataframe(pd.DataFrame(signal.payload_lines, columns=["Gegeven", "Waarde"]), hide_index=True,
                 width="stretch")
else:
    st.markdown(f"Verhuurder: {markdown_escape(signal.landlord_name)}. Postcode: {markdown_escape(signal.postcode)}.")

st.markdown("#### Documenten")


def document_bytes(document_id: int):
    """Bytes made only when the user clicks, so the audit log records real downloads only."""
    uow = unit_of_work()
    return lambda: signal_service.download_document(uow, user, document_id=document_id).data


def export_bytes(fmt: str):
    uow = unit_of_work()
    return lambda: signal_service.export_signals(uow, user, signal_ids=[signal.id], fmt=fmt)


csv_col, json_col = st.columns(2)
csv_col.download_button("Melding downloaden (CSV)", data=export_bytes("csv"), file_name=f"{signal.file_stem}.csv",
                        mime="text/csv", on_click="ignore", icon=":material/table:")
json_col.download_button("Melding downloaden (JSON)", data=export_bytes("json"),
                         file_name=f"{signal.file_stem}.json", mime="application/json", on_click="ignore",
                         icon=":material/data_object:")

if signal.documents:
    for document in signal.documents:
        left, right = st.columns([3, 1])
        left.markdown(f"{markdown_escape(document.title)} — {format_date(document.created_at.date())}, "
                      f"{document.created_at:%H:%M} uur")
        right.download_button("Downloaden", data=document_bytes(document.id), file_name=document.filename,
                              key=f"document_{document.id}", on_click="ignore", icon=":material/download:")
else:
    st.caption("De verhuurder heeft (nog) geen documenten met de gemeente gedeeld.")

st.markdown("#### Contactpogingen van de verhuurder")
if signal.contact_attempts:
    st.dataframe(pd.DataFrame([{"Datum": format_date(a.on_date), "Hoe": a.channel, "Uitkomst": a.outcome}
                               for a in signal.contact_attempts]), hide_index=True, width="stretch")
else:
    st.caption("Geen contactpogingen vastgelegd.")

st.markdown("#### Terugkoppeling")
for item in signal.feedback:
    text = f"**{format_date(item.on_date)}** — {markdown_escape(item.outcome_label)}"
    if item.help_accepted:
        text += " · hulp aanvaard"
    st.markdown(text)
    if item.liaison_note:
        st.caption(f"Interne notitie (alleen voor de gemeente): {markdown_escape(item.liaison_note)}")
if signal.collection_paused_until:
    st.caption(f"De incasso is gepauzeerd tot en met {format_date(signal.collection_paused_until)}.")

today = calendar.today()
outcomes = dict(signal_service.FEEDBACK_CHOICES)
with st.form(f"feedback_form_{signal.id}_{len(signal.feedback)}"):  # a new, empty form after each saved answer
    st.write("Laat de verhuurder weten wat er met de melding is gebeurd. De verhuurder ziet alleen de uitkomst.")
    outcome = st.selectbox("Uitkomst", list(outcomes), index=None, placeholder="Kies een uitkomst",
                           format_func=outcomes.get,
                           help="Eerst de uitkomsten 'niet opgepakt', daarna 'opgepakt' met het eindresultaat.")
    on_date = st.date_input("Datum", value=today, min_value=signal.sent_on, max_value=max(today, signal.sent_on),
                            format="DD-MM-YYYY")
    help_accepted = st.checkbox("De huurder heeft hulp aanvaard",
                                help="Dan pauzeert de verhuurder de incasso 30 dagen (convenant).")
    note = st.text_area("Interne notitie — alleen zichtbaar voor de gemeente", max_chars=signal_service.NOTE_MAX,
                        help="De verhuurder ziet deze notitie nooit. Schrijf hier niets wat niet nodig is.")
    submitted = st.form_submit_button("Terugkoppeling opslaan", type="primary")

if submitted:
    run_service(lambda uow: signal_service.record_feedback(
        uow, user, signal_id=signal.id, on_date=on_date, outcome=outcome or "", help_accepted=help_accepted,
        liaison_note=note, today=today),
        "De terugkoppeling is opgeslagen. De verhuurder ziet de uitkomst in het dossier.", FLASH_KEY)
