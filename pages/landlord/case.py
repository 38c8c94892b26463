import pandas as pd
import streamlit as st

from naarnul import calendar, covenant
from naarnul import todo as todo_rules
from naarnul.errors import NaarNulError
from naarnul.form_questions import display_value
from naarnul.formatting import format_date, format_money
from naarnul.services import case_page as case_page_service
from naarnul.services import cases as case_service
from naarnul.services import signal_delivery as signal_delivery_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui import case_links
from ui import signal_delivery as signal_delivery_ui
from ui.display import UPLOAD_HELP, text_metric
from ui.evidence import evidence_section
from ui.forms import extra_questions
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
CASE_KEY = case_links.CASE_KEY  # set by the "Vandaag" page
CHOICE_KEY = "dossier_case_choice"  # the case selectbox
# Streamlit's own icon font (it ships with the app; emoji need a font a phone or server may not have)
STATUS_ICONS = {covenant.DONE: ":green[:material/check_circle:]", covenant.DUE: ":blue[:material/radio_button_checked:]",
                covenant.OVERDUE: ":red[:material/error:]", covenant.BLOCKED: ":orange[:material/block:]",
                covenant.WAITING: ":gray[:material/hourglass_empty:]",
                covenant.OPTIONAL: ":gray[:material/radio_button_unchecked:]", covenant.NOT_NEEDED: ":gray[:material/remove:]"}
# a step with one of these statuses gets the button to its action (an objection can come in while one waits for it)
ACTION_STATUSES = (covenant.DUE, covenant.OVERDUE, covenant.OPTIONAL, covenant.BLOCKED)

FLASH_KEY = "case_flash"


# --- choosing the case, and keys that belong to it ------------------------------------------------------------------

def wanted_case() -> int | None:
    """The case from the link that opened the page (?zaak=…, or the shared session key); the service falls back
    to the first case when it is not one of the landlord's choices."""
    wanted = st.query_params.get("zaak") or st.session_state.get(CASE_KEY)
    try:
        return int(wanted) if wanted is not None else None
    except ValueError:
        return None


def case_chosen() -> None:
    """In the selectbox's callback, before the rerun reads the page: the chosen case is the one to read."""
    case_id = st.session_state[CHOICE_KEY]
    st.session_state[CASE_KEY] = case_id
    st.query_params["zaak"] = str(case_id)


def choose_case(page) -> int:
    """The case the page was read for, in the selectbox; the URL follows the choice, so a reload or a shared link
    opens the same case. A choice in the selectbox takes effect in its callback (`case_chosen`), so the page is
    read once per run, for the case shown."""
    choices = {choice.case_id: choice.label for choice in page.choices}
    case_id = page.case_id
    st.session_state[CHOICE_KEY] = case_id  # also when a link opened another case than the one chosen before
    st.selectbox("Zaak", list(choices), format_func=lambda i: choices[i], key=CHOICE_KEY, on_change=case_chosen)
    st.session_state[CASE_KEY] = case_id
    st.query_params["zaak"] = str(case_id)
    return case_id


def form_generation(case_id: int) -> int:
    """Counts the saves on this case: every form and widget key carries it and the case id, so a save gives empty
    forms and nothing typed for one case shows up for another (a refused save keeps what was typed)."""
    return int(st.session_state.get(f"case_forms_{case_id}", 0))


def after_save(case_id: int) -> None:
    st.session_state[f"case_forms_{case_id}"] = form_generation(case_id) + 1
    st.session_state[case_links.PENDING_TAB] = case_links.OVERVIEW  # show the next step


def act(case_id: int, call, success: str) -> None:
    """One service call (a function of a unit of work); after a save: fresh forms, the overview with the next step,
    and `success` after the rerun. A refused save shows the Dutch reasons and keeps the form as it was."""
    def saving(uow):
        result = call(uow)
        after_save(case_id)
        return result

    run_service(saving, success, FLASH_KEY)


