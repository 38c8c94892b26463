import dataclasses
from decimal import Decimal, InvalidOperation

import streamlit as st

from naarnul.arrangement import ArrangementSettings
from naarnul.covenant import CovenantSettings
from naarnul.errors import NaarNulError, ValidationError
from naarnul.users import Role
from store import settings as settings_store
from store.settings import RetentionSettings
from ui.session import db, require_role, show_error

admin = require_role(Role.ADMIN)

# field → (Dutch label, help)
LABELS = {
    "reminder_after_days": ("Schriftelijke herinnering uiterlijk na (dagen)",
                            "Aantal dagen na de oudste onbetaalde vervaldatum."),
    "signal_after_reminder_days": ("Melden mag na de herinnering (dagen)",
                                   "Wachttijd na de eerste schriftelijke herinnering. Gebruikelijk is 30 dagen."),
    "friendly_reminder_from_days": ("Vriendelijke herinnering vanaf (dagen)", "Na de vervaldatum."),
    "friendly_reminder_until_days": ("Vriendelijke herinnering tot (dagen)", "Na de vervaldatum."),
    "collection_pause_days": ("Incassopauze na 'hulp aanvaard' (dagen)",
                              "Zo lang pauzeert de verhuurder de incasso als de gemeente meldt dat de huurder hulp "
                              "aanvaardt. Het convenant noemt 30 dagen."),
    "no_signal_during_kept_arrangement": ("Niet melden zolang een betalingsregeling wordt nagekomen",
                                          "Stopt de regeling, dan mag de verhuurder weer melden."),
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
}

GROUPS = [
    (CovenantSettings, "Stappen van het convenant",
     "Termijnen uit de praktijk van het convenant vroegsignalering. De wet noemt geen vaste aantallen dagen."),
    (ArrangementSettings, "Betalingsregelingen", "Regels voor het voorstel van een betalingsregeling."),
    (RetentionSettings, "Bewaartermijn", "Hoe lang gesloten zaken met persoonsgegevens bewaard blijven."),
]

st.title("Instellingen")
st.write("Deze instellingen gelden voor alle verhuurders. Een wijziging wordt vastgelegd in het logboek.")

with db() as session:
    current = {cls: settings_store.load(session, cls) for cls, _, _ in GROUPS}

for cls, title, intro in GROUPS:
    st.subheader(title)
    st.caption(intro)
    values = dataclasses.asdict(current[cls])
    with st.form(f"settings_{cls.__name__}"):
        entered = {}
        for field in dataclasses.fields(cls):
            label, help_text = LABELS.get(field.name, (field.name, ""))
            value = values[field.name]
            if isinstance(value, bool):
                entered[field.name] = st.checkbox(label, value=value, help=help_text or None)
            elif isinstance(value, Decimal):
                entered[field.name] = st.text_input(label, value=f"{value:.2f}".replace(".", ","),
                                                    help=help_text or None)
            else:
                entered[field.name] = st.number_input(label, value=int(value), step=1, help=help_text or None)
        saved = st.form_submit_button("Opslaan", type="primary")
    if saved:
        try:
            for name, value in entered.items():
                if isinstance(values[name], Decimal):
                    try:
                        entered[name] = Decimal(str(value).strip().replace(".", "").replace(",", "."))
                    except InvalidOperation:
                        raise ValidationError(f"'{value}' is geen bedrag. Schrijf bijvoorbeeld 10,00.") from None
                elif not isinstance(values[name], bool):
                    entered[name] = int(value)
            with db() as session:
                settings_store.save(session, admin, cls(**entered))
        except NaarNulError as error:
            show_error(error)
        else:
            st.success(f"De instellingen voor '{title.lower()}' zijn opgeslagen.")
