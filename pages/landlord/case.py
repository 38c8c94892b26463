import pandas as pd
import streamlit as st

from naarnul import calendar, covenant
from naarnul.errors import NaarNulError
from naarnul.form_questions import display_value
from naarnul.formatting import format_date, format_money
from naarnul.services import cases as case_service
from naarnul.services import form_questions
from naarnul.services import signal_delivery as signal_delivery_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui import signal_delivery as signal_delivery_ui
from ui.display import text_metric
from ui.evidence import evidence_section
from ui.forms import extra_questions
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
CASE_KEY = "naarnul_case_id"  # set by the "Vandaag" page
STATUS_ICONS = {covenant.DONE: "✅", covenant.DUE: "🔵", covenant.OVERDUE: "🔴", covenant.BLOCKED: "⛔",
                covenant.WAITING: "⏳", covenant.OPTIONAL: "⚪", covenant.NOT_NEEDED: "➖"}

FLASH_KEY = "case_flash"


def act(call, success: str) -> None:
    """One service call (a function of a unit of work), then a success message after the rerun."""
    run_service(call, success, FLASH_KEY)


st.title("Dossier")
show_flash(FLASH_KEY)

choices = {c.case_id: c.label for c in case_service.list_case_choices(unit_of_work(), user, today=today)}
if not choices:
    st.info("Er is nog geen dossier. Een dossier opent vanzelf zodra een huurder te laat betaalt. Leg uw huurders "
            "vast en lees uw betalingen in.")
    st.stop()

wanted = st.query_params.get("zaak") or st.session_state.get(CASE_KEY)
try:
    wanted = int(wanted) if wanted is not None else None
except ValueError:
    wanted = None
ids = list(choices)
if wanted not in choices:
    wanted = ids[0]
case_id = st.selectbox("Zaak", ids, index=ids.index(wanted), format_func=lambda i: choices[i])
st.session_state[CASE_KEY] = case_id

view = case_service.show_case(unit_of_work(), user, case_id=case_id, today=today)
arrears, rows, steps, check = view.arrears, view.ledger_rows, view.steps, view.signal
open_case = view.is_open

st.markdown(f"**{md(view.address)}** – {md(view.tenant_names)} · kenmerk {view.reference}")
if not open_case:
    st.info(f"Deze zaak is gesloten op {format_date(view.closed_on)}: {md(view.close_reason)}.")

st.subheader("Huurachterstand")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Bedrag", format_money(arrears.amount))
c2.metric("Maanden", arrears.months)
text_metric(c3, "Oudste onbetaalde huur", format_date(arrears.oldest_unpaid_due) if arrears.oldest_unpaid_due else "–")
c4.metric("Dagen te laat", arrears.days_late)
if arrears.open_charges:
    st.caption("Open: " + "; ".join(f"{md(item.label)} {format_money(item.open)}" for item in arrears.open_charges))

with st.expander("Overzicht van huur en betalingen"):
    if rows:
        st.dataframe(pd.DataFrame([{"Datum": format_date(r.on), "Omschrijving": r.description,
                                    "Huur": format_money(r.charge) if r.charge else "",
                                    "Betaald": format_money(r.payment) if r.payment else "",
                                    "Saldo": format_money(r.balance)} for r in rows]),
                     hide_index=True, width="stretch")
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
    st.caption(md(step.why))
    for reason in step.reasons:
        st.caption(f"• {md(reason)}")

answers = form_questions.case_answers(unit_of_work(), user, case_id=case_id)
if answers:
    st.subheader("Antwoorden op extra vragen")
    for answer in answers:
        st.markdown(f"- {md(answer.label)}: **{md(display_value(answer.type, answer.value))}**")

if view.feedback:
    st.subheader("Terugkoppeling van de gemeente")
    for line in view.feedback:
        st.info(md(line))


