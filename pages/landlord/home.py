
import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.formatting import format_date, format_money, format_month
from naarnul.services.refresh import refresh_arrears
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from store import cases as case_store
from store import tenancies as tenancy_store
from store import users as user_store
from ui.session import db, require_role

user = require_role(Role.LANDLORD)
today = calendar.today()
PAGE_SIZE = 10
CASE_KEY = "naarnul_case_id"

st.title("Vandaag")
page_number = int(st.session_state.get("home_page", 1))
with db() as session:
    missing = user_store.profile_missing_for_letters(user_store.get_profile(session, user))
    refresh_arrears(session, user, today)  # only stale snapshots are recomputed
    totals = tenancy_store.arrears_totals(session, user)
    counts = case_store.case_counts(session, user, today)
    cases, total = case_store.list_cases(session, user, needs_action=True, limit=PAGE_SIZE,
                                         offset=(page_number - 1) * PAGE_SIZE, today=today)
    history = tenancy_store.arrears_history(session, user, today) if totals["tenancies"] else []

if missing:
    st.warning("Vul eerst uw gegevens aan. Ze staan onder elke brief. Nog nodig: " + ", ".join(missing) + ".")
    st.page_link("pages/landlord/profile.py", label="Naar mijn gegevens", icon=":material/badge:")

if totals["tenancies"] == 0:
    st.info("U heeft nog geen huurders in Naar Nul. Zo begint u:\n\n"
            "1. Vul uw eigen gegevens in (onder **Mijn gegevens**).\n"
            "2. Leg uw huurders vast met hun huur en betaaldag (onder **Huurders**).\n"
            "3. Lees de betalingen van uw bank in (onder **Betalingen**). Dan ziet u hier of er huur openstaat.")
    st.page_link("pages/landlord/tenancies.py", label="Huurder toevoegen", icon=":material/home_work:")
    st.stop()

col1, col2, col3 = st.columns(3)
col1.metric("Totale huurachterstand", format_money(totals["arrears"]))
col2.metric("Huurders met achterstand", f"{totals['in_arrears']} van {totals['tenancies']}")
col3.metric("Stappen te laat", counts["overdue"])

st.subheader("Wat nu te doen")
if not cases:
    if counts["open"]:
        st.success("Er is vandaag niets te doen. Bij de open zaken wacht u op een datum of op de gemeente.")
    else:
        st.success("Niemand heeft een huurachterstand. Lees regelmatig uw bankbestand in, dan blijft dit "
                   "overzicht kloppen.")
        st.page_link("pages/landlord/payments.py", label="Betalingen inlezen", icon=":material/payments:")
else:
    st.caption("Stappen die te laat zijn staan bovenaan, daarna de stap die het eerst moet.")


def _open_case(case_id: int) -> None:
    st.session_state[CASE_KEY] = case_id


for item in cases:
    with st.container(border=True):
        left, right = st.columns([4, 1])
        left.markdown(f"**{md(item['address'])}** – {md(item['tenant_names'])}")
        when = (f"te laat sinds {format_date(item['next_due'])}" if item["overdue"]
                else f"uiterlijk {format_date(item['next_due'])}" if item["next_due"] else "")
        left.markdown(f"{':red[**Te laat**] · ' if item['overdue'] else ''}{item['next_step_label']}"
                      + (f" – {when}" if when else ""))
        left.caption(f"Achterstand {format_money(item['arrears'])} ({item['arrears_months']} maand(en)), "
                     f"oudste onbetaalde huur van {format_date(item['oldest_unpaid_due'])}"
                     if item["oldest_unpaid_due"] else f"Achterstand {format_money(item['arrears'])}")
        if right.button("Open dossier", key=f"open_case_{item['id']}", on_click=_open_case, args=(item["id"],)):
            st.switch_page("pages/landlord/case.py")

if total > PAGE_SIZE:
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    st.selectbox("Pagina", list(range(1, pages + 1)), key="home_page")

if history and any(row["arrears"] > 0 for row in history):
    st.subheader("Huurachterstand in de afgelopen 12 maanden")
    chart = pd.DataFrame({"Maand": [format_month(row["month"]) for row in history],
                          "Achterstand (€)": [float(row["arrears"]) for row in history]})  # display only
    st.bar_chart(chart, x="Maand", y="Achterstand (€)", sort=False)
    st.caption("Per maand het bedrag dat aan het eind van die maand openstond (deze maand: vandaag).")
