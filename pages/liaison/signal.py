
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
NOBODY = 0  # the "nobody" choice of the Behandelaar list

st.title("Melding")
show_flash(FLASH_KEY)

signal_id = st.query_params.get("id") or st.session_state.get(SIGNAL_KEY)
if not signal_id:
    st.info("Kies eerst een melding op de pagina Meldingen.")
    st.page_link("pages/liaison/inbox.py", label="Naar Meldingen", icon=":material/inbox:")
    st.stop()

today = calendar.today()
try:
    signal = signal_service.view_signal(unit_of_work(), user, signal_id=signal_id, today=today)
    colleagues = dict(signal_service.list_colleagues(unit_of_work(), user))
except NaarNulError as error:
    st.session_state.pop(SIGNAL_KEY, None)
    show_error(error)
    st.page_link("pages/liaison/inbox.py", label="Naar Meldingen", icon=":material/inbox:")
    st.stop()
story = signal.story

st.subheader(f"{markdown_escape(signal.tenant_names) or 'Huurder'} · {markdown_escape(signal.reference)}")
st.markdown(f"Gemeld op **{format_date(signal.sent_on)}** door {markdown_escape(signal.landlord_name)}")
col1, col2, col3 = st.columns(3)  # a date is no metric: "2 novemb…" would be cut off
col1.metric("Achterstand", format_money(signal.arrears))
col2.metric("Dagen sinds melding", signal.age_days)
col3.metric("Status", signal.status_label.capitalize())
if signal.urgent:
    reason = f" Reden: {markdown_escape(story.urgent_reason)}" if story and story.urgent_reason else ""
    st.warning("De verhuurder heeft deze melding met spoed gedaan." + reason)
if signal.is_repeat:
    st.info("Herhaalde melding: deze huurder is eerder gemeld en de achterstand is sindsdien niet gegroeid.")

if signal.status == "new":
    st.caption("Neemt u deze melding op? Zet haar dan in behandeling: de verhuurder ziet dat in het dossier.")
    if st.button("In behandeling nemen", key=f"start_handling_{signal.id}", type="primary"):
        run_service(lambda uow: signal_service.start_handling(uow, user, signal_id=signal.id, today=today),
                    "De melding is in behandeling.", FLASH_KEY)

# --- handling: status, colleague, date picked up ----------------------------------------------------------------
st.markdown("#### Behandeling")
who = markdown_escape(signal.assignee_name) if signal.assignee_name else "niemand"
picked = format_date(signal.picked_up_on) if signal.picked_up_on else "nog niet"
st.markdown(f"Behandelaar: **{who}** · Opgepakt: **{picked}** · Status: **{signal.status_label}**")
statuses = dict(signal_service.STATUS_LABELS)
people = {NOBODY: "Niemand", **colleagues}
with st.form(f"handling_form_{signal.id}"):
    left, middle, right = st.columns(3)
    new_status = left.selectbox("Status", list(statuses), index=list(statuses).index(signal.status),
                                format_func=lambda s: statuses[s].capitalize())
    assignee = middle.selectbox("Behandelaar", list(people),
                                index=list(people).index(signal.assigned_to_id)
                                if signal.assigned_to_id in people else 0,
                                format_func=lambda k: people[k],
                                help="Alleen collega's van uw eigen gemeente.")
    picked_up_on = right.date_input("Datum opgepakt", value=signal.picked_up_on, min_value=signal.sent_on,
                                    max_value=max(today, signal.sent_on), format="DD-MM-YYYY",
                                    help="Leeg: vandaag, zodra de status niet meer 'nieuw' is.")
    handling_saved = st.form_submit_button("Behandeling opslaan", type="primary")
if handling_saved:
    run_service(lambda uow: signal_service.update_handling(
        uow, user, signal_id=signal.id, status=new_status, assigned_to=assignee or None,
        picked_up_on=picked_up_on, today=today), "De behandeling is opgeslagen.", FLASH_KEY)

