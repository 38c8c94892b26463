import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date
from naarnul.services import admin as admin_service
from naarnul.users import Role
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

admin = require_role(Role.ADMIN)

FLASH_KEY = "admin_retention_flash"

st.title("Bewaartermijn")
show_flash(FLASH_KEY)
today = calendar.today()
try:
    overview = admin_service.list_due_for_anonymisation(unit_of_work(), admin, today=today)
except NaarNulError as error:
    show_error(error)
    st.stop()
due = overview.due

st.write(f"Gesloten zaken worden {overview.months_after_closing} maanden na het sluiten geanonimiseerd: namen, "
         "contactgegevens, notities en documenten worden verwijderd. Bedragen en datums blijven bewaard voor de "
         "statistiek. De termijn wijzigt u bij Instellingen.")

if not due:
    st.success("Er zijn geen zaken waarvan de bewaartermijn voorbij is.")
    st.stop()

st.dataframe(pd.DataFrame([{
    "Zaak": d.case_id, "Verhuurder": d.landlord_name, "Plaats": d.place, "Gemeente": d.municipality_code,
    "Geopend": format_date(d.opened_on), "Gesloten": format_date(d.closed_on),
} for d in due]), hide_index=True, width="stretch")

case_ids = [d.case_id for d in due]
with st.form(f"anonymise_form_{'_'.join(map(str, case_ids))}"):  # a new list of cases asks to confirm again
    st.warning(f"{len(due)} zaak/zaken worden geanonimiseerd. Dit kan niet ongedaan worden gemaakt.")
    confirmed = st.checkbox("Ik begrijp dat de persoonsgegevens van deze zaken definitief worden verwijderd")
    submitted = st.form_submit_button("Anonimiseren", type="primary")

if submitted:
    if not confirmed:
        st.error("Zet eerst het vinkje om te bevestigen.")
    else:
        run_service(lambda uow: admin_service.anonymise_cases(uow, admin, case_ids=case_ids, today=today),
                    f"{len(case_ids)} zaak/zaken zijn geanonimiseerd. Dit staat in het logboek.", FLASH_KEY)
