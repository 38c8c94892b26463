
import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.covenant import FEEDBACK_OUTCOMES
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.users import Role
from store import signals as signal_store
from store.engine import session_for
from ui.session import database_url, db, require_role, show_error

user = require_role(Role.LIAISON)

SIGNAL_KEY = "liaison_signal_id"  # set by the "Meldingen" page

st.title("Melding")

signal_id = st.query_params.get("id") or st.session_state.get(SIGNAL_KEY)
if not signal_id:
    st.info("Kies eerst een melding op de pagina Meldingen.")
    st.page_link("pages/liaison/inbox.py", label="Naar Meldingen", icon=":material/inbox:")
    st.stop()

try:
    with db() as session:
        signal = signal_store.open_signal(session, user, signal_id)
except NaarNulError as error:
    st.session_state.pop(SIGNAL_KEY, None)
    show_error(error)
    st.page_link("pages/liaison/inbox.py", label="Naar Meldingen", icon=":material/inbox:")
    st.stop()

st.subheader(f"{signal['tenant_names'] or 'Huurder'} · {signal['reference']}")
col1, col2, col3, col4 = st.columns(4)
col1.metric("Achterstand", format_money(signal["arrears"]))
col2.metric("Maanden", signal["arrears_months"])
col3.metric("Gemeld op", format_date(signal["sent_on"]))
col4.metric("Status", signal["status_label"].capitalize())
if signal["urgent"]:
    st.warning("De verhuurder heeft deze melding met spoed gedaan.")
if signal["is_repeat"]:
    st.info("Herhaalde melding: deze huurder is eerder gemeld en de achterstand is sindsdien niet gegroeid.")

st.markdown("#### Gegevens uit de melding")
lines = signal_store.payload_lines(signal["payload"])
if lines:
    st.table(pd.DataFrame(lines, columns=["Gegeven", "Waarde"]).set_index("Gegeven"))
else:
    st.write(f"Verhuurder: {signal['landlord_name']}. Postcode: {signal['postcode']}.")

st.markdown("#### Documenten")
url = database_url()


def document_bytes(document_id: int):
    """Bytes made only when the user clicks, so the audit log records real downloads only."""
    def build() -> bytes:
        with session_for(url) as session:
            return signal_store.shared_document(session, user, document_id)[1]
    return build


def export_bytes(fmt: str):
    def build() -> bytes:
        with session_for(url) as session:
            return signal_store.export(session, user, [signal["id"]], fmt=fmt)
    return build


csv_col, json_col = st.columns(2)
csv_col.download_button("Melding downloaden (CSV)", data=export_bytes("csv"),
                        file_name=f"{signal_store.safe_filename(signal['reference'])}.csv", mime="text/csv",
                        on_click="ignore", icon=":material/table:")
json_col.download_button("Melding downloaden (JSON)", data=export_bytes("json"),
                         file_name=f"{signal_store.safe_filename(signal['reference'])}.json",
                         mime="application/json", on_click="ignore", icon=":material/data_object:")

if signal["documents"]:
    for document in signal["documents"]:
        left, right = st.columns([3, 1])
        left.write(f"{document['title']} — {format_date(document['created_at'].date())}")
        right.download_button("Downloaden", data=document_bytes(document["id"]),
                              file_name=signal_store.safe_filename(document["filename"]),
                              key=f"document_{document['id']}", on_click="ignore", icon=":material/download:")
else:
    st.caption("De verhuurder heeft (nog) geen documenten met de gemeente gedeeld.")

st.markdown("#### Contactpogingen van de verhuurder")
if signal["contact_attempts"]:
    st.dataframe(pd.DataFrame([{"Datum": format_date(a["on_date"]), "Hoe": a["channel"], "Uitkomst": a["outcome"]}
                               for a in signal["contact_attempts"]]), hide_index=True, width="stretch")
else:
    st.caption("Geen contactpogingen vastgelegd.")

st.markdown("#### Terugkoppeling")
for item in signal["feedback"]:
    text = f"**{format_date(item['on_date'])}** — {item['outcome_label']}"
    if item["help_accepted"]:
        text += " · hulp aanvaard"
    st.markdown(text)
    if item["liaison_note"]:
        st.caption(f"Interne notitie (alleen voor de gemeente): {item['liaison_note']}")
if signal["collection_paused_until"]:
    st.caption(f"De incasso is gepauzeerd tot en met {format_date(signal['collection_paused_until'])}.")

today = calendar.today()
not_picked_up = [code for code in FEEDBACK_OUTCOMES if code in signal_store.NOT_PICKED_UP]
picked_up = [code for code in FEEDBACK_OUTCOMES if code in signal_store.PICKED_UP]
with st.form("feedback_form"):
    st.write("Laat de verhuurder weten wat er met de melding is gebeurd. De verhuurder ziet alleen de uitkomst.")
    outcome = st.selectbox("Uitkomst", not_picked_up + picked_up, index=None, placeholder="Kies een uitkomst",
                           format_func=lambda code: FEEDBACK_OUTCOMES[code],
                           help="Eerst de uitkomsten 'niet opgepakt', daarna 'opgepakt' met het eindresultaat.")
    on_date = st.date_input("Datum", value=today, min_value=signal["sent_on"], max_value=max(today, signal["sent_on"]),
                            format="DD-MM-YYYY")
    help_accepted = st.checkbox("De huurder heeft hulp aanvaard",
                                help="Dan pauzeert de verhuurder de incasso 30 dagen (convenant).")
    note = st.text_area("Interne notitie — alleen zichtbaar voor de gemeente",
                        help="De verhuurder ziet deze notitie nooit. Schrijf hier niets wat niet nodig is.")
    submitted = st.form_submit_button("Terugkoppeling opslaan", type="primary")

if submitted:
    try:
        with db() as session:
            signal_store.record_feedback(session, user, signal["id"], on_date=on_date, outcome=outcome or "",
                                         help_accepted=help_accepted, liaison_note=note, today=today)
    except NaarNulError as error:
        show_error(error)
    else:
        st.success("De terugkoppeling is opgeslagen. De verhuurder ziet de uitkomst in het dossier.")
