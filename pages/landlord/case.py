from functools import partial
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul import covenant
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from naarnul.services.refresh import refresh_arrears
from store import cases as case_store
from store import tenancies as tenancy_store
from ui.session import db, require_role, run_action, show_error, show_flash

user = require_role(Role.LANDLORD)
today = calendar.today()
CASE_KEY = "naarnul_case_id"  # set by the "Vandaag" page
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STATUS_ICONS = {covenant.DONE: "✅", covenant.DUE: "🔵", covenant.OVERDUE: "🔴", covenant.BLOCKED: "⛔",
                covenant.WAITING: "⏳", covenant.OPTIONAL: "⚪", covenant.NOT_NEEDED: "➖"}

FLASH_KEY = "case_flash"
act = partial(run_action, flash_key=FLASH_KEY)  # one store action, then a success message

st.title("Dossier")
show_flash(FLASH_KEY)

with db() as session:
    open_cases, _ = case_store.list_cases(session, user, status="open", limit=200, today=today)
    closed_cases, _ = case_store.list_cases(session, user, status="closed", limit=50, today=today)
all_cases = {c["id"]: c for c in open_cases + closed_cases}
if not all_cases:
    st.info("Er is nog geen dossier. Een dossier opent vanzelf zodra een huurder te laat betaalt. Leg uw huurders "
            "vast en lees uw betalingen in.")
    st.stop()

wanted = st.query_params.get("zaak") or st.session_state.get(CASE_KEY)
try:
    wanted = int(wanted) if wanted is not None else None
except ValueError:
    wanted = None
ids = list(all_cases)
if wanted not in all_cases:
    wanted = ids[0]
case_id = st.selectbox(
    "Zaak", ids, index=ids.index(wanted),
    format_func=lambda i: f"{all_cases[i]['address']} – {all_cases[i]['tenant_names']}"
                          + (" (gesloten)" if all_cases[i]["status"] == "closed" else ""))
st.session_state[CASE_KEY] = case_id

with db() as session:
    refresh_arrears(session, user, today, [case_store.get_case(session, user, case_id).tenancy_id], force=True)  # feedback or a letter may have changed the next step
    summary = case_store.case_summary(session, user, case_id, today)
    rows, arrears = tenancy_store.tenancy_ledger(session, user, summary["tenancy_id"], today)
    steps = case_store.guide(session, user, case_id, today)
    check = case_store.signal_status(session, user, case_id, today)
    events = case_store.timeline(session, user, case_id)
    signals = case_store.signals_of_case(session, user, case_id)
    feedback = []
    try:
        from store import signals as signal_store
    except ImportError:
        signal_store = None
    if signal_store is not None and hasattr(signal_store, "feedback_for_landlord"):
        feedback = [signal_store.feedback_summary(item, today) if hasattr(signal_store, "feedback_summary")
                    else f"{format_date(item['on_date'])}: {item['outcome_label']}"
                    for item in signal_store.feedback_for_landlord(session, user, case_id)]
open_case = summary["status"] == "open"

st.markdown(f"**{md(summary['address'])}** – {md(summary['tenant_names'])} · kenmerk {summary['reference']}")
if not open_case:
    st.info(f"Deze zaak is gesloten op {format_date(summary['closed_on'])}: {md(summary['close_reason'])}.")

st.subheader("Huurachterstand")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Bedrag", format_money(arrears.amount))
c2.metric("Maanden", arrears.months)
c3.metric("Oudste onbetaalde huur", format_date(arrears.oldest_unpaid_due) if arrears.oldest_unpaid_due else "–")
c4.metric("Dagen te laat", arrears.days_late)
if arrears.open_charges:
    st.caption("Open: " + "; ".join(f"{item.label} {format_money(item.open)}" for item in arrears.open_charges))

with st.expander("Overzicht van huur en betalingen"):
    if rows:
        st.dataframe(pd.DataFrame([{"Datum": format_date(r.on), "Omschrijving": r.description,
                                    "Huur": format_money(r.charge) if r.charge else "",
                                    "Betaald": format_money(r.payment) if r.payment else "",
                                    "Saldo": format_money(r.balance)} for r in rows]),
                     hide_index=True, use_container_width=True)
        st.caption("Saldo: wat de huurder na die regel nog moet betalen (een min is tegoed).")

st.subheader("Stappen")
for step in steps:
    when = ""
    if step.done_on:
        when = f" – gedaan op {format_date(step.done_on)}"
    elif step.due_by and step.status in (covenant.DUE, covenant.OVERDUE, covenant.OPTIONAL):
        when = f" – uiterlijk {format_date(step.due_by)}"
    elif step.due_by and step.status == covenant.WAITING:
        when = f" – vanaf {format_date(step.due_by)}"
    st.markdown(f"{STATUS_ICONS.get(step.status, '')} **{step.title}** "
                f"({covenant.STATUS_LABELS.get(step.status, step.status)}){when}")
    st.caption(step.why)
    for reason in step.reasons:
        st.caption(f"• {reason}")

if feedback:
    st.subheader("Terugkoppeling van de gemeente")
    for line in feedback:
        st.info(line)


