import streamlit as st

from naarnul.users import Role
from store import municipalities
from ui.session import db, require_role

user = require_role(Role.LIAISON)

with db() as session:
    municipality = municipalities.get(session, user.municipality_code)
    name = municipality.name
st.title(f"Meldingen voor {name}")
st.info("Er zijn nog geen meldingen van verhuurders voor uw gemeente.")
