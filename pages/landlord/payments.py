import hashlib

import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.services import bank_import as import_service
from naarnul.services import tenancies as tenancy_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.display import UPLOAD_HELP
from ui.forms import form_key, saved, submission_token
from ui.session import require_role, show_error, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
FILE_KEY = "bank_file"  # {"name": str, "data": bytes}: plain values only
PREVIEW_KEY = "bank_preview"  # {"file": hash, "mapping": {...}, "preview": BankPreview}
FLASH_KEY = "payments_flash"
SEARCH_KEY = "payment_search"
CHOICE_KEY = "payment_tenancy_id"
NONE = "(geen)"
SKIP = 0

st.title("Betalingen")
show_flash(FLASH_KEY)


# the picker is bounded (a landlord with 10,000 tenancies searches instead of scrolling them all on every run)
search = " ".join(str(st.session_state.get(SEARCH_KEY) or "").split())
view = tenancy_service.show_payments(unit_of_work(), user, search=search,
                                     tenancy_id=st.session_state.get(CHOICE_KEY), limit=50)

if not view.choices and not search:
    st.info("Leg eerst uw huurders vast onder **Huurders**. Daarna kunt u hier betalingen vastleggen of uw "
            "bankbestand inlezen.")
    st.page_link("pages/landlord/tenancies.py", label="Naar Huurders", icon=":material/home_work:")
    st.stop()

one, upload = st.tabs(["Eén betaling", "Bankbestand inlezen"])


def show_picker() -> int | None:
    """The tenancy to record a payment for; with many tenancies, a search box narrows the list first."""
    if search or view.matches > tenancy_service.PICKER_LIMIT:
        st.text_input("Zoek huurovereenkomst", key=SEARCH_KEY, max_chars=100,
                      placeholder="Straat, postcode, plaats of naam van de huurder")
        if not view.choices:
            st.warning(f"Geen huurovereenkomst gevonden met '{md(search)}'. Zoek op een deel van de straat, de "
                       "postcode, de plaats of de naam van de huurder.")
            return None
        if view.matches > len(view.choices):
            st.caption(f"U ziet {len(view.choices)} van de {view.matches} huurovereenkomsten. Zoek om een andere te "
                       "kiezen.")
    if st.session_state.get(CHOICE_KEY) != view.chosen:
        st.session_state[CHOICE_KEY] = view.chosen  # the one whose payments were read (the first of a new search)
    choices = view.choices
    return st.selectbox("Huurovereenkomst", list(choices), format_func=lambda i: choices[i], key=CHOICE_KEY)


def show_one_payment(tenancy_id: int) -> None:
    """Record one payment for the chosen tenancy; its payments (newest first) and deleting one."""
    form = "one_payment"
    token = submission_token(form)
    with st.form(f"{form_key(form)}_{tenancy_id}"):
        c1, c2 = st.columns(2)
        paid_on = c1.date_input("Datum van de betaling", value=today, max_value=today, format="DD-MM-YYYY")
        amount = c2.text_input("Bedrag (€)", placeholder="850,00", help="Een deel van de huur mag ook.",
                               max_chars=20)
        description = st.text_input("Omschrijving (mag leeg)", max_chars=500)
        submitted = st.form_submit_button("Betaling opslaan", type="primary")
    if submitted:
        try:
            tenancy_service.record_payment(unit_of_work(), user, tenancy_id=tenancy_id, paid_on=paid_on,
                                           amount=amount, description=description, today=today,
                                           submission_token=token)
        except NaarNulError as error:
            show_error(error)
        else:
            saved(form, "De betaling is opgeslagen.", FLASH_KEY)

    st.subheader("Betalingen van deze huurder")
    payments = (view.payments if tenancy_id == view.chosen
                else tenancy_service.list_payments(unit_of_work(), user, tenancy_id=tenancy_id, limit=50))
    if not payments:
        st.caption("Nog geen betalingen.")
    else:
        st.dataframe(pd.DataFrame([{"Datum": format_date(p.paid_on), "Bedrag": format_money(p.amount),
                                    "Omschrijving": p.description,
                                    "Bron": "bankbestand" if p.imported else "met de hand"}
                                   for p in payments]), hide_index=True, width="stretch")
        labels = {p.id: f"{format_date(p.paid_on)} – {format_money(p.amount)}" for p in payments}
        with st.form(f"delete_payment_{tenancy_id}"):
            payment_id = st.selectbox("Betaling verwijderen (bijvoorbeeld als die dubbel of fout is)", list(labels),
                                      format_func=lambda i: labels[i])
            sure = st.checkbox("Ja, verwijder deze betaling")
            delete = st.form_submit_button("Verwijderen")
        if delete:
            if not sure:
                st.warning("Zet eerst het vinkje als u de betaling echt wilt verwijderen.")
            else:
                try:
                    tenancy_service.delete_payment(unit_of_work(), user, payment_id=payment_id, today=today)
                except NaarNulError as error:
                    show_error(error)
                else:
                    st.session_state[FLASH_KEY] = "De betaling is verwijderd."
                    st.rerun()


with one:
    # outside the form: the list below and the payment offered for deletion follow the choice at once
    chosen = show_picker()
    if chosen is not None:
        show_one_payment(chosen)


