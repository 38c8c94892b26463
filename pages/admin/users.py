import pandas as pd
import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.services import accounts
from naarnul.text import markdown_escape as md
from naarnul.users import ROLE_LABELS, Role
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

admin = require_role(Role.ADMIN)

FLASH_KEY = "admin_users_flash"
FORM_VERSION_KEY = "admin_new_user_form"  # bumped after a save, so the next form starts empty

st.title("Gebruikers")
show_flash(FLASH_KEY)

try:
    overview = accounts.list_users(unit_of_work(), admin)
except NaarNulError as error:
    show_error(error)
    st.stop()
people = overview.users
towns = {m.code: m.label for m in overview.municipalities}


def status_label(person: accounts.UserRow) -> str:
    if not person.active:
        return "uitgeschakeld"
    if person.locked_until:
        return f"tijdelijk geblokkeerd tot {person.locked_until:%H:%M}"
    return "actief"


table = pd.DataFrame([{
    "Gebruikersnaam": p.username, "Naam": p.name, "Rol": ROLE_LABELS[p.role],
    "Gemeente": overview.municipality_label(p.municipality_code), "Status": status_label(p),
} for p in people])
st.dataframe(table, hide_index=True, width="stretch")

st.subheader("Nieuwe gebruiker")
version = st.session_state.get(FORM_VERSION_KEY, 0)
with st.form(f"new_user_form_{version}"):
    role = st.selectbox("Rol", list(Role), format_func=lambda r: ROLE_LABELS[r])
    name = st.text_input("Naam", max_chars=accounts.NAME_MAX)
    username = st.text_input("Gebruikersnaam", max_chars=accounts.USERNAME_MAX)
    email = st.text_input("E-mailadres (niet verplicht)", max_chars=accounts.EMAIL_MAX)
    town = st.selectbox("Gemeente (alleen voor een contactpersoon gemeente)", [""] + list(towns),
                        format_func=lambda c: towns.get(c, c) if c else "—")
    password = st.text_input("Eerste wachtwoord (minstens 10 tekens)", type="password",
                             max_chars=accounts.PASSWORD_MAX)
    created = st.form_submit_button("Gebruiker aanmaken", type="primary")
if created:
    try:
        result = accounts.create_user(unit_of_work(), admin, username=username, name=name, role=role,
                                      password=password, municipality_code=town or None, email=email)
    except NaarNulError as error:
        show_error(error)
    else:
        st.session_state[FORM_VERSION_KEY] = version + 1
        st.session_state[FLASH_KEY] = (f"Gebruiker {md(result.user.username)} is aangemaakt. Geef het wachtwoord "
                                       "persoonlijk door.")
        st.rerun()

st.subheader("Gebruiker beheren")
if people:
    by_id = {p.id: p for p in people}
    chosen_id = st.selectbox("Kies een gebruiker", list(by_id),
                             format_func=lambda i: f"{by_id[i].username} — {by_id[i].name}")
    chosen = by_id[chosen_id]
    col1, col2 = st.columns(2)
    with col1.form(f"reset_password_form_{chosen_id}", clear_on_submit=True):
        new_password = st.text_input("Nieuw wachtwoord", type="password", max_chars=accounts.PASSWORD_MAX)
        if st.form_submit_button("Wachtwoord opnieuw instellen"):
            run_service(lambda uow: accounts.reset_password(uow, admin, user_id=chosen_id, new_password=new_password),
                        "Het wachtwoord is opnieuw ingesteld. Het account is ook gedeblokkeerd.", FLASH_KEY)
    with col2:
        lock = chosen.active and not chosen.locked_until  # what the button does: lock an open account, else unlock
        # keyed by user and by what it does, so a second click of a double click never undoes the first
        if st.button("Blokkeren" if lock else "Deblokkeren", key=f"lock_{chosen_id}_{lock}"):
            run_service(lambda uow: accounts.set_locked(uow, admin, user_id=chosen_id, locked=lock),
                        f"Account {md(chosen.username)} is {'geblokkeerd' if lock else 'gedeblokkeerd'}.", FLASH_KEY)
        if chosen.role == Role.LIAISON:
            codes = list(towns)
            current = chosen.municipality_code
            new_town = st.selectbox("Gemeente van deze contactpersoon", codes, format_func=towns.get,
                                    index=codes.index(current) if current in codes else 0,
                                    key=f"liaison_town_{chosen_id}")
            if st.button("Gemeente opslaan", key=f"save_town_{chosen_id}"):
                run_service(lambda uow: accounts.set_municipality(uow, admin, user_id=chosen_id,
                                                                  municipality_code=new_town),
                            f"Deze contactpersoon hoort nu bij {md(towns.get(new_town, new_town))}.", FLASH_KEY)
