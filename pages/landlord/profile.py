import streamlit as st

from naarnul.services import accounts
from naarnul.services import notify as notify_service
from naarnul.users import Role
from ui.session import read_secrets, require_role, run_service, show_flash, unit_of_work

user = require_role(Role.LANDLORD)

FLASH_KEY = "profile_flash"
LIMITS = accounts.PROFILE_LIMITS

st.title("Mijn gegevens")
st.write("Deze gegevens staan in elke brief die u maakt. Huurders bellen of mailen u hiermee.")
show_flash(FLASH_KEY)
profile = accounts.view_profile(unit_of_work(), user)

with st.form(f"profile_form_{hash(profile)}"):  # after a save it shows what was stored (1234 AB)
    name = st.text_input("Naam (verhuurder of bedrijf)", value=profile.name, max_chars=LIMITS["name"])
    contact_person = st.text_input("Contactpersoon", value=profile.contact_person, max_chars=LIMITS["contact_person"],
                                   help="De persoon die huurders kunnen bellen, als dat niet u zelf bent.")
    col1, col2 = st.columns([3, 1])
    street = col1.text_input("Straat", value=profile.street, max_chars=LIMITS["street"])
    house_number = col2.text_input("Huisnummer", value=profile.house_number, max_chars=LIMITS["house_number"])
    col3, col4 = st.columns([1, 3])
    # a postcode may be typed with extra spaces; the service normalises it to 1234 AB
    postcode = col3.text_input("Postcode", value=profile.postcode, placeholder="1234 AB", max_chars=10)
    place = col4.text_input("Plaats", value=profile.place, max_chars=LIMITS["place"])
    phone = st.text_input("Telefoonnummer", value=profile.phone, placeholder="06 12345678", max_chars=LIMITS["phone"])
    email = st.text_input("E-mailadres", value=profile.email, max_chars=LIMITS["email"])
    iban = st.text_input("IBAN voor de huur", value=profile.iban, placeholder="NL91 ABNA 0417 1643 00",
                         max_chars=LIMITS["iban"])
    contact_hours = st.text_input("Wanneer bent u bereikbaar?", value=profile.contact_hours,
                                  max_chars=LIMITS["contact_hours"],
                                  placeholder="maandag tot en met vrijdag van 9.00 tot 17.00 uur")
    submitted = st.form_submit_button("Opslaan", type="primary")

if submitted:
    run_service(lambda uow: accounts.update_profile(
        uow, user, name=name, contact_person=contact_person, street=street, house_number=house_number,
        postcode=postcode, place=place, phone=phone, email=email, iban=iban, contact_hours=contact_hours),
        "Uw gegevens zijn opgeslagen.", FLASH_KEY)

# --- the daily digest by e-mail (issue 12), opt-in ------------------------------------------------------------------------
st.subheader("E-mail")
mail_status = notify_service.mail_status(read_secrets())
if not mail_status.enabled:
    st.caption(mail_status.line)
else:
    digest_on = notify_service.daily_digest_enabled(unit_of_work(), user)
    with st.form(f"profile_digest_{digest_on}"):
        digest = st.checkbox("Stuur mij elke dag een e-mail met wat er die dag te doen is", value=digest_on,
                             help="Eén e-mail per dag, alleen op dagen dat er iets te doen is. Hij gaat naar het "
                                  "e-mailadres hierboven.")
        digest_saved = st.form_submit_button("Keuze opslaan")
    if not profile.email:
        st.caption("Vul hierboven uw e-mailadres in, anders kan het portaal u geen samenvatting sturen.")
    if digest_saved:
        run_service(lambda uow: notify_service.set_daily_digest(uow, user, enabled=digest),
                    "De dagelijkse samenvatting staat " + ("aan." if digest else "uit."), FLASH_KEY)
