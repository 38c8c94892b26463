import streamlit as st

from naarnul.services import accounts
from naarnul.users import Role
from ui.session import require_role, run_service, show_flash

user = require_role(Role.LANDLORD, Role.LIAISON, Role.ADMIN)

FLASH_KEY = "password_flash"

st.title("Wachtwoord wijzigen")
show_flash(FLASH_KEY)
with st.form("password_form", clear_on_submit=True):
    current = st.text_input("Huidig wachtwoord", type="password", max_chars=accounts.PASSWORD_MAX)
    new = st.text_input("Nieuw wachtwoord (10 tot 72 tekens)", type="password", max_chars=accounts.PASSWORD_MAX)
    repeat = st.text_input("Herhaal het nieuwe wachtwoord", type="password", max_chars=accounts.PASSWORD_MAX)
    submitted = st.form_submit_button("Wachtwoord wijzigen", type="primary")
if submitted:
    run_service(lambda uow: accounts.change_own_password(uow, user, current=current, new=new, repeat=repeat),
                "Uw wachtwoord is gewijzigd.", FLASH_KEY)
