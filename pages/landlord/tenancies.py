import datetime as dt

import pandas as pd
import streamlit as st

from naarnul import calendar
from naarnul.errors import NaarNulError
from naarnul.formatting import format_date, format_money
from naarnul.ledger import default_rent_change_date
from naarnul.services import tenancies as tenancy_service
from naarnul.services.tenancies import TenancyForm, TenantForm
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.forms import form_key, saved, submission_token
from ui.session import require_role, show_error, show_flash, unit_of_work

user = require_role(Role.LANDLORD)
today = calendar.today()
PAGE_SIZE = 25
DUE_DAY_HELP = ("U kunt de 1e tot en met de 28e kiezen. De 29e, 30e en 31e kunnen niet, omdat niet elke maand die "
                "dag heeft (februari heeft er maar 28 of 29). Zo valt de huur elke maand op dezelfde dag.")

FLASH_KEY = "tenancies_flash"

st.title("Huurders")
show_flash(FLASH_KEY)

# one read for the whole page: the widgets' values of the previous run choose what it shows
view = tenancy_service.tenancies_page(
    unit_of_work(), user, search=st.session_state.get("tenancy_search", ""),
    only_arrears=bool(st.session_state.get("tenancy_only_arrears", False)),
    page=int(st.session_state.get("tenancy_page", 1)), page_size=PAGE_SIZE,
    edit_search=st.session_state.get("edit_tenancy_search", ""),
    edit_tenancy_id=st.session_state.get("edit_tenancy_id"))
municipalities = view.municipalities
choices = view.choices
if view.page != st.session_state.get("tenancy_page", 1):
    st.session_state["tenancy_page"] = view.page  # the search found fewer pages: back to the first
if view.form is not None and st.session_state.get("edit_tenancy_id") != view.form.id:
    st.session_state["edit_tenancy_id"] = view.form.id  # the picker shows the tenancy whose form is shown
NO_TENANT = TenantForm(name="", salutation="neutral", phone="", email="")