def open_tab(tab: str) -> None:
    st.session_state[case_links.TAB_KEY] = tab  # in a callback: before the tabs are drawn on the rerun


# --- links from a step to its action --------------------------------------------------------------------------------

def step_link(step, case_id: int, key: str, *, primary: bool = False) -> None:
    """The button that does `step`: a tab of this page, or the Betalingsregeling or Brieven page for this case."""
    target, label = case_links.STEP_LINKS.get(step.key, (None, ""))
    if target is None:
        return
    # in the list of steps a link-like button (short on a phone), under "Nu te doen" the main button
    kind = "primary" if primary else "tertiary"
    icon = None if primary else ":material/arrow_forward:"
    if target in case_links.TABS:
        st.button(label, key=key, type=kind, icon=icon, on_click=open_tab, args=(target,))
    elif st.button(label, key=key, type=kind, icon=icon, on_click=case_links.choose, args=(case_id,),
                   kwargs={"template": case_links.STEP_TEMPLATES.get(step.key)}):
        case_links.switch(target, case_id)


def show_next_step(view) -> None:
    """What to do now, right under the case: after every action this is the step that follows."""
    step = todo_rules.next_step(view.steps) if view.is_open else None
    if step is None:
        if view.is_open:
            st.caption("Nu hoeft u in deze zaak niets te doen.")
        return
    when = ""
    if step.due_by:
        when = (f" – te laat sinds {format_date(step.due_by)}" if step.status == covenant.OVERDUE
                else f" – uiterlijk {format_date(step.due_by)}")
    with st.container(border=True):
        st.markdown(f"**Nu te doen:** {step.title}{when}")
        step_link(step, view.case_id, f"next_step_{view.case_id}", primary=True)


# --- the tabs -------------------------------------------------------------------------------------------------------

def show_overview(page, view) -> None:
    # how each signal reached the municipality; one the landlord still has to send is what to do now (issue 11)
    signal_delivery_ui.deliveries(user, view.case_id, today, FLASH_KEY, lines=page.deliveries)
    arrears = view.arrears
    with st.container(horizontal=True, gap="large"):  # side by side, also two by two on a phone
        st.metric("Bedrag", format_money(arrears.amount), width="content")
        st.metric("Maanden", arrears.months, width="content")
        text_metric(st.container(width="content"), "Oudste onbetaalde huur",
                    format_date(arrears.oldest_unpaid_due) if arrears.oldest_unpaid_due else "–")
        st.metric("Dagen te laat", arrears.days_late, width="content")
    if arrears.open_charges:
        st.caption("Open: " + "; ".join(f"{md(item.label)} {format_money(item.open)}"
                                        for item in arrears.open_charges))
    if view.feedback:
        st.subheader("Terugkoppeling van de gemeente")
        for line in view.feedback:
            st.info(md(line))
    st.subheader("Stappen")
    for step in view.steps:
        show_step(view, step)
    answers = page.answers
    if answers:
        st.subheader("Antwoorden op extra vragen")
        for answer in answers:
            st.markdown(f"- {md(answer.label)}: **{md(display_value(answer.type, answer.value))}**")


def show_step(view, step) -> None:
    when = ""
    if step.done_on:
        when = f" – gedaan op {format_date(step.done_on)}"
    elif step.due_by and step.status in (covenant.DUE, covenant.OVERDUE, covenant.OPTIONAL):
        when = f" – uiterlijk {format_date(step.due_by)}"
    elif step.due_by and step.status == covenant.WAITING:
        when = f" – vanaf {format_date(step.due_by)}"
    with st.container(gap="xsmall"):  # one step reads as one block (and a phone scrolls less)
        st.markdown(f"{STATUS_ICONS.get(step.status, '')} **{step.title}** "
                    f"({covenant.STATUS_LABELS.get(step.status, step.status)}){when}")
        # the rule behind the step, except where it says nothing new (a step not needed, or one waiting for a
        # reason that is listed below it)
        if step.status != covenant.NOT_NEEDED and not (step.status == covenant.WAITING and step.reasons):
            st.caption(md(step.why))
        for reason in step.reasons:
            st.caption(f"• {md(reason)}")
        if view.is_open and (step.status in ACTION_STATUSES
                             or (step.key == "objection" and step.status == covenant.WAITING)):
            step_link(step, view.case_id, f"step_{step.key}_{view.case_id}")


