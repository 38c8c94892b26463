
import datetime as dt

import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.services import notify as notify_service
from naarnul.services import signals as signal_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.session import read_secrets, require_role, run_service, show_error, show_flash, unit_of_work

user = require_role(Role.LIAISON)

PAGE_SIZE = 25
SIGNAL_KEY = "liaison_signal_id"  # the signal the "Melding" page shows

status_labels = {"": "Alle", **signal_service.STATUS_LABELS}
today = calendar.today()
title = st.empty()
st.write("Hier ziet u de meldingen van verhuurders over huurders in uw gemeente. Nieuwe meldingen staan bovenaan.")
try:
    colleagues = dict(signal_service.list_colleagues(unit_of_work(), user))
except NaarNulError as error:
    show_error(error)
    st.stop()
assignee_labels: dict[object, str] = {"": "Iedereen", signal_service.UNASSIGNED: "Niemand (niet toegewezen)",
                                      **{uid: name for uid, name in colleagues.items()}}
picked_labels = {"": "Alle", "yes": "Opgepakt", "no": "Nog niet opgepakt"}
col1, col2, col3, col4 = st.columns(4)
status = col1.selectbox("Status", list(status_labels), format_func=lambda s: status_labels[s].capitalize())
assigned = col2.selectbox("Behandelaar", list(assignee_labels), format_func=lambda k: assignee_labels[k])
picked = col3.selectbox("Opgepakt", list(picked_labels), format_func=lambda k: picked_labels[k])
min_age = col4.number_input("Minstens zo veel dagen oud", min_value=0, max_value=3650, value=0, step=1,
                            help="Dagen sinds de melding. 0: alle meldingen.")
col5, col6 = st.columns([1, 2])
period = col5.date_input("Periode (datum melding)", value=(), format="DD-MM-YYYY",
                         help="Kies een begin- en einddatum. Leeg: alle datums.")
search = col6.text_input("Zoeken op naam of postcode", placeholder="bijvoorbeeld De Vries of 1011 AB",
                         max_chars=100)
since = period[0] if len(period) >= 1 else None
until = period[1] if len(period) == 2 else None
picked_up = {"yes": True, "no": False}.get(picked)

filters = (status, assigned, picked, int(min_age), since, until, search.strip())
if st.session_state.get("inbox_filters") != filters:
    st.session_state["inbox_filters"] = filters
    st.session_state["inbox_page"] = 0
page_number = st.session_state.get("inbox_page", 0)

try:
    inbox = signal_service.list_inbox(unit_of_work(), user, status=status or None, since=since, until=until,
                                      search=search, assigned_to=assigned or None, picked_up=picked_up,
                                      min_age_days=int(min_age) or None, page=page_number, page_size=PAGE_SIZE,
                                      today=today)
except NaarNulError as error:
    title.title("Meldingen")
    show_error(error)
    st.stop()
title.title(f"Meldingen voor {md(inbox.municipality_name)}")
rows, total = inbox.rows, inbox.total

# --- an e-mail when a new signal arrives (issue 12), opt-in ---------------------------------------------------------
ALERT_FLASH_KEY = "liaison_inbox_alert_flash"
show_flash(ALERT_FLASH_KEY)
with st.expander("E-mail bij een nieuwe melding"):
    mail_status = notify_service.mail_status(read_secrets())
    if not mail_status.enabled:
        st.caption(mail_status.line)
    else:
        alerts_on = notify_service.signal_alerts_enabled(unit_of_work(), user)
        if not notify_service.alert_address(unit_of_work(), user):
            st.warning("Uw account heeft geen e-mailadres. Dan krijgt u geen e-mail bij een nieuwe melding, ook niet "
                       "als u hem hieronder aanzet. Vraag de beheerder om uw e-mailadres toe te voegen.")
        with st.form(f"inbox_signal_alerts_{alerts_on}"):
            alerts = st.checkbox("Stuur mij een e-mail als er een nieuwe melding voor mijn gemeente binnenkomt",
                                 value=alerts_on,
                                 help="Eén e-mail per melding, zonder gegevens van de huurder: u leest de melding "
                                      "hier in het portaal. Hij gaat naar het e-mailadres van uw account.")
            alerts_saved = st.form_submit_button("Keuze opslaan")
        if alerts_saved:
            run_service(lambda uow: notify_service.set_signal_alerts(uow, user, enabled=alerts),
                        "De e-mail bij een nieuwe melding staat " + ("aan." if alerts else "uit."), ALERT_FLASH_KEY)



