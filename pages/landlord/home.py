import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_money
from naarnul.services import cases as case_service
from naarnul.services import todo as todo_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui import case_links
from ui.charts import money_bar_chart
from ui.session import require_role, run_service, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
PAGE_SIZE = 10
FLASH_KEY = "home_flash"
PAGE_KEY = "home_page"
MENU = [("pages/landlord/tenancies.py", "Huurders", ":material/home_work:"),
        ("pages/landlord/payments.py", "Betalingen", ":material/payments:"),
        ("pages/landlord/case.py", "Dossier", ":material/folder_open:"),
        ("pages/landlord/arrangement.py", "Betalingsregeling", ":material/handshake:"),
        ("pages/landlord/letters.py", "Brieven", ":material/mail:")]


def show_menu() -> None:
    """On a phone the sidebar is folded away: say where it is, and offer the main pages here as well."""
    st.caption("Het menu staat links. Op een telefoon opent u het met het pijltje » linksboven. "
               "Of ga direct naar:")
    with st.container(horizontal=True, gap="small"):
        for path, label, icon in MENU:
            st.page_link(path, label=label, icon=icon)


def show_profile_warning(view) -> None:
    if view.missing_profile:
        st.warning("Vul eerst uw gegevens aan. Ze staan onder elke brief. Nog nodig: "
                   + ", ".join(view.missing_profile) + ".")
        st.page_link("pages/landlord/profile.py", label="Naar mijn gegevens", icon=":material/badge:")


def show_first_steps() -> None:
    st.info("U heeft nog geen huurders in Naar Nul. Zo begint u:\n\n"
            "1. Vul uw eigen gegevens in (onder **Mijn gegevens**).\n"
            "2. Leg uw huurders vast met hun huur en betaaldag (onder **Huurders**).\n"
            "3. Lees de betalingen van uw bank in (onder **Betalingen**). Dan ziet u hier of er huur openstaat.")
    st.page_link("pages/landlord/tenancies.py", label="Huurder toevoegen", icon=":material/home_work:")


def show_freshness(view) -> None:
    freshness = view.freshness  # the page itself never refreshes: a read never writes
    if freshness.stale:
        note, action = st.columns([4, 1])
        note.info(freshness.line)
        if action.button("Bijwerken", key="refresh_figures"):
            run_service(lambda uow: case_service.refresh_figures(uow, user, today=today),
                        "De bedragen en stappen zijn bijgewerkt voor vandaag.", FLASH_KEY)


def show_totals(view) -> None:
    col1, col2, col3 = st.columns(3)
    col1.metric("Totale huurachterstand", format_money(view.total_arrears))
    col2.metric("Huurders met achterstand", f"{view.in_arrears} van {view.tenancies}")
    col3.metric("Stappen te laat", view.overdue_steps)


# --- the to-do list ------------------------------------------------------------------------------------------------

def _mark_seen(key: str) -> None:
    """An explicit action of the user (a click), never a render: the item is no longer "nieuw"."""
    try:
        todo_service.mark_seen(unit_of_work(), user, keys=[key], today=today)
    except NaarNulError:
        pass  # a mark that cannot be saved only leaves the item marked "nieuw"


def _open_item(key: str, case_id: int, action: str) -> None:
    _mark_seen(key)
    case_links.choose_for_action(case_id, action)


def show_item(item) -> None:
    with st.container(border=True):
        badge = ":blue-badge[nieuw] " if item.new else ""
        st.markdown(f"{badge}**{md(item.address)}** – {md(item.tenant_names)}")
        st.markdown((":red[**Te laat**] · " if item.overdue else "") + md(item.title))
        st.caption(md(item.detail))
        with st.container(horizontal=True, gap="small"):
            if st.button(item.action_label, key=f"todo_open_{item.key}", type="primary", on_click=_open_item,
                         args=(item.key, item.case_id, item.action)):
                case_links.switch(case_links.target_page(item.action), item.case_id)
            if item.new:
                st.button("Gezien", key=f"todo_seen_{item.key}", on_click=_mark_seen, args=(item.key,),
                          help="Haalt het label 'nieuw' weg. Het punt blijft staan tot het gedaan is.")


def show_todo(view, todo) -> None:
    st.subheader("Wat nu te doen" + (f" ({todo.new} nieuw)" if todo.new else ""))
    if not todo.items:
        if view.open_cases:
            st.success("Er is vandaag niets te doen. Bij de open zaken wacht u op een datum of op de gemeente.")
        else:
            st.success("Niemand heeft een huurachterstand. Lees regelmatig uw bankbestand in, dan blijft dit "
                       "overzicht kloppen.")
            st.page_link("pages/landlord/payments.py", label="Betalingen inlezen", icon=":material/payments:")
        return
    st.caption("Wat te laat is staat bovenaan, daarna wat nieuw is, daarna wat het eerst moet. "
               "De knop opent meteen de juiste plek, met de zaak al gekozen.")
    for item in todo.items:
        show_item(item)
    if todo.total > PAGE_SIZE:
        pages = (todo.total + PAGE_SIZE - 1) // PAGE_SIZE
        st.selectbox("Pagina", list(range(1, pages + 1)), key=PAGE_KEY)


def show_history(view) -> None:
    if view.history and any(row.arrears > 0 for row in view.history):
        st.subheader("Huurachterstand in de afgelopen 12 maanden")
        money_bar_chart([(row.month, row.arrears) for row in view.history], amount_title="Achterstand")
        st.caption("Per maand het bedrag dat aan het eind van die maand openstond (deze maand: vandaag).")


st.title("Vandaag")
show_flash(FLASH_KEY)
page_number = int(st.session_state.get(PAGE_KEY, 1))
vandaag = todo_service.show_vandaag(unit_of_work(), user, today=today, page=page_number, page_size=PAGE_SIZE)
if vandaag.todo.page != page_number:  # the list got shorter than the page chosen before: back to the first
    st.session_state[PAGE_KEY] = vandaag.todo.page
summary = vandaag.summary
show_menu()
show_profile_warning(summary)
if summary.tenancies == 0:
    show_first_steps()
    st.stop()
show_freshness(summary)
show_totals(summary)
show_todo(summary, vandaag.todo)
show_history(summary)