def show_reminder(page, view, key) -> None:
    case_id = view.case_id
    st.caption("Maak de schriftelijke herinnering in Naar Nul: dan legt het portaal hem ook meteen vast.")
    if st.button("Herinnering maken (brief)", key=key("make_reminder"), on_click=case_links.choose,
                 args=(case_id,), kwargs={"template": todo_rules.REMINDER_TEMPLATE}):
        case_links.switch(case_links.LETTERS, case_id)
    with st.form(key("friendly_reminder")):
        on = st.date_input("Datum vriendelijke herinnering", value=today, max_value=today, format="DD-MM-YYYY",
                           key=key("friendly_on"))
        if st.form_submit_button("Vriendelijke herinnering vastleggen"):
            act(case_id, lambda uow: case_service.record_friendly_reminder(uow, user, case_id=case_id, on=on,
                                                                             today=today),
                "De vriendelijke herinnering is vastgelegd.")
    with st.form(key("written_reminder")):
        on = st.date_input("Datum schriftelijke herinnering (met het aanbod om gegevens door te geven)",
                           value=today, max_value=today, format="DD-MM-YYYY", key=key("written_on"))
        st.caption(f"Verstuurde u de herinnering meer dan {view.reminder_backdate_days} dagen geleden? Voeg dan een "
                   "kopie van de brief toe, of schrijf waarom u hem nu pas vastlegt. Dat blijft als bewijs bij de "
                   "zaak.")
        copy = st.file_uploader("Kopie van de brief (.pdf, .docx, .jpg of .png, hoogstens 5 MB)",
                                type=["pdf", "docx", "jpg", "jpeg", "png"], key=key("written_copy"),
                                help=UPLOAD_HELP)
        why_late = st.text_area("Of: waarom legt u de herinnering nu pas vast?",
                                max_chars=covenant.EVIDENCE_REASON_MAX, key=key("written_reason"))
        reminder_answers = extra_questions(page.questions_for("written_reminder"), key=key("written_reminder"))
        if st.form_submit_button("Schriftelijke herinnering vastleggen"):
            copy_name, copy_data = (copy.name, copy.getvalue()) if copy is not None else ("", None)
            act(case_id, lambda uow: case_service.record_written_reminder(
                uow, user, case_id=case_id, on=on, today=today, copy_name=copy_name, copy_data=copy_data,
                reason=why_late, answers=reminder_answers), "De schriftelijke herinnering is vastgelegd.")


def show_contact(view, key) -> None:
    case_id = view.case_id
    with st.form(key("contact_attempt")):
        on = st.date_input("Datum contactpoging", value=today, max_value=today, format="DD-MM-YYYY",
                           key=key("contact_on"))
        channel = st.selectbox("Hoe", list(covenant.CONTACT_CHANNELS),
                               format_func=lambda k: covenant.CONTACT_CHANNELS[k], key=key("contact_channel"))
        outcome = st.selectbox("Uitkomst", list(covenant.CONTACT_OUTCOMES),
                               format_func=lambda k: covenant.CONTACT_OUTCOMES[k], key=key("contact_outcome"))
        note = st.text_area("Notitie (mag leeg)", max_chars=covenant.CONTACT_NOTE_MAX, key=key("contact_note"))
        if st.form_submit_button("Contactpoging vastleggen"):
            act(case_id, lambda uow: case_service.record_contact_attempt(
                uow, user, case_id=case_id, on=on, channel=channel, outcome=outcome, note=note, today=today),
                "De contactpoging is vastgelegd.")
    with st.form(key("contact_failed")):
        on = st.date_input("Datum", value=today, max_value=today, format="DD-MM-YYYY", key=key("failed_on"))
        st.caption("Lukt persoonlijk contact niet, ook na een paar pogingen? Bevestig dat hier.")
        if st.form_submit_button("Bevestigen: contact is niet gelukt"):
            act(case_id, lambda uow: case_service.confirm_contact_failed(uow, user, case_id=case_id, on=on,
                                                                           today=today),
                "Vastgelegd dat contact niet is gelukt.")


