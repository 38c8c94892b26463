import pandas as pd
import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.users import ROLE_LABELS, Role
from store import municipalities
from store import users as user_store
from ui.session import db, require_role, show_error

admin = require_role(Role.ADMIN)

st.title("Gebruikers")

with db() as session:
    people = [u.model_dump(exclude={"password_hash"}) for u in user_store.list_users(session, admin)]
    towns = {m.code: m.name for m in municipalities.list_all(session)}


def town_label(code: str) -> str:
    return f"{towns.get(code, code)} ({code})"


table = pd.DataFrame([{
    "Gebruikersnaam": p["username"], "Naam": p["name"], "Rol": ROLE_LABELS[Role(p["role"])],
    "Gemeente": town_label(p["municipality_code"]) if p["municipality_code"] else "",
    "Status": "uitgeschakeld" if not p["active"] else ("tijdelijk geblokkeerd" if p["locked_until"] else "actief"),
} for p in people])
st.dataframe(table, hide_index=True, width="stretch")

st.subheader("Nieuwe gebruiker")
with st.form("new_user_form", clear_on_submit=False):
    role = st.selectbox("Rol", list(Role), format_func=lambda r: ROLE_LABELS[r])
    name = st.text_input("Naam")
    username = st.text_input("Gebruikersnaam")
    email = st.text_input("E-mailadres (niet verplicht)")
    town = st.selectbox("Gemeente (alleen voor een contactpersoon gemeente)", [""] + list(towns),
                        format_func=lambda c: town_label(c) if c else "—")
    password = st.text_input("Eerste wachtwoord (minstens 10 tekens)", type="password")
    created = st.form_submit_button("Gebruiker aanmaken", type="primary")
if created:
    try:
        with db() as session:
            user_store.create_user(session, admin, username=username, name=name, role=role, password=password,
                                   municipality_code=town or None, email=email)
    except NaarNulError as error:
        show_error(error)
    else:
        st.success(f"Gebruiker {username.strip().lower()} is aangemaakt. Geef het wachtwoord persoonlijk door.")
        st.rerun()

st.subheader("Gebruiker beheren")
if people:
    chosen_id = st.selectbox("Kies een gebruiker", [p["id"] for p in people],
                             format_func=lambda i: next(f"{p['username']} — {p['name']}" for p in people if p["id"] == i))
    chosen = next(p for p in people if p["id"] == chosen_id)
    col1, col2 = st.columns(2)
    with col1.form("reset_password_form", clear_on_submit=True):
        new_password = st.text_input("Nieuw wachtwoord", type="password")
        if st.form_submit_button("Wachtwoord opnieuw instellen"):
            try:
                with db() as session:
                    user_store.reset_password(session, admin, chosen_id, new_password)
            except NaarNulError as error:
                show_error(error)
            else:
                st.success("Het wachtwoord is opnieuw ingesteld. Het account is ook gedeblokkeerd.")
    with col2:
        locked = not chosen["active"] or bool(chosen["locked_until"])
        if st.button("Deblokkeren" if locked else "Blokkeren", key="toggle_lock"):
            try:
                with db() as session:
                    user_store.set_locked(session, admin, chosen_id, locked=not locked)
            except NaarNulError as error:
                show_error(error)
            else:
                st.rerun()
        if chosen["role"] == Role.LIAISON:
            codes = list(towns)
            current = chosen["municipality_code"]
            new_town = st.selectbox("Gemeente van deze contactpersoon", codes, format_func=town_label,
                                    index=codes.index(current) if current in codes else 0, key="liaison_town")
            if st.button("Gemeente opslaan"):
                try:
                    with db() as session:
                        user_store.set_municipality(session, admin, chosen_id, new_town)
                except NaarNulError as error:
                    show_error(error)
                else:
                    st.success(f"Deze contactpersoon hoort nu bij {town_label(new_town)}.")
