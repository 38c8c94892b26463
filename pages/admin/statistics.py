import datetime as dt

import pandas as pd
import streamlit as st

from naarnul.formatting import format_month
from naarnul.services import admin as admin_service
from naarnul.users import Role
from ui.charts import count_bar_chart
from ui.session import require_role, unit_of_work

admin = require_role(Role.ADMIN)

st.title("Statistiek")
statistics = admin_service.view_statistics(unit_of_work(), admin)

st.subheader("Meldingen per maand")
if statistics.signals_per_month:
    count_bar_chart([(format_month(dt.date(int(month[:4]), int(month[5:7]), 1)), count)
                     for month, count in statistics.signals_per_month], label_title="Maand", count_title="Meldingen")
else:
    st.caption("Nog geen meldingen.")

st.subheader("Terugkoppeling van gemeenten")
if statistics.outcomes:
    st.dataframe(pd.DataFrame([{"Uitkomst": o.label, "Aantal": o.count} for o in statistics.outcomes]),
                 hide_index=True, width="stretch")
else:
    st.caption("Nog geen terugkoppeling.")

st.subheader("Gesloten zaken zonder rechter")
if statistics.closed:
    col1, col2 = st.columns(2)
    col1.metric("Gesloten zaken", statistics.closed)
    col2.metric("Zonder rechter", f"{statistics.closed_without_court} ({statistics.share_without_court:.0%})")
    st.caption("Een zaak telt als 'met rechter' als de reden van sluiten gaat over dagvaarding, rechter, "
               "ontbinding of ontruiming.")
else:
    st.caption("Nog geen gesloten zaken.")