def ddas_section() -> None:
    """The DDAS delivery (CBS monitor) of a period; shown with or without signals in the list."""
    st.subheader("DDAS-levering (CBS-monitor)")
    st.caption("De meldingen en signaalzaken van uw gemeente over een periode, als JSON volgens het DDAS "
               "Uitwisselmodel 1.2. Het bestand is gecontroleerd tegen het schema. Er staan geen namen in: de "
               "huurder is alleen postcode en huisnummer.")
    default = (dt.date(today.year, 1, 1), today)
    chosen_period = st.date_input("Periode van de levering (datum melding)", value=default, format="DD-MM-YYYY",
                                  key="ddas_period", max_value=today)
    if len(chosen_period) != 2:
        st.caption("Kies een begin- en een einddatum.")
        return
    start, end = chosen_period
    uow = unit_of_work()
    st.download_button("DDAS-levering downloaden (JSON)",
                       data=lambda: signal_service.export_ddas(uow, user, start=start, end=end).data,
                       file_name=f"ddas-levering-{user.municipality_code}-{start.isoformat()}-{end.isoformat()}.json",
                       mime="application/json", on_click="ignore", icon=":material/download:", key="ddas_download")


if not rows:
    if total == 0 and not any([status, assigned, picked, min_age, since, until, search.strip()]):
        st.info("Er zijn nog geen meldingen van verhuurders voor uw gemeente.")
    else:
        st.info("Geen meldingen gevonden met deze filters.")
    ddas_section()
    st.stop()

table = pd.DataFrame([{  # the workflow first; the table scrolls sideways on narrow screens
    "Datum": format_date(r.sent_on),
    "Dagen": r.age_days,
    "Kenmerk": r.reference,
    "Huurder(s)": r.tenant_names,
    "Achterstand": format_money(r.arrears),
    "Status": r.status_label,
    "Behandelaar": r.assignee_name,
    "Opgepakt": format_date(r.picked_up_on) if r.picked_up_on else "",
    "Spoed": "spoed" if r.urgent else "",
    "Postcode": r.postcode,
    "Verhuurder": r.landlord_name,
    "Maanden": r.arrears_months,
    "Herhaling": "herhaalde melding" if r.is_repeat else "",
} for r in rows])
st.caption(f"{total} melding(en). Klik op het vakje vóór een rij om meldingen te kiezen.")
event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="multi-row",
                     key=f"inbox_table_{page_number}")
chosen = [rows[i].id for i in event.selection.rows]

if inbox.page_count > 1:
    prev_col, info_col, next_col = st.columns([1, 2, 1])
    if prev_col.button("Vorige", disabled=page_number == 0):
        st.session_state["inbox_page"] = page_number - 1
        st.rerun()
    info_col.caption(f"Pagina {page_number + 1} van {inbox.page_count}")
    if next_col.button("Volgende", disabled=page_number >= inbox.page_count - 1):
        st.session_state["inbox_page"] = page_number + 1
        st.rerun()

by_id = {r.id: r for r in rows}
open_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
to_open = open_col.selectbox("Melding openen", list(by_id), index=list(by_id).index(chosen[0]) if chosen else 0,
                             format_func=lambda i: f"{by_id[i].reference} · {by_id[i].tenant_names} · "
                                                   f"{format_date(by_id[i].sent_on)}")
if button_col.button("Openen", type="primary"):
    st.session_state[SIGNAL_KEY] = to_open
    st.switch_page("pages/liaison/signal.py")

st.subheader("Gekozen meldingen")
if not chosen:
    st.caption("Kies een of meer meldingen in de tabel (het vakje vóór de rij) om ze samen te downloaden of te "
               "exporteren.")
    ddas_section()
    st.stop()

ids = list(chosen)


def make(kind: str):
    """Bytes made only when the user clicks (so the audit log records real downloads only)."""
    uow = unit_of_work()

    def build() -> bytes:
        if kind == "zip":
            return signal_service.download_documents_zip(uow, user, signal_ids=ids)
        return signal_service.export_signals(uow, user, signal_ids=ids, fmt=kind)
    return build


stamp = today.isoformat()
zip_col, csv_col, json_col = st.columns(3)
zip_col.download_button("Documenten (ZIP)", data=make("zip"), file_name=f"meldingen-{stamp}.zip",
                        mime="application/zip", on_click="ignore", icon=":material/folder_zip:")
csv_col.download_button("Exporteren (CSV)", data=make("csv"), file_name=f"meldingen-{stamp}.csv",
                        mime="text/csv", on_click="ignore", icon=":material/table:")
json_col.download_button("Exporteren (JSON)", data=make("json"), file_name=f"meldingen-{stamp}.json",
                         mime="application/json", on_click="ignore", icon=":material/data_object:")
st.caption("De ZIP bevat alle documenten die de verhuurder met de gemeente deelde, per melding een map, en een "
           "overzicht meldingen.csv. CSV en JSON zijn bedoeld om in uw eigen systeem in te lezen.")
ddas_section()
