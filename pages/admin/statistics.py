import pandas as pd
import streamlit as st

from naarnul.users import Role
from store import statistics
from ui.session import db, require_role

admin = require_role(Role.ADMIN)

st.title("Statistiek")
with db() as session:
    per_month = statistics.signals_per_month(session, admin)
    outcomes = statistics.outcomes(session, admin)
    closed = statistics.closed_without_court(session, admin)

st.subheader("Meldingen per maand")
if per_month:
    st.bar_chart(pd.DataFrame(per_month, columns=["Maand", "Meldingen"]).set_index("Maand"))
else:
    st.caption("Nog geen meldingen.")

st.subheader("Terugkoppeling van gemeenten")
if outcomes:
    st.dataframe(pd.DataFrame([{"Uitkomst": o["label"], "Aantal": o["count"]} for o in outcomes]),
                 hide_index=True, width="stretch")
else:
    st.caption("Nog geen terugkoppeling.")

st.subheader("Gesloten zaken zonder rechter")
if closed["closed"]:
    col1, col2 = st.columns(2)
    col1.metric("Gesloten zaken", closed["closed"])
    col2.metric("Zonder rechter", f"{closed['without_court']} ({closed['share']:.0%})")
    st.caption("Een zaak telt als 'met rechter' als de reden van sluiten gaat over dagvaarding, rechter, "
               "ontbinding of ontruiming.")
else:
    st.caption("Nog geen gesloten zaken.")
