"""What a user is told when a record is not theirs or their role may not do something (Dutch). The rule: someone
else's record is NotFound, and we never say whether it exists. The store raises these from its scoped queries; the
other Dutch texts the store used to hold (its checks' messages) are grouped below by store module.
"""

from __future__ import annotations

LANDLORD_ONLY_CASES = "Alleen een verhuurder kan zaken bekijken en stappen vastleggen."
LANDLORD_ONLY_ARRANGEMENTS = "Alleen een verhuurder kan een betalingsregeling maken."

CASE_NOT_FOUND = "Deze zaak bestaat niet of is niet van u."
TENANCY_NOT_FOUND = "Deze huurovereenkomst bestaat niet of is niet van u."
SIGNAL_NOT_FOUND = "Deze melding bestaat niet of is niet van u."
ARRANGEMENT_NOT_FOUND = "Deze betalingsregeling bestaat niet of is niet van u."
LETTER_NOT_FOUND = "Deze brief bestaat niet of is niet van u."
CUSTOM_SOLUTION_NOT_FOUND = "Deze maatwerkoplossing bestaat niet of is niet van u."

# --- signals (store.signals) -----------------------------------------------------------------------------------------
LOG_IN_FOR_SIGNALS = "Log in om meldingen te bekijken."
LIAISON_ONLY_SIGNALS = "Alleen een contactpersoon van de gemeente kan meldingen bekijken."
LIAISON_ONLY_PICK_UP = "Alleen de contactpersoon van de gemeente kan een melding in behandeling nemen."
LIAISON_ONLY_HANDLE = "Alleen de contactpersoon van de gemeente kan een melding behandelen."
LIAISON_ONLY_STATUS = "Alleen de contactpersoon van de gemeente kan de status van een melding wijzigen."
LIAISON_ONLY_ASSIGN = "Alleen de contactpersoon van de gemeente kan een melding toewijzen."
LIAISON_ONLY_PICKED_UP_DATE = "Alleen de contactpersoon van de gemeente kan de datum opgepakt wijzigen."
LIAISON_ONLY_CONTACT_ATTEMPT = "Alleen de contactpersoon van de gemeente kan een contactpoging vastleggen."
LIAISON_ONLY_FEEDBACK = "Alleen de contactpersoon van de gemeente kan een terugkoppeling geven."
SIGNAL_UNKNOWN = "Deze melding bestaat niet."
ONE_OF_SIGNALS_UNKNOWN = "Een van de gekozen meldingen bestaat niet."
CHOOSE_SIGNALS = "Kies eerst een of meer meldingen."
CHOOSE_COLLEAGUE = "Kies een collega uit de lijst."
COLLEAGUE_UNKNOWN = "Deze collega bestaat niet."
COLLEAGUE_NOT_IN_MUNICIPALITY = "Deze collega bestaat niet in uw gemeente."
OWN_MUNICIPALITY_EXPORT_ONLY = "U kunt alleen de meldingen van uw eigen gemeente exporteren."
MUNICIPALITY_NOT_LISTED = "Deze gemeente staat niet in de lijst."
DOCUMENT_NOT_FOUND = "Dit document bestaat niet."
LANDLORD_ONLY_FEEDBACK = "Alleen de verhuurder van deze zaak kan de terugkoppeling zien."
CASE_UNKNOWN = "Deze zaak bestaat niet."

# --- documents (store.documents) -------------------------------------------------------------------------------------
LANDLORD_ONLY_LETTERS = "Alleen een verhuurder kan brieven maken."
MUNICIPALITY_CODE_UNKNOWN_ASK_ADMIN = "De gemeente met code {code} is onbekend. Vraag de beheerder om hulp."
NO_TENANT_YET = "Deze huurovereenkomst heeft nog geen huurder. Vul eerst de huurder in bij Huurders."
NO_ARREARS_ON = ("Er is op {date} geen huurachterstand bij deze zaak. "
                 "Een brief over een achterstand is dan niet nodig.")
NO_SIGNAL_YET = "Deze zaak heeft nog geen melding bij de gemeente."

