
import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.formatting import format_date, format_money, format_month
from naarnul.services import cases as case_service
from naarnul.services import signal_delivery as signal_delivery_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.session import require_role, run_service, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
PAGE_SIZE = 10
CASE_KEY = "naarnul_case_id"
FLASH_KEY = "home_flash"

st.title("Vandaag")
show_flash(FLASH_KEY)
page_number = int(st.session_state.get("home_page", 1))
view = case_service.show_today(unit_of_work(), user, page=page_number, page_size=PAGE_SIZE, today=today)

if view.missing_profile:
    st.warning("Vul eerst uw gegevens aan. Ze staan onder elke brief. Nog nodig: "
               + ", ".join(view.missing_profile) + ".")
    st.page_link("pages/landlord/profile.py", label="Naar mijn gegevens", icon=":material/badge:")

if view.tenancies == 0:
    st.info("U heeft nog geen huurders in Naar Nul. Zo begint u:\n\n"
            "1. Vul uw eigen gegevens in (onder **Mijn gegevens**).\n"
            "2. Leg uw huurders vast met hun huur en betaaldag (onder **Huurders**).\n"
            "3. Lees de betalingen van uw bank in (onder **Betalingen**). Dan ziet u hier of er huur openstaat.")
    st.page_link("pages/landlord/tenancies.py", label="Huurder toevoegen", icon=":material/home_work:")
    st.stop()

freshness = view.freshness  # the page itself never refreshes: a read never writes
if freshness.stale:
    note, action = st.columns([4, 1])
    note.info(freshness.line)
    if action.button("Bijwerken", key="refresh_figures"):
        run_service(lambda uow: case_service.refresh_figures(uow, user, today=today),
                    "De bedragen en stappen zijn bijgewerkt voor vandaag.", FLASH_KEY)

col1, col2, col3 = st.columns(3)
col1.metric("Totale huurachterstand", format_money(view.total_arrears))
col2.metric("Huurders met achterstand", f"{view.in_arrears} van {view.tenancies}")
col3.metric("Stappen te laat", view.overdue_steps)

# issue 11: a signal the landlord still has to send themselves stays here until they record the day they sent it
waiting_signals = signal_delivery_service.signals_waiting_for_delivery(unit_of_work(), user)
if waiting_signals:
    st.subheader("Meldingen die u nog moet versturen")
    for waiting in waiting_signals:
        with st.container(border=True):
            left, right = st.columns([4, 1])
            left.markdown(f"**{md(waiting.home)}** – {md(waiting.tenant_names)} · melding {waiting.reference}")
            left.caption(f"Klaargezet op {format_date(waiting.prepared_on)} voor de gemeente "
                         f"{md(waiting.municipality_name)}. {md(waiting.how_to_send)} Leg daarna de datum vast.")
            if right.button("Open dossier", key=f"open_waiting_signal_{waiting.signal_id}",
                            on_click=st.session_state.__setitem__, args=(CASE_KEY, waiting.case_id)):
                st.switch_page("pages/landlord/case.py")

st.subheader("Wat nu te doen")
if not view.cases:
    if waiting_signals:
        st.info("Verder is er vandaag niets te doen.")
    elif view.open_cases:
        st.success("Er is vandaag niets te doen. Bij de open zaken wacht u op een datum of op de gemeente.")
    else:
        st.success("Niemand heeft een huurachterstand. Lees regelmatig uw bankbestand in, dan blijft dit "
                   "overzicht kloppen.")
        st.page_link("pages/landlord/payments.py", label="Betalingen inlezen", icon=":material/payments:")
else:
    st.caption("Stappen die te laat zijn staan bovenaan, daarna de stap die het eerst moet.")


def _open_case(case_id: int) -> None:
    st.session_state[CASE_KEY] = case_id


for item in view.cases:
    with st.container(border=True):
        left, right = st.columns([4, 1])
        left.markdown(f"**{md(item.address)}** – {md(item.tenant_names)}")
        when = (f"te laat sinds {format_date(item.next_due)}" if item.overdue
                else f"uiterlijk {format_date(item.next_due)}" if item.next_due else "")
        left.markdown(f"{':red[**Te laat**] · ' if item.overdue else ''}{item.next_step_label}"
                      + (f" – {when}" if when else ""))
        left.caption(f"Achterstand {format_money(item.arrears)} ({item.arrears_months} maand(en)), "
                     f"oudste onbetaalde huur van {format_date(item.oldest_unpaid_due)}"
                     if item.oldest_unpaid_due else f"Achterstand {format_money(item.arrears)}")
        if right.button("Open dossier", key=f"open_case_{item.case_id}", on_click=_open_case,
                        args=(item.case_id,)):
            st.switch_page("pages/landlord/case.py")

if view.cases_needing_action > PAGE_SIZE:
    pages = (view.cases_needing_action + PAGE_SIZE - 1) // PAGE_SIZE
    st.selectbox("Pagina", list(range(1, pages + 1)), key="home_page")

if view.history and any(row.arrears > 0 for row in view.history):
    st.subheader("Huurachterstand in de afgelopen 12 maanden")
    chart = pd.DataFrame({"Maand": [format_month(row.month) for row in view.history],
                          "Achterstand (€)": [float(row.arrears) for row in view.history]})  # display only
    st.bar_chart(chart, x="Maand", y="Achterstand (€)", sort=False)
    st.caption("Per maand het bedrag dat aan het eind van die maand openstond (deze maand: vandaag).")