def show_objection(view, key) -> None:
    case_id = view.case_id
    with st.form(key("objection")):
        on = st.date_input("Datum bezwaar ontvangen", value=today, max_value=today, format="DD-MM-YYYY",
                           key=key("objection_on"))
        channel = st.selectbox("Hoe kwam het bezwaar binnen", list(covenant.OBJECTION_CHANNELS),
                               format_func=lambda k: covenant.OBJECTION_CHANNELS[k], key=key("objection_channel"))
        if st.form_submit_button("Bezwaar vastleggen"):
            act(case_id, lambda uow: case_service.record_objection(uow, user, case_id=case_id, received_on=on,
                                                                     channel=channel, today=today),
                "Het bezwaar is vastgelegd.")
    with st.form(key("objection_withdrawn")):
        on = st.date_input("Datum bezwaar ingetrokken", value=today, max_value=today, format="DD-MM-YYYY",
                           key=key("withdrawn_on"))
        if st.form_submit_button("Bezwaar ingetrokken"):
            act(case_id, lambda uow: case_service.withdraw_objection(uow, user, case_id=case_id, on=on, today=today),
                "Vastgelegd dat het bezwaar is ingetrokken.")


def show_signal(page, view, key) -> None:
    case_id, check = view.case_id, view.signal
    st.subheader("Melding aan de gemeente")
    target = page.route  # issue 11: in the portal, or sent by the landlord
    if not check.allowed:
        st.warning("U kunt nog niet melden:\n\n" + "\n".join(f"- {md(reason)}" for reason in check.reasons))
        st.button("Melding versturen", disabled=True, key=key("signal_disabled"))
    else:
        st.write("Alle stappen zijn gedaan. De gemeente krijgt de contactgegevens van de huurder en het bedrag van "
                 "de achterstand, zodat zij hulp kan aanbieden.")
        urgent = st.checkbox("Spoed (bijvoorbeeld: er is al een datum bij de rechter)", key=key("signal_urgent"))
        urgent_reason = st.text_input("Reden voor spoed", key=key("signal_urgent_reason"),
                                      max_chars=covenant.URGENT_REASON_MAX) if urgent else ""
        signal_answers = extra_questions(page.questions_for("signal"), key=key("signal"))
        handover = signal_delivery_ui.warm_handover_fields(case_id)
        repeat = False
        if check.is_repeat:
            st.warning(md(check.repeat_notice))
            repeat = st.checkbox("Ik wil toch opnieuw melden", key=key("signal_repeat"))
        signal_delivery_ui.notice_before_sending(target)
        sure = st.checkbox("Ik heb de gegevens gecontroleerd en wil de melding nu versturen", key=key("signal_sure"))
        if st.button(signal_delivery_ui.send_label(target), type="primary", disabled=not sure,
                     key=key("signal_send")):
            try:
                reference = case_service.send_signal(unit_of_work(), user, case_id=case_id, urgent=urgent,
                                                     urgent_reason=urgent_reason, confirm_repeat=repeat, today=today,
                                                     answers=signal_answers, **handover)
            except NaarNulError as error:
                show_error(error)
            else:
                after_save(case_id)
                st.session_state[FLASH_KEY] = md(signal_delivery_service.sent_message(target, reference))
                st.rerun()
    for signal in view.signals:
        st.caption(f"Melding {signal.reference} op {format_date(signal.sent_on)}, achterstand "
                   f"{format_money(signal.arrears)}.")


