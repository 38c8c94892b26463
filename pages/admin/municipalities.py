import pandas as pd
import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.users import Role
from store import municipalities
from ui.session import db, require_role, show_error

admin = require_role(Role.ADMIN)

st.title("Gemeenten en hulp bij schulden")
st.write("Deze gegevens komen in de brieven aan huurders: wie zij kunnen bellen voor gratis hulp bij geldzorgen.")

with db() as session:
    rows = [m.model_dump() for m in municipalities.list_all(session)]

search = st.text_input("Zoek een gemeente", placeholder="Bijvoorbeeld Den Haag of GM0518")
needle = search.strip().lower()
shown = [r for r in rows if not needle or needle in r["name"].lower() or needle in r["code"].lower()
         or needle in r["aliases"].lower()]
st.dataframe(pd.DataFrame([{
    "Code": r["code"], "Gemeente": r["name"], "Hulp": r["help_name"], "Telefoon": r["help_phone"],
    "Website": r["help_website"]} for r in shown]), hide_index=True, width="stretch")
st.caption(f"{len(shown)} van {len(rows)} gemeenten. Zonder ingevulde hulpgegevens verwijzen brieven naar geldfit.nl.")

if shown:
    code = st.selectbox("Hulpgegevens wijzigen van", [r["code"] for r in shown],
                        format_func=lambda c: next(f"{r['name']} ({c})" for r in shown if r["code"] == c))
    current = next(r for r in shown if r["code"] == code)
    with st.form(f"help_form_{code}"):
        help_name = st.text_input("Naam van de hulp (bijvoorbeeld Schuldhulp Amsterdam)", value=current["help_name"])
        help_phone = st.text_input("Telefoonnummer", value=current["help_phone"])
        help_email = st.text_input("E-mailadres", value=current["help_email"])
        help_website = st.text_input("Website", value=current["help_website"])
        if st.form_submit_button("Opslaan", type="primary"):
            try:
                with db() as session:
                    municipalities.update_help_contact(session, admin, code, help_name=help_name,
                                                       help_phone=help_phone, help_email=help_email,
                                                       help_website=help_website)
            except NaarNulError as error:
                show_error(error)
            else:
                st.success("De hulpgegevens zijn opgeslagen.")
                st.rerun()
