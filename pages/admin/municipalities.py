import pandas as pd
import streamlit as st

from naarnul.services import admin as admin_service
from naarnul.services import signal_delivery as delivery_service
from naarnul.text import markdown_escape as md
from naarnul.users import Role
from ui.session import require_role, run_service, show_flash, unit_of_work

admin = require_role(Role.ADMIN)

FLASH_KEY = "admin_municipalities_flash"
LIMITS = admin_service.HELP_LIMITS

st.title("Gemeenten en hulp bij schulden")
st.write("Deze gegevens komen in de brieven aan huurders: wie zij kunnen bellen voor gratis hulp bij geldzorgen.")
show_flash(FLASH_KEY)

rows = admin_service.list_municipalities(unit_of_work(), admin)

search = st.text_input("Zoek een gemeente", placeholder="Bijvoorbeeld Den Haag of GM0518", max_chars=100)
needle = search.strip().lower()
shown = [r for r in rows if not needle or needle in r.name.lower() or needle in r.code.lower()
         or needle in r.aliases.lower()]
st.dataframe(pd.DataFrame([{
    "Code": r.code, "Gemeente": r.name, "Hulp": r.help_name, "Telefoon": r.help_phone,
    "Website": r.help_website} for r in shown]), hide_index=True, width="stretch")
st.caption(f"{len(shown)} van {len(rows)} gemeenten. Zonder ingevulde hulpgegevens verwijzen brieven naar geldfit.nl.")

if shown:
    by_code = {r.code: r for r in shown}
    code = st.selectbox("Hulpgegevens wijzigen van", list(by_code), format_func=lambda c: f"{by_code[c].name} ({c})")
    current = by_code[code]
    # keyed by the municipality and its stored values: another municipality, or a saved change, starts afresh
    with st.form(f"help_form_{code}_{hash(current)}"):
        help_name = st.text_input("Naam van de hulp (bijvoorbeeld Schuldhulp Amsterdam)", value=current.help_name,
                                  max_chars=LIMITS["help_name"])
        help_phone = st.text_input("Telefoonnummer", value=current.help_phone, max_chars=LIMITS["help_phone"])
        help_email = st.text_input("E-mailadres", value=current.help_email, max_chars=LIMITS["help_email"])
        help_website = st.text_input("Website", value=current.help_website, max_chars=LIMITS["help_website"])
        if st.form_submit_button("Opslaan", type="primary"):
            run_service(lambda uow: admin_service.update_help_contact(
                uow, admin, code=code, help_name=help_name, help_phone=help_phone, help_email=help_email,
                help_website=help_website), f"De hulpgegevens van {md(current.name)} zijn opgeslagen.", FLASH_KEY)

# --- how the municipality receives signals (issue 11) -------------------------------------------------------------
st.subheader("Hoe ontvangt de gemeente meldingen?")
st.write("Heeft een gemeente geen contactpersoon in Naar Nul, dan stuurt de verhuurder de melding zelf. Leg hier vast "
         "waar dat moet: het e-mailadres voor vroegsignalering of het eigen platform of webformulier van de gemeente. "
         "'In Naar Nul' werkt alleen als de gemeente een actieve contactpersoon heeft.")
channels = {r.code: r for r in delivery_service.list_signal_channels(unit_of_work(), admin)}
channel_rows = [channels[r.code] for r in shown if r.code in channels]
st.dataframe(pd.DataFrame([{
    "Code": r.code, "Gemeente": r.name, "Contactpersoon in Naar Nul": "ja" if r.has_liaison else "nee",
    "Meldingen komen aan": r.label} for r in channel_rows]), hide_index=True, width="stretch")
if channel_rows:
    by_code_channel = {r.code: r for r in channel_rows}
    channel_code = st.selectbox("Ontvangst van meldingen wijzigen van", list(by_code_channel),
                                format_func=lambda c: f"{by_code_channel[c].name} ({c})", key="channel_municipality")
    row = by_code_channel[channel_code]
    options = list(delivery_service.CHANNELS)
    current_channel = row.channel or ("portal" if row.has_liaison else "email")
    with st.form(f"channel_form_{channel_code}_{hash(row)}"):
        chosen = st.radio("Meldingen komen aan", options, index=options.index(current_channel),
                          format_func=lambda c: delivery_service.CHANNELS[c])
        channel_email = st.text_input("E-mailadres voor vroegsignalering (bij 'per e-mail')", value=row.email,
                                      max_chars=delivery_service.EMAIL_MAX)
        channel_url = st.text_input("Webadres van het platform of formulier (bij 'eigen platform', begint met "
                                    "https://)", value=row.url, max_chars=delivery_service.URL_MAX)
        if st.form_submit_button("Ontvangst opslaan", type="primary"):
            run_service(lambda uow: delivery_service.set_signal_channel(
                uow, admin, code=channel_code, channel=chosen,
                email=channel_email if chosen == "email" else "", url=channel_url if chosen == "web_form" else ""),
                f"De ontvangst van meldingen door {md(row.name)} is opgeslagen.", FLASH_KEY)