def _keep_file() -> None:
    uploaded = st.session_state.get("bank_upload")
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state[FILE_KEY] = {"name": uploaded.name, "data": uploaded.getvalue()} if uploaded else None


with upload:
    st.write("Download bij uw bank een overzicht van de bijschrijvingen (CSV of Excel) en kies dat bestand hier. "
             "U ziet eerst wat Naar Nul ermee doet; er wordt pas iets opgeslagen als u op **Opslaan** klikt.")
    st.file_uploader("Bankbestand", type=["csv", "txt", "xlsx"], key="bank_upload", on_change=_keep_file,
                     help=UPLOAD_HELP)
    bank_file = st.session_state.get(FILE_KEY)
    if bank_file:
        # every widget of the import is keyed by the file: a second file starts from its own suggestion
        file_hash = hashlib.sha256(bank_file["data"]).hexdigest()[:16]
        try:
            found = import_service.read_bank_columns(data=bank_file["data"], filename=bank_file["name"])
        except NaarNulError as error:
            show_error(error)
            st.stop()
        st.subheader("1. Welke kolom is wat?")
        st.caption("Naar Nul heeft een keuze voorgesteld. Klopt iets niet, kies dan de juiste kolom.")
        mapping = {}
        cols = st.columns(3)
        for index, role in enumerate(import_service.ROLES):
            options = [NONE, *found.columns]
            default = found.suggested.get(role)
            choice = cols[index % 3].selectbox(import_service.ROLE_LABELS[role].capitalize(), options,
                                               index=options.index(default) if default in options else 0,
                                               key=f"map_{file_hash}_{role}")
            mapping[role] = None if choice == NONE else choice
        if st.button("2. Voorbeeld tonen", type="primary", key=f"bank_preview_{file_hash}"):
            try:
                result = import_service.preview_bank_import(unit_of_work(), user, data=bank_file["data"],
                                                            filename=bank_file["name"], mapping=mapping, today=today)
                st.session_state[PREVIEW_KEY] = {"file": file_hash, "mapping": mapping, "preview": result}
            except NaarNulError as error:
                st.session_state.pop(PREVIEW_KEY, None)
                show_error(error)
        stored = st.session_state.get(PREVIEW_KEY)
        if stored is not None and stored["file"] == file_hash and stored["mapping"] == mapping:
            preview = stored["preview"].rows
            rejected = stored["preview"].rejected
            st.subheader("3. Controleer en sla op")
            if rejected:
                st.warning(f"{len(rejected)} rij(en) kan Naar Nul niet lezen. Die worden overgeslagen; de rest van "
                           "het bestand kunt u gewoon opslaan.")
                st.dataframe(pd.DataFrame([{"Rij": r.row_number, "Waarom niet ingelezen": r.reason}
                                           for r in rejected]), hide_index=True, width="stretch")
            if not preview:
                st.info("In dit bestand staan geen bijschrijvingen die Naar Nul kan inlezen.")
            else:
                options = {SKIP: "overslaan", **tenancy_service.list_tenancy_choices(unit_of_work(), user)}
                frame = pd.DataFrame([{
                    "Opslaan": row.selected, "Rij": row.row_number, "Datum": format_date(row.paid_on),
                    "Bedrag": format_money(row.amount), "Van": row.counterparty_name,
                    "Huurovereenkomst": options.get(row.tenancy_id or SKIP),
                    "Waarom": row.duplicate or row.reason,
                } for row in preview])
                edited = st.data_editor(
                    frame, hide_index=True, width="stretch", key=f"bank_editor_{file_hash}",
                    disabled=["Rij", "Datum", "Bedrag", "Van", "Waarom"],
                    column_config={"Huurovereenkomst": st.column_config.SelectboxColumn(
                        options=list(options.values()), required=True)})
                skipped = sum(1 for row in preview if row.duplicate)
                if skipped:
                    st.caption(f"{skipped} rij(en) staan al in Naar Nul of staan dubbel in het bestand. Die worden "
                               "overgeslagen, tenzij u ze zelf aanvinkt.")
                by_label = {label: key for key, label in options.items()}
                selected = {}
                for (_, row), original in zip(edited.iterrows(), preview):
                    tenancy_choice = by_label.get(row["Huurovereenkomst"], SKIP)
                    if row["Opslaan"] and tenancy_choice != SKIP and not original.already_imported:
                        selected[int(row["Rij"])] = tenancy_choice
                if st.button(f"Opslaan ({len(selected)} betaling(en))", type="primary", disabled=not selected,
                             key=f"bank_save_{file_hash}"):
                    try:
                        count = import_service.import_bank_rows(unit_of_work(), user, data=bank_file["data"],
                                                                filename=bank_file["name"], mapping=stored["mapping"],
                                                                selected=selected, today=today)
                    except NaarNulError as error:
                        show_error(error)
                    else:
                        st.session_state.pop(PREVIEW_KEY, None)
                        st.session_state[FILE_KEY] = None
                        st.session_state[FLASH_KEY] = (f"{count} betaling(en) opgeslagen. Kijk op **Vandaag** wat er "
                                                       "nog openstaat.")
                        st.rerun()
