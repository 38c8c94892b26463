import datetime as dt

import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.arrangement import HOUSEHOLD_LABELS, LAST_DAY
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.services import arrangements as service
from naarnul.services import custom_solutions as solution_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.display import text_metric
from ui.forms import extra_questions
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
CASE_KEY = "naarnul_case_id"  # shared with the "Dossier" page
FLASH_KEY = "arrangement_flash"
LETTER_KEY = "arrangement_letter_id"
STATE_ICONS = {"paid": "✅", "late": "🟡", "partly_paid": "🟠", "missed": "🔴", "open": "⚪"}
PAYMENT_DAYS = list(range(1, 29)) + [LAST_DAY]


def day_label(day: int) -> str:
    return "de laatste dag van de maand" if day == LAST_DAY else f"de {day}e van de maand"


def act(call, success: str) -> None:
    """One service call, then a success message after the rerun (or the Dutch error)."""
    run_service(call, success, FLASH_KEY)


def schedule_table(items, rent) -> pd.DataFrame:
    return pd.DataFrame([{"Termijn": i.number, "Betaaldatum": format_date(i.due_date),
                          "Bedrag": format_money(i.amount), "Gewone huur (apart)": format_money(rent)}
                         for i in items])


st.title("Betalingsregeling")
st.write("Spreek met de huurder af dat de achterstand in delen wordt betaald. De gewone huur blijft daarnaast "
         "gewoon doorlopen.")
show_flash(FLASH_KEY)

PICKER_KEY = "arrangement_case"
MODES = ["Bedrag per termijn", "Aantal maanden"]
DEFAULT_MONTHS = 6


def choice_key(case_id: int | None, name: str) -> str:
    """The key of a choice for a new arrangement: per case, so nothing typed for one case shows up for another."""
    return f"arrangement_{case_id}_{name}"


def proposal_choices(case_id: int | None) -> dict | None:
    """The choices for a new arrangement of this case as the widgets hold them since the previous run (their
    defaults before they are drawn); None while there is nothing to compute yet."""
    def get(name: str, default=None):
        return st.session_state.get(choice_key(case_id, name), default)

    mode = get("mode", MODES[0])
    instalment = get("instalment", "") if mode == MODES[0] else None
    if case_id is None or (mode == MODES[0] and not (instalment or "").strip()):
        return None
    return {"instalment": instalment, "months": int(get("months", DEFAULT_MONTHS)) if mode != MODES[0] else None,
            "start": get("start", today), "payment_day": get("payment_day"),
            "household_type": get("household", "") or None, "net_income": get("income", "") or None,
            "other_creditors": bool(get("other_creditors", False)), "with_costs": bool(get("with_costs", False))}



def picked() -> None:
    """The picker changed (a callback: before this run reads the page): the new case is the one to read."""
    st.session_state[CASE_KEY] = st.session_state[PICKER_KEY]
    if "zaak" in st.query_params:
        st.query_params["zaak"] = str(st.session_state[PICKER_KEY])


wanted = st.query_params.get("zaak") or st.session_state.get(CASE_KEY)
try:
    wanted = int(wanted) if wanted is not None else None
except ValueError:
    wanted = None
page = service.arrangement_page(unit_of_work(), user, case_id=wanted, today=today,  # the whole page in one read
                                proposal=proposal_choices(wanted))
if page.case_id is not None and page.case_id != wanted and proposal_choices(page.case_id) is not None:
    page = service.arrangement_page(unit_of_work(), user, case_id=page.case_id, today=today,
                                    proposal=proposal_choices(page.case_id))
cases = page.cases
if not cases:
    st.info("Er is geen open dossier met een huurachterstand. Een dossier opent vanzelf zodra een huurder te laat "
            "betaalt.")
    st.stop()

by_id = {c.id: c for c in cases}
ids = list(by_id)
if st.session_state.get(PICKER_KEY) != page.case_id:
    st.session_state[PICKER_KEY] = page.case_id  # the picker shows the case the page was read for
case_id = st.selectbox("Zaak", ids, key=PICKER_KEY, on_change=picked,
                       format_func=lambda i: f"{by_id[i].address} – {by_id[i].tenant_names}")