def tenancy_form(key: str, values: TenancyForm | None, *, editing: bool = False) -> tuple[bool, dict]:
    """The one form for a new or changed tenancy; returns (submitted, fields for the store). Length limits match
    the columns, so a long street or name gets a Dutch message, never a database error."""
    tenants = values.tenants if values else ()

    def shown(attribute: str, default):
        return getattr(values, attribute) if values else default

    with st.form(key):
        st.markdown("**Adres van de woning**")
        c1, c2, c3 = st.columns([3, 1, 1])
        street = c1.text_input("Straat", value=shown("street", ""), max_chars=200)
        number = c2.text_input("Huisnummer", value=shown("house_number", ""), max_chars=10)
        addition = c3.text_input("Toevoeging", value=shown("house_number_addition", ""), max_chars=10)
        c4, c5 = st.columns([1, 3])
        postcode = c4.text_input("Postcode", value=shown("postcode", ""), placeholder="1234 AB", max_chars=10)
        place = c5.text_input("Plaats", value=shown("place", ""), max_chars=100)
        codes = list(municipalities)
        current = shown("municipality_code", None)
        municipality = st.selectbox(
            "Gemeente", codes, index=codes.index(current) if current in codes else None,
            format_func=lambda code: municipalities[code], placeholder="Typ om te zoeken, bijvoorbeeld Den Haag",
            help="De gemeente waar de woning staat. Daar meldt u een achterstand.")
        people = []
        for index in range(2):
            person = tenants[index] if index < len(tenants) else NO_TENANT
            st.markdown(f"**Huurder {index + 1}**" + (" (als er twee huurders zijn)" if index else ""))
            p1, p2 = st.columns([3, 1])
            name = p1.text_input("Naam", value=person.name, key=f"{key}_name_{index}", max_chars=200)
            salutations = list(tenancy_service.SALUTATIONS)
            salutation = p2.selectbox("Aanhef", salutations,
                                      index=salutations.index(person.salutation),
                                      format_func=lambda s: tenancy_service.SALUTATIONS[s], key=f"{key}_sal_{index}")
            p3, p4 = st.columns(2)
            phone = p3.text_input("Telefoon", value=person.phone, key=f"{key}_phone_{index}",
                                  max_chars=tenancy_service.PHONE_MAX)
            email = p4.text_input("E-mail", value=person.email, key=f"{key}_email_{index}",
                                  max_chars=tenancy_service.EMAIL_MAX)
            people.append({"name": name, "salutation": salutation, "phone": phone, "email": email})
        st.markdown("**Huur**")
        h1, h2 = st.columns(2)
        rent = h1.text_input("Huur per maand (€)", value=str(shown("monthly_rent", "")).replace(".", ","),
                             placeholder="850,00", max_chars=20)
        due_day = h2.selectbox("Betaaldag (dag van de maand)", list(range(1, 29)),
                               index=int(shown("due_day", 1)) - 1, help=DUE_DAY_HELP)
        st.caption(DUE_DAY_HELP)
        rent_from = None
        if editing:
            rent_from = st.date_input(
                "Ingangsdatum van de nieuwe huur", value=default_rent_change_date(today),
                min_value=dt.date(1980, 1, 1), max_value=dt.date(2100, 1, 1), format="DD-MM-YYYY",
                help="Alleen van belang als u de huur wijzigt, bijvoorbeeld de jaarlijkse verhoging per 1 juli.")
            st.caption("Wijzigt u de huur, dan geldt het nieuwe bedrag vanaf deze datum. Huur die eerder verviel, "
                       "houdt het oude bedrag. Was de huur verkeerd ingevuld? Kies dan de begindatum.")
        d1, d2 = st.columns(2)
        start = d1.date_input("Begindatum", value=shown("start_date", None), min_value=dt.date(1980, 1, 1),
                              max_value=dt.date(2100, 1, 1), format="DD-MM-YYYY")
        end = d2.date_input("Einddatum (leeg laten als de huur doorloopt)", value=shown("end_date", None),
                            min_value=dt.date(1980, 1, 1), max_value=dt.date(2100, 1, 1), format="DD-MM-YYYY")
        company = st.checkbox("De huurder is een bedrijf of organisatie", value=shown("tenant_is_company", False),
                              help="Dan geldt de melding aan de gemeente niet.")
        ibans = st.text_input("Rekeningnummers waarmee de huur wordt betaald (IBAN, met komma's ertussen)",
                              value=", ".join(shown("payer_ibans", ())), max_chars=500,
                              help="Hiermee herkent Naar Nul betalingen in uw bankbestand.")
        submitted = st.form_submit_button("Opslaan", type="primary")
    fields = {"street": street, "house_number": number, "house_number_addition": addition, "postcode": postcode,
              "place": place, "municipality_code": municipality or "", "tenants": people, "monthly_rent": rent,
              "due_day": due_day, "start_date": start, "end_date": end, "tenant_is_company": company,
              "payer_ibans": ibans}
    if editing:
        fields["rent_from"] = rent_from
    return submitted, fields


overview, new, change = st.tabs(["Overzicht", "Nieuwe huurder", "Wijzigen of beëindigen"])