if open_case:
    reminder_questions = form_questions.questions_for_form(unit_of_work(), user, form="written_reminder")
    signal_questions = form_questions.questions_for_form(unit_of_work(), user, form="signal")
    st.subheader("Stap vastleggen")
    reminder, contact, objection, closing = st.tabs(["Herinnering", "Contact", "Bezwaar", "Zaak sluiten"])
    with reminder:
        with st.form("friendly_reminder"):
            on = st.date_input("Datum vriendelijke herinnering", value=today, max_value=today, format="DD-MM-YYYY")
            if st.form_submit_button("Vriendelijke herinnering vastleggen"):
                act(lambda uow: case_service.record_friendly_reminder(uow, user, case_id=case_id, on=on, today=today),
                     "De vriendelijke herinnering is vastgelegd.")
        # keyed by case and by the number of reminders saved here: a new, empty form after a save, while the
        # entered date and reason stay after a refused one (clear_on_submit would reset the date to today)
        generation = st.session_state.get(f"reminder_saved_{case_id}", 0)
        with st.form(f"written_reminder_{case_id}_{generation}"):
            on = st.date_input("Datum schriftelijke herinnering (met het aanbod om gegevens door te geven)",
                               value=today, max_value=today, format="DD-MM-YYYY")
            backdate_days = view.reminder_backdate_days
            st.caption(f"Verstuurde u de herinnering meer dan {backdate_days} dagen geleden? Voeg dan een kopie van "
                       "de brief toe, of schrijf waarom u hem nu pas vastlegt. Dat blijft als bewijs bij de zaak.")
            copy = st.file_uploader("Kopie van de brief (.pdf, .docx, .jpg of .png, hoogstens 5 MB)",
                                    type=["pdf", "docx", "jpg", "jpeg", "png"])
            why_late = st.text_area("Of: waarom legt u de herinnering nu pas vast?",
                                    max_chars=covenant.EVIDENCE_REASON_MAX)
            reminder_answers = extra_questions(reminder_questions, key=f"written_reminder_{case_id}_{generation}")
            if st.form_submit_button("Schriftelijke herinnering vastleggen"):
                copy_name, copy_data = (copy.name, copy.getvalue()) if copy is not None else ("", None)

                def save_reminder(uow):
                    case_service.record_written_reminder(uow, user, case_id=case_id, on=on, today=today,
                                                         copy_name=copy_name, copy_data=copy_data, reason=why_late,
                                                         answers=reminder_answers)
                    st.session_state[f"reminder_saved_{case_id}"] = generation + 1  # only after a save

                act(save_reminder, "De schriftelijke herinnering is vastgelegd.")
    with contact:
        with st.form("contact_attempt"):
            on = st.date_input("Datum contactpoging", value=today, max_value=today, format="DD-MM-YYYY")
            channel = st.selectbox("Hoe", list(covenant.CONTACT_CHANNELS),
                                   format_func=lambda k: covenant.CONTACT_CHANNELS[k])
            outcome = st.selectbox("Uitkomst", list(covenant.CONTACT_OUTCOMES),
                                   format_func=lambda k: covenant.CONTACT_OUTCOMES[k])
            note = st.text_area("Notitie (mag leeg)", max_chars=covenant.CONTACT_NOTE_MAX)
            if st.form_submit_button("Contactpoging vastleggen"):
                act(lambda uow: case_service.record_contact_attempt(uow, user, case_id=case_id, on=on,
                                                                     channel=channel, outcome=outcome, note=note,
                                                                     today=today),
                     "De contactpoging is vastgelegd.")
        with st.form("contact_failed"):
            on = st.date_input("Datum", value=today, max_value=today, format="DD-MM-YYYY", key="failed_on")
            st.caption("Lukt persoonlijk contact niet, ook na een paar pogingen? Bevestig dat hier.")
            if st.form_submit_button("Bevestigen: contact is niet gelukt"):
                act(lambda uow: case_service.confirm_contact_failed(uow, user, case_id=case_id, on=on, today=today),
                     "Vastgelegd dat contact niet is gelukt.")
    with objection:
        with st.form("objection"):
            on = st.date_input("Datum bezwaar ontvangen", value=today, max_value=today, format="DD-MM-YYYY")
            channel = st.selectbox("Hoe kwam het bezwaar binnen", list(covenant.OBJECTION_CHANNELS),
                                   format_func=lambda k: covenant.OBJECTION_CHANNELS[k])
            if st.form_submit_button("Bezwaar vastleggen"):
                act(lambda uow: case_service.record_objection(uow, user, case_id=case_id, received_on=on,
                                                               channel=channel, today=today),
                    "Het bezwaar is vastgelegd.")
        with st.form("objection_withdrawn"):
            on = st.date_input("Datum bezwaar ingetrokken", value=today, max_value=today, format="DD-MM-YYYY")
            if st.form_submit_button("Bezwaar ingetrokken"):
                act(lambda uow: case_service.withdraw_objection(uow, user, case_id=case_id, on=on, today=today),
                     "Vastgelegd dat het bezwaar is ingetrokken.")
    with closing:
        with st.form("close_case"):
            reason = st.text_input("Waarom sluit u de zaak?", placeholder="bijvoorbeeld: regeling afgerond",
                                   max_chars=covenant.CLOSE_REASON_MAX)
            if st.form_submit_button("Zaak sluiten"):
                act(lambda uow: case_service.close_case(uow, user, case_id=case_id, reason=reason, today=today),
                     "De zaak is gesloten.")

    st.subheader("Melding aan de gemeente")
    target = signal_delivery_ui.route(user, case_id)  # issue 11: in the portal, or sent by the landlord
    if not check.allowed:
        st.warning("U kunt nog niet melden:\n\n" + "\n".join(f"- {md(reason)}" for reason in check.reasons))
        st.button("Melding versturen", disabled=True, key="signal_disabled")
    else:
        st.write("Alle stappen zijn gedaan. De gemeente krijgt de contactgegevens van de huurder en het bedrag van "
                 "de achterstand, zodat zij hulp kan aanbieden.")
        urgent = st.checkbox("Spoed (bijvoorbeeld: er is al een datum bij de rechter)", key="signal_urgent")
        urgent_reason = st.text_input("Reden voor spoed", key="signal_urgent_reason",
                                      max_chars=covenant.URGENT_REASON_MAX) if urgent else ""
        signal_answers = extra_questions(signal_questions, key=f"signal_{case_id}")
        handover = signal_delivery_ui.warm_handover_fields(case_id)
        repeat = False
        if check.is_repeat:
            st.warning(md(check.repeat_notice))
            repeat = st.checkbox("Ik wil toch opnieuw melden", key="signal_repeat")
        signal_delivery_ui.notice_before_sending(target)
        sure = st.checkbox("Ik heb de gegevens gecontroleerd en wil de melding nu versturen", key="signal_sure")
        if st.button(signal_delivery_ui.send_label(target), type="primary", disabled=not sure, key="signal_send"):
            try:
                reference = case_service.send_signal(unit_of_work(), user, case_id=case_id, urgent=urgent,
                                                     urgent_reason=urgent_reason, confirm_repeat=repeat, today=today,
                                                     answers=signal_answers, **handover)
            except NaarNulError as error:
                show_error(error)
            else:
                st.session_state[FLASH_KEY] = md(signal_delivery_service.sent_message(target, reference))
                st.rerun()
    for signal in view.signals:
        st.caption(f"Melding {signal.reference} op {format_date(signal.sent_on)}, achterstand "
                   f"{format_money(signal.arrears)}.")

signal_delivery_ui.deliveries(user, case_id, today, FLASH_KEY)  # how each signal reached the municipality

st.subheader("Tijdlijn")
st.caption("Alles wat in deze zaak is gedaan, met datum. Dit kunt u later laten zien, bijvoorbeeld aan de rechter.")
if view.timeline:
    st.dataframe(pd.DataFrame([{"Wanneer": f"{event.at:%d-%m-%Y %H:%M}",
                                "Wat": event.summary} for event in view.timeline]),
                 hide_index=True, width="stretch")

evidence_section(user, case_id, today)  # issue 11: the summons window and the court evidence pack
