import dataclasses
from decimal import Decimal

import streamlit as st

from naarnul.errors import NaarNulError
from naarnul.formatting import format_money
from naarnul.services import admin as admin_service
from naarnul.users import Role
from ui.session import require_role, run_service, show_error, show_flash, unit_of_work

admin = require_role(Role.ADMIN)

# field → (Dutch label, help)
LABELS = {
    "letter_delivery_days": ("Brief aangekomen na (bezorgdagen)",
                             "Een brief geldt als ontvangen zoveel bezorgdagen (dinsdag tot en met zaterdag, geen "
                             "feestdag) na de datum. De 14 dagen van de veertiendagenbrief tellen vanaf de dag daarna. "
                             "Standaard 2."),
    "reminder_after_days": ("Schriftelijke herinnering uiterlijk na (dagen)",
                            "Aantal dagen na de oudste onbetaalde vervaldatum."),
    "signal_after_reminder_days": ("Melden mag na de herinnering (dagen)",
                                   "Wachttijd na de eerste schriftelijke herinnering. Gebruikelijk is 30 dagen."),
    "friendly_reminder_from_days": ("Vriendelijke herinnering vanaf (dagen)", "Na de vervaldatum."),
    "friendly_reminder_until_days": ("Vriendelijke herinnering tot (dagen)", "Na de vervaldatum."),
    "collection_pause_days": ("Incassopauze na 'hulp aanvaard' (dagen)",
                              "Zo lang pauzeert de verhuurder de incasso als de gemeente meldt dat de huurder hulp "
                              "aanvaardt. Het convenant noemt 30 dagen."),
    "no_signal_during_kept_arrangement": ("Eigen beleid: niet melden zolang een betalingsregeling wordt nagekomen",
                                          "Geen regel uit de wet (de Bgs kent deze uitzondering niet), maar het "
                                          "eigen beleid van de verhuurder. Stopt de regeling, dan mag de verhuurder "
                                          "weer melden."),
    "max_instalments_warning": ("Waarschuwing boven dit aantal termijnen", "Een waarschuwing, nooit een blokkade."),
    "problematic_debt_months": ("Problematische schuld na (maanden)",
                                "Kan de schuld niet binnen deze termijn worden afgelost, dan is hij problematisch."),
    "minimum_instalment": ("Kleinste termijnbedrag (euro)", "Bijvoorbeeld 10,00. De laatste termijn mag kleiner zijn."),
    "grace_days": ("Coulance na de vervaldatum (dagen)",
                   "Pas daarna telt een termijn van de regeling als gemist."),
    "reminder_days": ("Nieuwe betaaldatum na een herinnering (dagen)", ""),
    "reminder_backdate_days": ("Bewijs nodig voor een herinnering ouder dan (dagen)",
                               "Legt een verhuurder een schriftelijke herinnering later vast dan dit aantal dagen na "
                               "de datum, dan vraagt Naar Nul een kopie van de brief of een reden. Standaard 3."),
    "months_after_closing": ("Bewaartermijn na sluiten van een zaak (maanden)",
                             "Daarna worden namen, contactgegevens en vrije tekst verwijderd. Bedragen en datums "
                             "blijven voor de statistiek. Standaard 24 maanden."),
    "summons_from_months": ("Dagvaarding verwacht vanaf (maanden na de melding)",
                            "Alleen informatie op het dossier. Rechtbank Rotterdam: 2 maanden."),
    "summons_until_months": ("Dagvaarding verwacht tot (maanden na de melding)",
                             "Alleen informatie op het dossier. Rechtbank Rotterdam: 6 maanden."),
}

GROUPS = [
    ("covenant", "Stappen van het convenant",
     "Termijnen uit de praktijk van het convenant vroegsignalering. De wet noemt geen vaste aantallen dagen."),
    ("arrangement", "Betalingsregelingen", "Regels voor het voorstel van een betalingsregeling."),
    ("post", "Post", "Wanneer een brief geacht wordt te zijn aangekomen. Post wordt bezorgd van dinsdag tot en met "
                     "zaterdag, niet op feestdagen."),
    ("retention", "Bewaartermijn", "Hoe lang gesloten zaken met persoonsgegevens bewaard blijven."),
    ("evidence", "Dagvaarding na een melding",
     "Wanneer een dagvaarding meestal wordt verwacht na de melding aan de gemeente. Dit staat als informatie op het "
     "dossier en in het bewijsdossier."),
]
FLASH_KEY = "admin_settings_flash"

st.title("Instellingen")
st.write("Deze instellingen gelden voor alle verhuurders. Een wijziging wordt vastgelegd in het logboek.")
show_flash(FLASH_KEY)

try:
    current = admin_service.view_settings(unit_of_work(), admin)
except NaarNulError as error:
    show_error(error)
    st.stop()

for group, title, intro in GROUPS:
    st.subheader(title)
    st.caption(intro)
    settings = getattr(current, group)
    # keyed by the saved values: after a save the form shows what is stored now
    with st.form(f"settings_{group}_{hash(settings)}"):
        entered = {}
        for field in dataclasses.fields(settings):
            label, help_text = LABELS.get(field.name, (field.name, ""))
            value = getattr(settings, field.name)
            if isinstance(value, bool):
                entered[field.name] = st.checkbox(label, value=value, help=help_text or None)
            elif isinstance(value, Decimal):
                entered[field.name] = st.text_input(label, value=format_money(value).replace("€\xa0", ""),
                                                    max_chars=20, help=help_text or None)
            else:
                entered[field.name] = st.number_input(label, value=int(value), step=1, help=help_text or None)
        saved = st.form_submit_button("Opslaan", type="primary")
    if saved:
        run_service(lambda uow, group=group, entered=entered: admin_service.update_settings(
                        uow, admin, group=group, values=entered),
                    f"De instellingen voor '{title.lower()}' zijn opgeslagen.", FLASH_KEY)
