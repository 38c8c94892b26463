import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.users import Role
from store import users as user_store
from ui.session import db, require_role, show_error

user = require_role(Role.LANDLORD)

st.title("Mijn gegevens")
st.write("Deze gegevens staan in elke brief die u maakt. Huurders bellen of mailen u hiermee.")
with db() as session:
    profile = user_store.get_profile(session, user).model_dump()

with st.form("profile_form"):
    name = st.text_input("Naam (verhuurder of bedrijf)", value=profile["name"])
    contact_person = st.text_input("Contactpersoon", value=profile["contact_person"],
                                   help="De persoon die huurders kunnen bellen, als dat niet u zelf bent.")
    col1, col2 = st.columns([3, 1])
    street = col1.text_input("Straat", value=profile["street"])
    house_number = col2.text_input("Huisnummer", value=profile["house_number"])
    col3, col4 = st.columns([1, 3])
    postcode = col3.text_input("Postcode", value=profile["postcode"], placeholder="1234 AB")
    place = col4.text_input("Plaats", value=profile["place"])
    phone = st.text_input("Telefoonnummer", value=profile["phone"], placeholder="06 12345678")
    email = st.text_input("E-mailadres", value=profile["email"])
    iban = st.text_input("IBAN voor de huur", value=profile["iban"], placeholder="NL91 ABNA 0417 1643 00")
    contact_hours = st.text_input("Wanneer bent u bereikbaar?", value=profile["contact_hours"],
                                  placeholder="maandag tot en met vrijdag van 9.00 tot 17.00 uur")
    submitted = st.form_submit_button("Opslaan", type="primary")

if submitted:
    try:
        with db() as session:
            user_store.update_profile(session, user, name=name, contact_person=contact_person, street=street,
                                      house_number=house_number, postcode=postcode, place=place, phone=phone,
                                      email=email, iban=iban, contact_hours=contact_hours)
    except NaarNulError as error:
        show_error(error)
    else:
        st.success("Uw gegevens zijn opgeslagen.")
