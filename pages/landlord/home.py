import streamlit as st

from naarnul.users import Role
from store import users as user_store
from ui.session import db, require_role

user = require_role(Role.LANDLORD)

st.title("Vandaag")
with db() as session:
    missing = user_store.profile_missing_for_letters(user_store.get_profile(session, user))
if missing:
    st.warning("Vul eerst uw gegevens aan. Ze staan onder elke brief. Nog nodig: " + ", ".join(missing) + ".")
    st.page_link("pages/landlord/profile.py", label="Naar mijn gegevens", icon=":material/badge:")
st.info("U heeft nog geen huurders met een achterstand.")
