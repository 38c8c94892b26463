import datetime as dt

import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.arrangement import HOUSEHOLD_LABELS
from naarnul.formatting import format_date, format_money
from naarnul.services import arrangements as service
from naarnul.users import Role
from ui.session import require_role, run_service, show_flash, unit_of_work

admin = require_role(Role.ADMIN)
today = calendar.today()
FLASH_KEY = "norms_flash"

st.title("Beslagvrije voet")
st.write("Met deze bedragen kijkt het portaal of een termijn past bij het inkomen van de huurder. Verhuurders zien "
         "altijd vanaf welke datum de gebruikte bedragen gelden.")
st.info("De bedragen veranderen op **1 januari** en **1 juli**. De beslagvrije voet is 95% van de bijstandsnorm "
        "(met vakantiegeld) voor het soort huishouden. U vindt de bedragen bij de KBvG (rekenhulp beslagvrije voet, "
        "www.kbvg.nl) en bij de normbedragen van de Participatiewet op www.rijksoverheid.nl. Voeg een nieuwe regel "
        "toe en laat de oude staan: die zijn de geschiedenis. De andere regels voor betalingsregelingen staan op "
        "de pagina Instellingen.")
show_flash(FLASH_KEY)

norms = service.list_norms(unit_of_work(), admin)

if norms:
    st.dataframe(pd.DataFrame([{"Huishouden": n.household_label, "Geldt vanaf": format_date(n.valid_from),
                                "Bedrag per maand": format_money(n.amount), "Bron": n.source}
                               for n in norms]), hide_index=True, width="stretch")
else:
    st.warning("Er zijn nog geen bedragen ingevoerd. Zolang dat zo is, zegt het portaal bij een betalingsregeling "
               "dat het niet kan berekenen of de termijn past.")


half_year = dt.date(today.year, 1 if today.month < 7 else 7, 1)
st.subheader("Bedrag toevoegen")
with st.form("add_norm"):
    household = st.selectbox("Huishouden", list(HOUSEHOLD_LABELS), format_func=lambda h: HOUSEHOLD_LABELS[h])
    valid_from = st.date_input("Geldt vanaf", value=half_year, format="DD-MM-YYYY")
    amount = st.text_input("Bedrag per maand", placeholder="bijvoorbeeld 1.234,56")
    source = st.text_input("Bron", placeholder="publicatie en internetadres, bijvoorbeeld Staatscourant ...")
    if st.form_submit_button("Toevoegen", type="primary"):
        run_service(lambda uow: service.add_norm(uow, admin, household_type=household, valid_from=valid_from,
                                                 amount=amount, source=source),
                    "Het bedrag is toegevoegd.", FLASH_KEY)

if norms:
    st.subheader("Bedrag verwijderen")
    st.caption("Alleen voor een bedrag dat verkeerd is ingevoerd. Een oud bedrag laat u staan.")
    with st.form("delete_norm"):
        by_id = {n.id: n for n in norms}
        norm_id = st.selectbox("Regel", list(by_id), format_func=lambda i: (
            f"{by_id[i].household_label} vanaf {format_date(by_id[i].valid_from)}: "
            f"{format_money(by_id[i].amount)}"))
        sure = st.checkbox("Ja, deze regel verwijderen")
        if st.form_submit_button("Verwijderen"):
            if not sure:
                st.error("Zet eerst het vinkje om te bevestigen dat u deze regel wilt verwijderen.")
            else:
                run_service(lambda uow: service.delete_norm(uow, admin, norm_id=norm_id), "De regel is verwijderd.",
                            FLASH_KEY)