if open_case:
    st.subheader("Stap vastleggen")
    reminder, contact, objection, closing = st.tabs(["Herinnering", "Contact", "Bezwaar", "Zaak sluiten"])
    with reminder:
        with st.form("friendly_reminder"):
            on = st.date_input("Datum vriendelijke herinnering", value=today, max_value=today, format="DD-MM-YYYY")
            if st.form_submit_button("Vriendelijke herinnering vastleggen"):
                act(lambda s: case_store.record_friendly_reminder(s, user, case_id, on=on, today=today),
                     "De vriendelijke herinnering is vastgelegd.")
        with st.form("written_reminder"):
            on = st.date_input("Datum schriftelijke herinnering (met het aanbod om gegevens door te geven)",
                               value=today, max_value=today, format="DD-MM-YYYY")
            if st.form_submit_button("Schriftelijke herinnering vastleggen"):
                act(lambda s: case_store.record_written_reminder(s, user, case_id, on=on, today=today),
                     "De schriftelijke herinnering is vastgelegd.")
    with contact:
        with st.form("contact_attempt"):
            on = st.date_input("Datum contactpoging", value=today, max_value=today, format="DD-MM-YYYY")
            channel = st.selectbox("Hoe", list(covenant.CONTACT_CHANNELS),
                                   format_func=lambda k: covenant.CONTACT_CHANNELS[k])
            outcome = st.selectbox("Uitkomst", list(covenant.CONTACT_OUTCOMES),
                                   format_func=lambda k: covenant.CONTACT_OUTCOMES[k])
            note = st.text_area("Notitie (mag leeg)")
            if st.form_submit_button("Contactpoging vastleggen"):
                act(lambda s: case_store.record_contact_attempt(s, user, case_id, on=on, channel=channel,
                                                                 outcome=outcome, note=note, today=today),
                     "De contactpoging is vastgelegd.")
        with st.form("contact_failed"):
            on = st.date_input("Datum", value=today, max_value=today, format="DD-MM-YYYY", key="failed_on")
            st.caption("Lukt persoonlijk contact niet, ook na een paar pogingen? Bevestig dat hier.")
            if st.form_submit_button("Bevestigen: contact is niet gelukt"):
                act(lambda s: case_store.confirm_contact_failed(s, user, case_id, on=on, today=today),
                     "Vastgelegd dat contact niet is gelukt.")
    with objection:
        with st.form("objection"):
            on = st.date_input("Datum bezwaar ontvangen", value=today, max_value=today, format="DD-MM-YYYY")
            channel = st.selectbox("Hoe kwam het bezwaar binnen", list(covenant.OBJECTION_CHANNELS),
                                   format_func=lambda k: covenant.OBJECTION_CHANNELS[k])
            if st.form_submit_button("Bezwaar vastleggen"):
                act(lambda s: case_store.record_objection(s, user, case_id, received_on=on, channel=channel,
                                                           today=today), "Het bezwaar is vastgelegd.")
        with st.form("objection_withdrawn"):
            on = st.date_input("Datum bezwaar ingetrokken", value=today, max_value=today, format="DD-MM-YYYY")
            if st.form_submit_button("Bezwaar ingetrokken"):
                act(lambda s: case_store.withdraw_objection(s, user, case_id, on=on, today=today),
                     "Vastgelegd dat het bezwaar is ingetrokken.")
    with closing:
        with st.form("close_case"):
            reason = st.text_input("Waarom sluit u de zaak?", placeholder="bijvoorbeeld: regeling afgerond")
            if st.form_submit_button("Zaak sluiten"):
                act(lambda s: case_store.close_case(s, user, case_id, reason=reason, today=today),
                     "De zaak is gesloten.")

    st.subheader("Melding aan de gemeente")
    if not check.allowed:
        st.warning("U kunt nog niet melden:\n\n" + "\n".join(f"- {reason}" for reason in check.reasons))
        st.button("Melding versturen", disabled=True, key="signal_disabled")
    else:
        st.write("Alle stappen zijn gedaan. De gemeente krijgt de contactgegevens van de huurder en het bedrag van "
                 "de achterstand, zodat zij hulp kan aanbieden.")
        urgent = st.checkbox("Spoed (bijvoorbeeld: er is al een datum bij de rechter)", key="signal_urgent")
        urgent_reason = st.text_input("Reden voor spoed", key="signal_urgent_reason") if urgent else ""
        repeat = False
        if check.is_repeat:
            st.warning(check.repeat_notice)
            repeat = st.checkbox("Ik wil toch opnieuw melden", key="signal_repeat")
        sure = st.checkbox("Ik heb de gegevens gecontroleerd en wil de melding nu versturen", key="signal_sure")
        if st.button("Melding versturen", type="primary", disabled=not sure, key="signal_send"):
            try:
                with db() as session:
                    reference = case_store.send_signal(session, user, case_id, today, urgent=urgent,
                                                       urgent_reason=urgent_reason, confirm_repeat=repeat).reference
            except NaarNulError as error:
                show_error(error)
            else:
                st.session_state[FLASH_KEY] = f"De melding is verstuurd (kenmerk {reference})."
                st.rerun()
    for signal in signals:
        st.caption(f"Melding {signal['reference']} op {format_date(signal['sent_on'])}, achterstand "
                   f"{format_money(signal['arrears'])}.")

st.subheader("Tijdlijn")
st.caption("Alles wat in deze zaak is gedaan, met datum. Dit kunt u later laten zien, bijvoorbeeld aan de rechter.")
if events:
    st.dataframe(pd.DataFrame([{"Wanneer": f"{event['at'].astimezone(AMSTERDAM):%d-%m-%Y %H:%M}",
                                "Wat": event["summary"]} for event in events]),
                 hide_index=True, use_container_width=True)
