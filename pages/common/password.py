import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.users import Role
from store import users as user_store
from ui.session import db, require_role, show_error

user = require_role(Role.LANDLORD, Role.LIAISON, Role.ADMIN)

st.title("Wachtwoord wijzigen")
with st.form("password_form", clear_on_submit=True):
    current = st.text_input("Huidig wachtwoord", type="password")
    new = st.text_input("Nieuw wachtwoord (10 tot 72 tekens)", type="password")
    repeat = st.text_input("Herhaal het nieuwe wachtwoord", type="password")
    submitted = st.form_submit_button("Wachtwoord wijzigen", type="primary")
if submitted:
    try:
        with db() as session:
            user_store.change_own_password(session, user, current, new, repeat)
    except NaarNulError as error:
        show_error(error)
    else:
        st.success("Uw wachtwoord is gewijzigd.")