# --- users (store.users) ---------------------------------------------------------------------------------------------
ADMIN_ONLY_USERS = "Alleen een beheerder kan gebruikers beheren."
FIRST_ADMIN_EXISTS = "De eerste beheerder is al aangemaakt. Log in."
SETUP_CODE_WRONG = "De installatiecode klopt niet. U vindt de code in het logboek van de server."
USER_NOT_FOUND = "Deze gebruiker bestaat niet."
CANNOT_BLOCK_OWN_ACCOUNT = "U kunt uw eigen account niet blokkeren."
ONLY_LIAISON_HAS_MUNICIPALITY = "Alleen een contactpersoon gemeente hoort bij een gemeente."
MUNICIPALITY_CODE_UNKNOWN = "De gemeentecode '{code}' is onbekend."
LANDLORD_ONLY_PROFILE = "Alleen een verhuurder heeft een verhuurdersprofiel."

# --- templates (store.templates) -------------------------------------------------------------------------------------
ADMIN_ONLY_TEMPLATES = "Alleen een beheerder kan sjablonen beheren."
TEMPLATE_VERSION_NOT_FOUND = "Deze versie van het sjabloon bestaat niet."
ADMIN_ONLY_FORM_QUESTIONS = "Alleen een beheerder kan extra vragen op formulieren beheren."
TEMPLATE_CHOOSE_DOCX = "Kies een Word-bestand (.docx) om te uploaden."
TEMPLATE_TOO_LARGE = "Het bestand is groter dan 10 MB. Haal grote afbeeldingen weg en probeer het opnieuw."
TEMPLATE_YAML_NOT_UTF8 = "De beschrijving (.yaml) kan niet worden gelezen. Sla die op als UTF-8."
TEMPLATE_NEW_NEEDS_SPEC = "Er is nog geen sjabloon '{name}'. Upload bij een nieuw sjabloon ook de beschrijving (.yaml)."
TEMPLATE_SPEC_NAME_MISMATCH = "In de beschrijving staat name: {spec_name}; dat moet {name} zijn."
TEMPLATE_NOT_SHIPPED = "Sjabloon '{name}' heeft geen meegeleverde versie."

# --- outbox (store.outbox) -------------------------------------------------------------------------------------------
LANDLORDS_ONLY = "Dit is alleen voor verhuurders."
LANDLORD_NOT_FOUND = "Deze verhuurder bestaat niet."
LIAISONS_ONLY = "Dit is alleen voor contactpersonen van een gemeente."
UNKNOWN_SEND_ERROR = "onbekende fout"
SEND_INTERRUPTED = "Verzending onderbroken; mogelijk al verstuurd. Niet opnieuw verstuurd."

# --- norms, municipalities, settings ---------------------------------------------------------------------------------
ADMIN_ONLY_NORMS = "Alleen een beheerder kan de normen voor de beslagvrije voet wijzigen."
LOG_IN_FIRST = "Log eerst in."
NORM_NOT_FOUND = "Deze norm bestaat niet (meer)."
ADMIN_ONLY_HELP_CONTACT = "Alleen een beheerder kan de hulpgegevens van een gemeente wijzigen."
WEBSITE_INVALID = "Vul een geldig webadres in, bijvoorbeeld www.gemeente.nl/schulden."
ADMIN_ONLY_SETTINGS = "Alleen een beheerder kan instellingen wijzigen."

# store/retention.py
ADMIN_ONLY_RETENTION = "Alleen een beheerder kan de bewaartermijn toepassen."
CHOOSE_CASES = "Kies eerst een of meer zaken."

# signal delivery and the municipality's channel (issue 11)
ADMIN_ONLY_SIGNAL_CHANNEL = "Alleen een beheerder kan vastleggen hoe een gemeente meldingen ontvangt."
LANDLORD_ONLY_DELIVERY = "Alleen de verhuurder van deze melding kan vastleggen dat hij is verstuurd."
DELIVERY_ALREADY_IN_PORTAL = "Deze melding staat al bij de gemeente in Naar Nul. U hoeft hem niet zelf te versturen."
NOTIFICATION_NOT_MADE = "De melding is nog niet als document gemaakt."
