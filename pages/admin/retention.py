
import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date
from naarnul.users import Role
from store import retention
from store import settings as settings_store
from store.settings import RetentionSettings
from ui.session import db, require_role, show_error

admin = require_role(Role.ADMIN)

st.title("Bewaartermijn")
today = calendar.today()
with db() as session:
    months = settings_store.load(session, RetentionSettings).months_after_closing
    due = retention.due_for_anonymisation(session, admin, today)

st.write(f"Gesloten zaken worden {months} maanden na het sluiten geanonimiseerd: namen, contactgegevens, notities "
         "en documenten worden verwijderd. Bedragen en datums blijven bewaard voor de statistiek. "
         "De termijn wijzigt u bij Instellingen.")

if not due:
    st.success("Er zijn geen zaken waarvan de bewaartermijn voorbij is.")
    st.stop()

st.dataframe(pd.DataFrame([{
    "Zaak": d["case_id"], "Verhuurder": d["landlord_name"], "Plaats": d["place"], "Gemeente": d["municipality_code"],
    "Geopend": format_date(d["opened_on"]), "Gesloten": format_date(d["closed_on"]),
} for d in due]), hide_index=True, width="stretch")

with st.form("anonymise_form"):
    st.warning(f"{len(due)} zaak/zaken worden geanonimiseerd. Dit kan niet ongedaan worden gemaakt.")
    confirmed = st.checkbox("Ik begrijp dat de persoonsgegevens van deze zaken definitief worden verwijderd")
    submitted = st.form_submit_button("Anonimiseren", type="primary")

if submitted:
    if not confirmed:
        st.error("Zet eerst het vinkje om te bevestigen.")
    else:
        try:
            with db() as session:
                count = retention.anonymise(session, admin, [d["case_id"] for d in due], today)
        except NaarNulError as error:
            show_error(error)
        else:
            st.success(f"{count} zaak/zaken zijn geanonimiseerd. Dit staat in het logboek.")