st.session_state[CASE_KEY] = case_id

overview = page.overview
active = overview.active
rent = overview.monthly_rent

c1, c2, c3 = st.columns(3)
c1.metric("Huurachterstand", format_money(overview.arrears))
c2.metric("Maanden", overview.arrears_months)
c3.metric("Huur per maand", format_money(rent))
if overview.open_charges:
    st.caption("Open: " + "; ".join(f"{md(label)} {format_money(amount)}" for label, amount in overview.open_charges))

# --- a running arrangement: follow-up, letter, change, end --------------------------------------------------------
if active is not None:
    state, letters = page.status, page.letters
    running = state.arrangement
    st.subheader("Lopende regeling")
    st.markdown(f"Totaal **{format_money(running.total)}** in {running.count} termijn(en), van "
                f"{format_date(running.schedule[0].due_date)} tot en met **{format_date(running.end_date)}**. "
                f"Al betaald: {format_money(state.paid)}. Nog open: {format_money(state.outstanding)}.")
    st.dataframe(pd.DataFrame([{"": STATE_ICONS.get(i.state, ""), "Termijn": i.number,
                                "Betaaldatum": format_date(i.due_date), "Bedrag": format_money(i.amount),
                                "Betaald": format_money(i.paid), "Stand": i.label}
                               for i in state.instalments]), hide_index=True, width="stretch")
    st.caption("Betalingen in het overzicht van huur en betalingen tellen eerst voor de gewone huur; wat daarboven "
               "wordt betaald, telt voor de regeling.")

    follow = state.follow_up
    if running.status == "completed" or follow.action == "completed":
        st.success(follow.message)
    elif follow.action == "reminder":
        st.warning(follow.message)
        st.write("Een voorbeeld van een vriendelijke herinnering (u kunt de tekst aanpassen):")
        st.text_area("Tekst van de herinnering", value=state.reminder_text, height=320)
        check = state.reminder_check
        if check.findings:
            st.caption("Schrijfcheck: " + " ".join(check.findings))
        else:
            st.caption(f"Schrijfcheck: {check.verdict}.")
        st.download_button("Herinnering downloaden (tekst)", data=lambda: state.reminder_text.encode("utf-8"),
                           file_name=f"herinnering-regeling-{today.isoformat()}.txt", mime="text/plain",
                           on_click="ignore", key="reminder_download")
        if st.button("Ik heb de herinnering gestuurd", key="reminder_sent"):
            act(lambda uow: service.record_reminder(uow, user, arrangement_id=active.id, new_date=follow.new_date,
                                                    today=today),
                "Vastgelegd dat u een herinnering stuurde.")
    elif follow.action == "offer_end":
        st.warning(follow.message)
    else:
        st.info(follow.message)

    if running.status == "active":
        st.subheader("Brief met de regeling")
        signal_offer = st.checkbox(
            "Zet het aanbod om gegevens door te geven aan de gemeente in de brief",
            value=not overview.signal_sent, key="letter_signal_offer",
            help="Staat aan als u nog geen melding bij de gemeente heeft gedaan.")
        confirm = st.checkbox("Toch maken als de schrijfcheck iets vindt", key="letter_confirm",
                              help="Lees de brief dan eerst goed na.")
        if st.button("Brief maken", type="primary", key="letter_make"):
            try:
                letter = service.make_arrangement_letter(unit_of_work(), user, arrangement_id=active.id,
                                                         today=today, signal_offer=signal_offer,
                                                         confirm_wording=confirm)
                st.session_state[LETTER_KEY] = letter.id
            except NaarNulError as error:
                show_error(error)
            else:
                st.session_state[FLASH_KEY] = "De brief is gemaakt. U kunt hem hieronder downloaden."
                st.rerun()
        if letters:
            latest = letters[0]

            def latest_bytes(document_id: int = latest.id) -> bytes:
                return service.letter_download(unit_of_work(), user, document_id=document_id).content

            st.download_button("Brief downloaden (Word)", data=latest_bytes, file_name=latest.filename,
                               mime=service.DOCX, on_click="ignore", key="letter_download")

        st.subheader("Regeling aanpassen of stoppen")
        change_tab, end_tab = st.tabs(["Aanpassen", "Beëindigen"])
        with change_tab:
            st.caption("Is het bedrag te hoog, of heeft de huurder even rust nodig? Maak een nieuw schema voor wat "
                       "nog open staat. Het oude schema blijft bewaard.")
            with st.form("change_arrangement"):
                from_date = st.date_input("Nieuw schema vanaf", value=today, min_value=today, format="DD-MM-YYYY")
                new_instalment = st.text_input("Nieuw bedrag per termijn (leeg laten: zelfde bedrag)",
                                               placeholder="bijvoorbeeld 100,00")
                pause = st.number_input("Pauze (maanden)", min_value=0, max_value=12, value=0, step=1)
                if st.form_submit_button("Nieuw schema opslaan"):
                    act(lambda uow: service.change_arrangement(uow, user, arrangement_id=active.id,
                                                               from_date=from_date,
                                                               new_instalment=new_instalment or None,
                                                               pause_months=int(pause), today=today),
                        "De regeling is aangepast. Maak een nieuwe brief voor de huurder.")
        with end_tab:
            st.caption("Bel de huurder eerst. Beëindig de regeling pas als afspraken echt niet lukken.")
            with st.form("end_arrangement"):
                reason = st.text_input("Waarom stopt de regeling?",
                                       placeholder="bijvoorbeeld: twee termijnen niet betaald, na telefoongesprek")
                if st.form_submit_button("Regeling beëindigen"):
                    act(lambda uow: service.end_arrangement(uow, user, arrangement_id=active.id, reason=reason,
                                                            today=today),
                        "De regeling is beëindigd.")