with overview:
    if not view.has_tenancies:
        st.info("U heeft nog geen huurders. Kies **Nieuwe huurder** en vul het formulier in.")
    else:
        c1, c2 = st.columns([3, 1])
        c1.text_input("Zoeken op straat, postcode, plaats of naam", key="tenancy_search")
        c2.checkbox("Alleen met achterstand", key="tenancy_only_arrears")
        rows, total = view.listed.rows, view.listed.total
        if not rows:
            st.info("Geen huurders gevonden met deze zoekwoorden.")
        else:
            st.dataframe(pd.DataFrame([{
                "Kenmerk": r.reference, "Adres": r.address, "Huurder(s)": r.tenant_names,
                "Huur": format_money(r.monthly_rent), "Betaaldag": r.due_day,
                "Achterstand": format_money(r.arrears), "Maanden": r.arrears_months,
                "Einde huur": format_date(r.end_date) if r.end_date else "",
            } for r in rows]), hide_index=True, width="stretch")
            st.caption(f"{total} huurovereenkomst(en). Het kenmerk is het betalingskenmerk voor de huurder.")
        if total > PAGE_SIZE:
            st.selectbox("Pagina", list(range(1, (total + PAGE_SIZE - 1) // PAGE_SIZE + 1)), key="tenancy_page")

with new:
    st.write("Vul alles in één keer in. De huur per maand en de betaaldag bepalen wanneer huur openstaat.")
    token = submission_token("new_tenancy")
    submitted, fields = tenancy_form(form_key("new_tenancy"), None)
    if submitted:
        try:
            reference = tenancy_service.register_tenancy(unit_of_work(), user, today=today, submission_token=token,
                                                         **fields).reference
        except NaarNulError as error:
            show_error(error)
        else:
            saved("new_tenancy", f"De huurder is opgeslagen (kenmerk {reference}). Lees nu de betalingen in onder "
                  "**Betalingen**, dan ziet u of er huur openstaat.", FLASH_KEY)

with change:
    if not view.has_tenancies:
        st.info("Er zijn nog geen huurders om te wijzigen.")
    else:
        st.text_input("Zoek de huurovereenkomst op straat, postcode, plaats of naam", key="edit_tenancy_search")
    if view.has_tenancies and not choices:
        st.info("Geen huurovereenkomst gevonden met deze zoekwoorden.")
    elif view.has_tenancies and view.form is not None:
        tenancy_id = st.selectbox("Huurovereenkomst", list(choices), format_func=lambda i: choices[i],
                                  key="edit_tenancy_id")
        if view.more_choices:
            st.caption(f"De eerste {tenancy_service.CHOICES_LIMIT} huurovereenkomsten staan in de lijst. Staat de "
                       "huurovereenkomst er niet bij? Zoek hem dan hierboven.")
        values = view.form
        periods = values.rent_periods
        if len(periods) > 1:
            st.caption("Huur: " + "; ".join(f"{format_money(p.monthly_rent)} vanaf {format_date(p.effective_from)}"
                                            for p in periods))
        edit_form = f"edit_tenancy_{tenancy_id}"
        submitted, fields = tenancy_form(form_key(edit_form), values, editing=True)
        if submitted:
            try:
                tenancy_service.change_tenancy(unit_of_work(), user, tenancy_id=tenancy_id, today=today, **fields)
            except NaarNulError as error:
                show_error(error)
            else:
                saved(edit_form, "De wijzigingen zijn opgeslagen.", FLASH_KEY, f"end_tenancy_{tenancy_id}")
        st.markdown("**Huur beëindigen**")
        end_form = f"end_tenancy_{tenancy_id}"
        with st.form(form_key(end_form)):
            end_date = st.date_input("Laatste dag van de huur", value=values.end_date or today,
                                     min_value=dt.date(1980, 1, 1), max_value=dt.date(2100, 1, 1),
                                     format="DD-MM-YYYY")
            st.caption("Na deze dag rekent Naar Nul geen huur meer. De laatste maand telt naar rato.")
            ended = st.form_submit_button("Huur beëindigen")
        if ended:
            try:
                tenancy_service.end_tenancy(unit_of_work(), user, tenancy_id=tenancy_id, end_date=end_date,
                                            today=today)
            except NaarNulError as error:
                show_error(error)
            else:
                saved(end_form, f"De huur eindigt op {format_date(end_date)}.", FLASH_KEY, edit_form)
        st.markdown("**Huurovereenkomst verwijderen**")
        st.caption("Alleen voor een huurovereenkomst die u per vergissing heeft vastgelegd: de huurders, "
                   "betalingen en huurgeschiedenis gaan mee. Zijn er al brieven of meldingen, dan kan het niet; "
                   "beëindig dan de huur.")
        with st.form(f"delete_tenancy_{tenancy_id}"):
            sure = st.checkbox("Ja, verwijder deze huurovereenkomst met alle betalingen")
            remove = st.form_submit_button("Huurovereenkomst verwijderen")
        if remove:
            if not sure:
                st.warning("Zet eerst het vinkje als u deze huurovereenkomst echt wilt verwijderen.")
            else:
                try:
                    address = tenancy_service.remove_tenancy(unit_of_work(), user, tenancy_id=tenancy_id, today=today)
                except NaarNulError as error:
                    show_error(error)
                else:
                    st.session_state.pop("edit_tenancy_id", None)
                    st.session_state[FLASH_KEY] = f"De huurovereenkomst {md(address)} is verwijderd."
                    st.rerun()
