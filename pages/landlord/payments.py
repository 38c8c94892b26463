
import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul import bank_import
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.users import Role
from store import tenancies as tenancy_store
from ui.session import db, require_role, show_error

user = require_role(Role.LANDLORD)
today = calendar.today()
FILE_KEY = "bank_file"  # {"name": str, "data": bytes}: plain values only
PREVIEW_KEY = "bank_preview"  # list of plain dicts from preview_import
NONE = "(geen)"
SKIP = 0

st.title("Betalingen")

with db() as session:
    choices = tenancy_store.tenancy_choices(session, user)

if not choices:
    st.info("Leg eerst uw huurders vast onder **Huurders**. Daarna kunt u hier betalingen vastleggen of uw "
            "bankbestand inlezen.")
    st.page_link("pages/landlord/tenancies.py", label="Naar Huurders", icon=":material/home_work:")
    st.stop()

one, upload = st.tabs(["Eén betaling", "Bankbestand inlezen"])

with one:
    with st.form("one_payment"):
        tenancy_id = st.selectbox("Huurovereenkomst", list(choices), format_func=lambda i: choices[i])
        c1, c2 = st.columns(2)
        paid_on = c1.date_input("Datum van de betaling", value=today, max_value=today, format="DD-MM-YYYY")
        amount = c2.text_input("Bedrag (€)", placeholder="850,00", help="Een deel van de huur mag ook.")
        description = st.text_input("Omschrijving (mag leeg)")
        saved = st.form_submit_button("Betaling opslaan", type="primary")
    if saved:
        try:
            with db() as session:
                tenancy_store.add_payment(session, user, tenancy_id, paid_on=paid_on, amount=amount, today=today,
                                          description=description)
        except NaarNulError as error:
            show_error(error)
        else:
            st.success("De betaling is opgeslagen.")

    st.subheader("Betalingen van deze huurder")
    with db() as session:
        payments = tenancy_store.list_payments(session, user, tenancy_id, limit=50)
    if not payments:
        st.caption("Nog geen betalingen.")
    else:
        st.dataframe(pd.DataFrame([{"Datum": format_date(p["paid_on"]), "Bedrag": format_money(p["amount"]),
                                    "Omschrijving": p["description"],
                                    "Bron": "bankbestand" if p["source"] == "import" else "met de hand"}
                                   for p in payments]), hide_index=True, use_container_width=True)
        labels = {p["id"]: f"{format_date(p['paid_on'])} – {format_money(p['amount'])}" for p in payments}
        with st.form("delete_payment"):
            payment_id = st.selectbox("Betaling verwijderen (bijvoorbeeld als die dubbel of fout is)", list(labels),
                                      format_func=lambda i: labels[i])
            sure = st.checkbox("Ja, verwijder deze betaling")
            delete = st.form_submit_button("Verwijderen")
        if delete:
            if not sure:
                st.warning("Zet eerst het vinkje als u de betaling echt wilt verwijderen.")
            else:
                try:
                    with db() as session:
                        tenancy_store.delete_payment(session, user, payment_id, today=today)
                except NaarNulError as error:
                    show_error(error)
                else:
                    st.success("De betaling is verwijderd.")
                    st.rerun()


def _keep_file() -> None:
    uploaded = st.session_state.get("bank_upload")
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state[FILE_KEY] = {"name": uploaded.name, "data": uploaded.getvalue()} if uploaded else None


with upload:
    st.write("Download bij uw bank een overzicht van de bijschrijvingen (CSV of Excel) en kies dat bestand hier. "
             "U ziet eerst wat Naar Nul ermee doet; er wordt pas iets opgeslagen als u op **Opslaan** klikt.")
    st.file_uploader("Bankbestand", type=["csv", "txt", "xlsx"], key="bank_upload", on_change=_keep_file)
    bank_file = st.session_state.get(FILE_KEY)
    if bank_file:
        try:
            columns, suggested = tenancy_store.read_columns(bank_file["data"], bank_file["name"])
        except NaarNulError as error:
            show_error(error)
            st.stop()
        st.subheader("1. Welke kolom is wat?")
        st.caption("Naar Nul heeft een keuze voorgesteld. Klopt iets niet, kies dan de juiste kolom.")
        mapping = {}
        cols = st.columns(3)
        for index, role in enumerate(bank_import.ROLES):
            options = [NONE] + columns
            default = suggested.get(role)
            choice = cols[index % 3].selectbox(bank_import.ROLE_LABELS[role].capitalize(), options,
                                               index=options.index(default) if default in options else 0,
                                               key=f"map_{role}")
            mapping[role] = None if choice == NONE else choice
        if st.button("2. Voorbeeld tonen", type="primary"):
            try:
                with db() as session:
                    st.session_state[PREVIEW_KEY] = tenancy_store.preview_import(
                        session, user, bank_file["data"], bank_file["name"], mapping, today)
                    st.session_state["bank_mapping"] = mapping
            except NaarNulError as error:
                st.session_state.pop(PREVIEW_KEY, None)
                show_error(error)
        preview = st.session_state.get(PREVIEW_KEY)
        if preview is not None:
            st.subheader("3. Controleer en sla op")
            if not preview:
                st.info("In dit bestand staan geen bijschrijvingen.")
            else:
                options = {SKIP: "overslaan", **choices}
                frame = pd.DataFrame([{
                    "Opslaan": row["selected"], "Rij": row["row_number"], "Datum": format_date(row["paid_on"]),
                    "Bedrag": format_money(row["amount"]), "Van": row["counterparty_name"],
                    "Huurovereenkomst": options.get(row["tenancy_id"] or SKIP),
                    "Waarom": row["duplicate"] or row["reason"],
                } for row in preview])
                edited = st.data_editor(
                    frame, hide_index=True, use_container_width=True, key="bank_editor",
                    disabled=["Rij", "Datum", "Bedrag", "Van", "Waarom"],
                    column_config={"Huurovereenkomst": st.column_config.SelectboxColumn(
                        options=list(options.values()), required=True)})
                skipped = sum(1 for row in preview if row["duplicate"])
                if skipped:
                    st.caption(f"{skipped} rij(en) staan al in Naar Nul of staan dubbel in het bestand. Die worden "
                               "overgeslagen, tenzij u ze zelf aanvinkt.")
                by_label = {label: key for key, label in options.items()}
                selected = {}
                for (_, row), original in zip(edited.iterrows(), preview):
                    tenancy_choice = by_label.get(row["Huurovereenkomst"], SKIP)
                    if row["Opslaan"] and tenancy_choice != SKIP and not original["already_imported"]:
                        selected[int(row["Rij"])] = tenancy_choice
                if st.button(f"Opslaan ({len(selected)} betaling(en))", type="primary", disabled=not selected):
                    try:
                        with db() as session:
                            count = tenancy_store.confirm_import(session, user, bank_file["data"], bank_file["name"],
                                                                 st.session_state["bank_mapping"], today, selected)
                    except NaarNulError as error:
                        show_error(error)
                    else:
                        st.session_state.pop(PREVIEW_KEY, None)
                        st.session_state[FILE_KEY] = None
                        st.success(f"{count} betaling(en) opgeslagen. Kijk op **Vandaag** wat er nog openstaat.")