# --- a new arrangement ----------------------------------------------------------------------------------------------
else:
    st.subheader("Nieuwe regeling")
    if overview.arrears <= 0:
        st.info("Er is op dit moment geen huurachterstand. Een regeling is niet nodig.")
    else:
        mode = st.radio("Hoe wilt u de regeling kiezen?", MODES, horizontal=True, key=choice_key(case_id, "mode"))
        col1, col2, col3 = st.columns(3)
        instalment, months = None, None
        if mode == MODES[0]:
            instalment = col1.text_input("Bedrag per termijn", placeholder="bijvoorbeeld 150,00",
                                         key=choice_key(case_id, "instalment"))
        else:
            months = int(col1.number_input("Aantal maanden", min_value=1, max_value=120, value=DEFAULT_MONTHS,
                                           step=1, key=choice_key(case_id, "months")))
        start = col2.date_input("Startdatum", value=today, min_value=today, format="DD-MM-YYYY",
                                key=choice_key(case_id, "start"))
        payment_day = col3.selectbox("Betaaldag", PAYMENT_DAYS, format_func=day_label,
                                     index=PAYMENT_DAYS.index(overview.due_day),
                                     key=choice_key(case_id, "payment_day"))

        with st.expander("Past de termijn bij het inkomen? (niet verplicht)"):
            st.caption("Een grove controle: netto inkomen min de beslagvrije voet min de huur. U hoeft dit niet in "
                       "te vullen om een regeling te maken.")
            households = [""] + list(HOUSEHOLD_LABELS)
            household = st.selectbox("Huishouden", households,
                                     format_func=lambda h: HOUSEHOLD_LABELS[h] if h else "niet bekend",
                                     key=choice_key(case_id, "household"))
            income = st.text_input("Netto inkomen per maand", placeholder="bijvoorbeeld 1.800,00",
                                   key=choice_key(case_id, "income"))
        other_creditors = st.checkbox("De huurder heeft ook andere schulden (bij andere schuldeisers)",
                                      key=choice_key(case_id, "other_creditors"))
        with_costs = st.toggle("Incassokosten meerekenen", value=False, disabled=not overview.costs_allowed,
                               help="Staat standaard uit. Kosten zijn alleen toegestaan na een veertiendagenbrief.",
                               key=choice_key(case_id, "with_costs"))
        st.caption(overview.costs_reason)

        proposal = page.proposal  # read with the page, for these same choices
        if mode == MODES[0] and not (instalment or "").strip():
            st.info("Vul een bedrag per termijn in om het schema te zien.")
        elif page.proposal_error is not None:
            show_error(page.proposal_error)

        if proposal is not None:
            st.subheader("Schema")
            m1, m2, m3, m4 = st.columns(4)
            m1.metric("Totaal", format_money(proposal.total))
            m2.metric("Termijnen", proposal.count)
            text_metric(m3, "Laatste betaling", format_date(proposal.end_date))
            m4.metric("Huur per maand (apart)", format_money(proposal.monthly_rent))
            if proposal.costs:
                st.caption(f"Inclusief {format_money(proposal.costs)} incassokosten.")
            st.dataframe(schedule_table(proposal.schedule, proposal.monthly_rent), hide_index=True,
                         width="stretch")
            st.caption("De laatste termijn kan een paar cent afwijken, zodat het totaal precies klopt. De huurder "
                       "betaalt de gewone huur daarnaast op tijd.")
            for warning in proposal.warnings:
                st.warning(warning)
            affordability = proposal.affordability
            if affordability.message:
                if affordability.ok:
                    st.info(affordability.message)
                else:
                    st.warning(affordability.message)
            advice = proposal.advice
            if advice.refer:
                st.warning(f"Advies: verwijs de huurder naar de schuldhulpverlening. {md(advice.reason)}")
            else:
                st.info(md(advice.reason))
            st.caption(f"Hulp bij geldzaken voor de huurder: {md(advice.help.text)}")
            answers = extra_questions(page.questions, key=f"arrangement_{case_id}")
            if st.button("Regeling opslaan", type="primary", key="arrangement_save"):
                act(lambda uow: service.make_arrangement(
                    uow, user, case_id=case_id, instalment=instalment, months=months, start=start,
                    payment_day=payment_day, today=today, household_type=household or None,
                    net_income=income or None, other_creditors=other_creditors, with_costs=with_costs,
                    answers=answers),
                    "De regeling is opgeslagen. Maak nu de brief voor de huurder.")

