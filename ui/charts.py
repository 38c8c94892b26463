"""Charts in Dutch: axis numbers as `2.000` and amounts as `€ 2.000`, whatever the browser's language.

Streamlit's own charts format numbers in English (`2,000`) and cannot be given a locale, so these are Altair charts
whose axis labels are rewritten by a Vega expression; the tooltip shows text formatted by naarnul.formatting.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from naarnul.formatting import format_money, format_month

# d3 formats with a comma for thousands; swap it for a dot (Dutch) in the label
DUTCH_NUMBER = "replace(format(datum.value, ',.0f'), regexp(',', 'g'), '.')"
DUTCH_MONEY = "'€ ' + " + DUTCH_NUMBER


def money_bar_chart(rows: Sequence[tuple[dt.date, Decimal]], *, amount_title: str) -> None:
    """One bar per month (oldest first) with its amount in euros."""
    frame = pd.DataFrame({"Maand": [format_month(month) for month, _ in rows],
                          "Bedrag": [float(amount) for _, amount in rows],  # display only, never computed with
                          "Tekst": [format_money(amount) for _, amount in rows]})
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("Maand:N", sort=None, title=None, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("Bedrag:Q", title=amount_title, axis=alt.Axis(labelExpr=DUTCH_MONEY, format=",.0f")),
        tooltip=[alt.Tooltip("Maand:N", title="Maand"), alt.Tooltip("Tekst:N", title=amount_title)])
    st.altair_chart(chart, width="stretch")


def count_bar_chart(rows: Sequence[tuple[str, int]], *, label_title: str, count_title: str) -> None:
    """One bar per label (in the given order) with a count."""
    frame = pd.DataFrame({"Label": [label for label, _ in rows], "Aantal": [int(count) for _, count in rows]})
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("Label:N", sort=None, title=label_title),
        y=alt.Y("Aantal:Q", title=count_title, axis=alt.Axis(labelExpr=DUTCH_NUMBER, format=",.0f", tickMinStep=1)),
        tooltip=[alt.Tooltip("Label:N", title=label_title), alt.Tooltip("Aantal:Q", title=count_title)])
    st.altair_chart(chart, width="stretch")