def show_close(view, key) -> None:
    case_id = view.case_id
    with st.form(key("close_case")):
        reason = st.text_input("Waarom sluit u de zaak?", placeholder="bijvoorbeeld: regeling afgerond",
                               max_chars=covenant.CLOSE_REASON_MAX, key=key("close_reason"))
        if st.form_submit_button("Zaak sluiten"):
            act(case_id, lambda uow: case_service.close_case(uow, user, case_id=case_id, reason=reason, today=today),
                "De zaak is gesloten.")


def show_history(page, view) -> None:
    rows = view.ledger_rows
    with st.expander("Overzicht van huur en betalingen"):
        if rows:
            st.dataframe(pd.DataFrame([{"Datum": format_date(r.on), "Omschrijving": r.description,
                                        "Huur": format_money(r.charge) if r.charge else "",
                                        "Betaald": format_money(r.payment) if r.payment else "",
                                        "Saldo": format_money(r.balance)} for r in rows]),
                         hide_index=True, width="stretch")
            st.caption("Saldo: wat de huurder na die regel nog moet betalen (een min is tegoed).")
        if view.deferred:  # a deferral moved these months past today: not in the table, not arrears
            st.markdown("**Uitgesteld** (nog niet te betalen, telt niet als achterstand):\n\n" + "\n".join(
                f"- {md(charge.label)}: {format_money(charge.amount)}" for charge in view.deferred))
    st.subheader("Tijdlijn")
    st.caption("Alles wat in deze zaak is gedaan, met datum. Dit kunt u later laten zien, bijvoorbeeld aan de "
               "rechter.")
    if view.timeline:
        st.dataframe(pd.DataFrame([{"Wanneer": f"{event.at:%d-%m-%Y %H:%M}",
                                    "Wat": event.summary} for event in view.timeline]),
                     hide_index=True, width="stretch")
    # issue 11: the summons window and the court evidence pack
    evidence_section(user, view.case_id, today, summons=page.summons)


def show_tabs(page, view) -> None:
    """The case in tabs, so a phone never scrolls through one very long page; an action link opens its tab."""
    generation = form_generation(view.case_id)

    def key(name: str) -> str:
        return f"{name}_{view.case_id}_{generation}"

    if not view.is_open:
        st.session_state.pop(case_links.PENDING_TAB, None)  # a closed case has no action tabs
        overview, history = st.tabs([case_links.OVERVIEW, case_links.HISTORY], key=case_links.TAB_KEY + "_closed")
        with overview:
            show_overview(page, view)
        with history:
            show_history(page, view)
        return
    case_links.open_pending_tab()
    overview, reminder, contact, objection, signal, closing, history = st.tabs(
        list(case_links.TABS), key=case_links.TAB_KEY, on_change="rerun")
    with overview:
        show_overview(page, view)
    with reminder:
        show_reminder(page, view, key)
    with contact:
        show_contact(view, key)
    with objection:
        show_objection(view, key)
    with signal:
        show_signal(page, view, key)
    with closing:
        show_close(view, key)
    with history:
        show_history(page, view)


st.title("Dossier")
show_flash(FLASH_KEY)

# the whole page in one read (one transaction): the cases to choose from and everything about the chosen one
page = case_page_service.case_page(unit_of_work(), user, case_id=wanted_case(), today=today)
if page.view is None:
    st.info("Er is nog geen dossier. Een dossier opent vanzelf zodra een huurder te laat betaalt. Leg uw huurders "
            "vast en lees uw betalingen in.")
    st.stop()

choose_case(page)
view = page.view
st.markdown(f"**{md(view.address)}** – {md(view.tenant_names)} · kenmerk {view.reference}")
if not view.is_open:
    st.info(f"Deze zaak is gesloten op {format_date(view.closed_on)}: {md(view.close_reason)}.")
show_next_step(view)
show_tabs(page, view)