# --- history ----------------------------------------------------------------------------------------------------------
history = [a for a in overview.arrangements if a.status != "active"]
if history:
    with st.expander("Eerdere regelingen"):
        for item in history:
            st.markdown(f"- **{item.status_label.capitalize()}** (gemaakt {format_date(item.created_on)}): "
                        f"{format_money(item.total)} in {item.count} termijn(en), tot "
                        f"{format_date(item.end_date)}" + (f". {md(item.end_reason)}" if item.end_reason else ""))


# --- custom solutions: deferral, temporary rent reduction, waived increase (issue 11) ------------------------------
def custom_solutions_section(case_id: int) -> None:
    """Record a custom solution next to the arrangement, see the recorded ones, make and download their letter."""
    st.subheader("Maatwerk: uitstel, huurverlaging of geen huurverhoging")
    st.caption("Naast een betalingsregeling kunt u de huurder ook op een andere manier helpen. Wat u vastlegt, telt "
               "meteen mee in wat de huurder moet betalen, en staat op de tijdlijn van de zaak.")
    solutions = page.solutions
    for item in solutions.solutions:
        state = "loopt" if item.in_force else f"gestopt op {format_date(item.ended_on)}"
        line = f"- **{md(item.kind_label)}** ({state}): {md(item.description)}"
        if item.note:
            line += f". {md(item.note)}"
        st.markdown(line)
        if not item.in_force:
            continue
        b1, b2, b3 = st.columns(3)
        if b1.button("Brief maken", key=f"solution_letter_{item.id}"):
            act(lambda uow, solution_id=item.id: solution_service.make_letter(
                uow, user, solution_id=solution_id, today=today,
                confirm_wording=bool(st.session_state.get("solution_confirm"))),
                "De brief over de oplossing is gemaakt. U kunt hem nu downloaden.")
        if item.letter_id is not None:
            def solution_letter(document_id: int = item.letter_id) -> bytes:
                return solution_service.letter_download(unit_of_work(), user, document_id=document_id).content

            b2.download_button("Brief downloaden (Word)", data=solution_letter, file_name=item.letter_filename,
                               mime=solution_service.DOCX, on_click="ignore", key=f"solution_download_{item.id}")
        if b3.button("Stoppen", key=f"solution_end_{item.id}"):
            act(lambda uow, solution_id=item.id: solution_service.end_solution(uow, user, solution_id=solution_id,
                                                                                today=today),
                "De oplossing is gestopt. De huur telt weer zoals zonder deze afspraak.")
    if solutions.solutions:
        st.checkbox("Toch maken als de schrijfcheck iets vindt", key="solution_confirm",
                    help="Lees de brief dan eerst goed na.")

    deferral_tab, reduction_tab, waiver_tab = st.tabs(["Uitstel van betaling", "Tijdelijke huurverlaging",
                                                       "Geen huurverhoging"])
    with deferral_tab:
        if solutions.arrangement_running:
            st.info("Er loopt een betalingsregeling. Geef de huurder dan liever een pauze in de regeling.")
        elif not solutions.open_months:
            st.info("Er staat nu geen huur open. Uitstel is niet nodig.")
        else:
            labels = {m.due_date: f"{m.label} ({format_money(m.amount)})" for m in solutions.open_months}
            with st.form(f"solution_deferral_{case_id}", clear_on_submit=True):
                chosen = st.multiselect("Voor welke maanden?", list(labels), format_func=lambda d: labels[d])
                until = st.date_input("Uitstel tot en met", value=None, min_value=today + dt.timedelta(days=1),
                                      format="DD-MM-YYYY")
                note = st.text_area("Toelichting (mag leeg)", max_chars=1000, key=f"deferral_note_{case_id}")
                if st.form_submit_button("Uitstel vastleggen"):
                    act(lambda uow: solution_service.record_deferral(uow, user, case_id=case_id, due_dates=chosen,
                                                                     until=until, today=today, note=note),
                        "Het uitstel is vastgelegd. Maak nu de brief voor de huurder.")
    with reduction_tab:
        with st.form(f"solution_reduction_{case_id}", clear_on_submit=True):
            r1, r2 = st.columns(2)
            next_month = calendar.add_months(today.replace(day=1), 1)
            first = r1.date_input("Eerste maand", value=next_month, format="DD-MM-YYYY",
                                  help="Elke dag van de maand is goed: de hele maand telt.")
            last = r2.date_input("Laatste maand", value=calendar.add_months(next_month, 2), format="DD-MM-YYYY")
            amount = st.text_input("Verlaging per maand", placeholder="bijvoorbeeld 100,00")
            note = st.text_area("Toelichting (mag leeg)", max_chars=1000, key=f"reduction_note_{case_id}")
            if st.form_submit_button("Huurverlaging vastleggen"):
                act(lambda uow: solution_service.record_reduction(uow, user, case_id=case_id, first_month=first,
                                                                  last_month=last, amount=amount, today=today,
                                                                  note=note),
                    "De huurverlaging is vastgelegd. Maak nu de brief voor de huurder.")
    with waiver_tab:
        if not solutions.increases:
            st.info("Deze huur heeft geen huurverhoging. Voer een nieuwe huur in bij Huurders als de huur omhoog "
                    "gaat.")
        else:
            increases = {i.effective_from: i.label for i in solutions.increases}
            with st.form(f"solution_waiver_{case_id}", clear_on_submit=True):
                increase = st.selectbox("Welke huurverhoging?", list(increases), format_func=lambda d: increases[d])
                waived_from = st.date_input("Geen verhoging vanaf", value=None, format="DD-MM-YYYY")
                note = st.text_area("Toelichting (mag leeg)", max_chars=1000, key=f"waiver_note_{case_id}")
                if st.form_submit_button("Afzien van de verhoging vastleggen"):
                    act(lambda uow: solution_service.record_waived_increase(
                        uow, user, case_id=case_id, increase_from=increase, waived_from=waived_from, today=today,
                        note=note),
                        "Vastgelegd dat u afziet van de huurverhoging. Maak nu de brief voor de huurder.")


custom_solutions_section(case_id)