# --- the case as the landlord built it --------------------------------------------------------------------------
if story is not None:
    st.markdown("#### Huurder en woning")
    for tenant in story.tenants:
        parts = [f"**{markdown_escape(tenant.name)}**"]
        if tenant.born:
            parts.append(f"geboren {tenant.born}")
        if tenant.phone:
            parts.append(f"telefoon {markdown_escape(tenant.phone)}")
        if tenant.email:
            parts.append(f"e-mail {markdown_escape(tenant.email)}")
        st.markdown(" · ".join(parts))
    if story.home:
        st.markdown(f"Woning: {markdown_escape(story.home)}"
                    + (f" · huur {story.monthly_rent} per maand" if story.monthly_rent else ""))
    if story.warm_handover is not None:
        st.markdown("Warme overdracht: **" + ("ja" if story.warm_handover else "nee") + "** (door de verhuurder "
                    "vastgelegd)")
    if story.warm_handover and story.handover_organisation:
        consent = f", met toestemming van de huurder van {story.handover_consent_on}" if story.handover_consent_on \
            else ""
        st.info(f"Warme overdracht{consent}: **{markdown_escape(story.handover_person)}** van "
                f"{markdown_escape(story.handover_organisation)} heeft al contact met de huurder. Telefoon: "
                f"{markdown_escape(story.handover_phone)}.")
    elif story.support_worker:
        st.markdown(f"Bekende hulpverlener: {markdown_escape(story.support_worker)}")

    st.markdown("#### Achterstand per maand")
    since = f", sinds {story.arrears_since}" if story.arrears_since else ""
    st.markdown(f"Totaal **{story.arrears_total}** over {signal.arrears_months} maand(en){since}.")
    if story.arrears_lines:
        st.dataframe(pd.DataFrame([{"Maand": line.month, "Vervaldatum": line.due, "Open": line.amount}
                                   for line in story.arrears_lines]), hide_index=True, width="stretch")

    st.markdown("#### Wat de verhuurder deed")
    for step in story.steps:
        st.markdown(f"- **{step.when}** — {step.text}")  # our own words (labels, not user text)

    if story.landlord:
        st.markdown("#### Verhuurder")
        st.markdown(" · ".join(f"{label}: {markdown_escape(text)}" for label, text in story.landlord))

st.markdown("#### Documenten")


def document_bytes(document_id: int):
    """Bytes made only when the user clicks, so the audit log records real downloads only."""
    uow = unit_of_work()
    return lambda: signal_service.download_document(uow, user, document_id=document_id).data


def export_bytes(fmt: str):
    uow = unit_of_work()
    return lambda: signal_service.export_signals(uow, user, signal_ids=[signal.id], fmt=fmt)


if signal.documents:
    for document in signal.documents:
        left, right = st.columns([3, 1])
        left.markdown(f"{markdown_escape(document.title)} — {format_date(document.created_at.date())}, "
                      f"{document.created_at:%H:%M} uur")
        right.download_button("Downloaden", data=document_bytes(document.id), file_name=document.filename,
                              key=f"document_{document.id}", on_click="ignore", icon=":material/download:")
else:
    st.caption("De verhuurder heeft (nog) geen documenten met de gemeente gedeeld.")
csv_col, json_col = st.columns(2)
csv_col.download_button("Melding downloaden (CSV)", data=export_bytes("csv"), file_name=f"{signal.file_stem}.csv",
                        mime="text/csv", on_click="ignore", icon=":material/table:")
json_col.download_button("Melding downloaden (JSON)", data=export_bytes("json"),
                         file_name=f"{signal.file_stem}.json", mime="application/json", on_click="ignore",
                         icon=":material/data_object:")

# --- the municipality's own contact attempts (for the DDAS export) -----------------------------------------------
st.markdown("#### Contactpogingen van de gemeente")
if signal.municipal_contact_attempts:
    st.dataframe(pd.DataFrame([{"Datum": format_date(a.on_date), "Soort": a.kind, "Dagdeel": a.part_of_day.lower(),
                                "Bereikt": "ja" if a.reached else "nee", "Door": a.liaison_name}
                               for a in signal.municipal_contact_attempts]), hide_index=True, width="stretch")
else:
    st.caption("De gemeente heeft nog geen contactpoging vastgelegd.")
kinds = list(signal_service.CONTACT_KINDS)
parts = ["", *signal_service.PARTS_OF_DAY]
with st.form(f"municipal_contact_{signal.id}_{len(signal.municipal_contact_attempts)}"):
    left, middle, right = st.columns(3)
    kind = left.selectbox("Soort contact", kinds, index=None, placeholder="Kies de soort",
                          help="De lijst van de DDAS (CBS-monitor).")
    contact_day = middle.date_input("Datum", value=today, min_value=signal.sent_on,
                                    max_value=max(today, signal.sent_on), format="DD-MM-YYYY",
                                    key=f"municipal_contact_day_{signal.id}")
    part_of_day = right.selectbox("Dagdeel", parts, format_func=lambda p: p.lower() if p else "onbekend")
    reached = st.checkbox("De huurder is bereikt")
    contact_saved = st.form_submit_button("Contactpoging opslaan")
if contact_saved:
    run_service(lambda uow: signal_service.record_municipal_contact(
        uow, user, signal_id=signal.id, on_date=contact_day, kind=kind or "", reached=reached,
        part_of_day=part_of_day, today=today), "De contactpoging is opgeslagen.", FLASH_KEY)

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
