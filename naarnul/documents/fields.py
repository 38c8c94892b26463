"""The field list: every name a template may use, with its meaning and an example (`CONTEXT_FIELDS`, shown in
docs/templates.md and used by the upload check), the values derived from extra fields (`DERIVED_FIELDS`), and the parts
of a case a spec may require (`CASE_PARTS`)."""

from __future__ import annotations

# Parts of a case that may be absent; a spec that lists one in `case_fields` needs it present.
OPTIONAL_CASE_PARTS = {
    "reminder_date": "de datum van de betalingsherinnering",
    "objection_deadline": "de uiterste datum voor bezwaar",
    "signal": "de gegevens van de melding (kenmerk en datum)",
    "collection_costs": "de incassokosten",
    "arrangement": "een betalingsregeling met termijnen",
}
CASE_PARTS = ("landlord", "tenants", "home", "municipality", "monthly_rent", "arrears", "contact_attempts",
              *OPTIONAL_CASE_PARTS)

# Every field a template may use: name → (meaning, example). The docs table and the upload check both use it.
CONTEXT_FIELDS: dict[str, tuple[str, str]] = {
    "today": ("datum van het document", "23 november 2026"),
    "case_reference": ("kenmerk van de zaak", "NN-2026-0042"),
    "landlord_name": ("naam verhuurder", "Verhuur De Linde"),
    "landlord_address": ("straat en huisnummer verhuurder", "Lindelaan 4"),
    "landlord_postcode": ("postcode verhuurder", "3511 AB"),
    "landlord_place": ("plaats verhuurder", "Utrecht"),
    "landlord_phone": ("telefoonnummer verhuurder", "06 12345678"),
    "landlord_email": ("e-mailadres verhuurder", "anna@delinde.nl"),
    "landlord_iban": ("IBAN verhuurder, in groepjes van vier", "NL91 ABNA 0417 1643 00"),
    "landlord_contact_person": ("contactpersoon bij de verhuurder", "Anna de Linde"),
    "landlord_contact_hours": ("wanneer de verhuurder bereikbaar is", "maandag tot en met vrijdag van 9.00 tot 17.00 uur"),
    "tenants": ("lijst van huurders; per huurder: name, first_name, last_name, greeting_name, phone, email, "
                "date_of_birth", "{% for t in tenants %}{{ t.name }}{% endfor %}"),
    "tenant_names": ("namen van alle huurders", "Sam de Vries en Jan Jansen"),
    "greeting": ("aanhef met naam, volgens de voorkeur van de huurder", "Beste meneer Jansen"),
    "home_street": ("straat van de woning", "Dorpsstraat"),
    "home_number": ("huisnummer", "12"),
    "home_addition": ("toevoeging (kan leeg zijn)", "A"),
    "home_street_line": ("straat, huisnummer en toevoeging", "Dorpsstraat 12 A"),
    "home_postcode": ("postcode van de woning", "1234 AB"),
    "home_place": ("plaats van de woning", "Amsterdam"),
    "home_address": ("volledig adres van de woning op één regel", "Dorpsstraat 12 A, 1234 AB Amsterdam"),
    "municipality_name": ("gemeente", "Amsterdam"),
    "municipality_cbs_code": ("CBS-code van de gemeente", "GM0363"),
    "debt_help_name": ("schuldhulp van de gemeente", "Geldhulp Amsterdam"),
    "debt_help_phone": ("telefoonnummer schuldhulp", "020 1234567"),
    "debt_help_email": ("e-mailadres schuldhulp (kan leeg zijn)", "geldhulp@amsterdam.nl"),
    "debt_help_website": ("website schuldhulp", "www.amsterdam.nl/geldhulp"),
    "debt_help_is_municipal": ("waar/onwaar: is debt_help_* de schuldhulp van de gemeente zelf (onwaar: de landelijke "
                               "hulplijn Geldfit, want de gemeente heeft geen contact ingevuld)",
                               "{% if debt_help_is_municipal %}"),
    "monthly_rent": ("huur per maand", "€ 850,00"),
    "arrears_total": ("totale huurachterstand", "€ 1.234,56"),
    "arrears_months": ("lijst van maanden; per maand: month, due_date, amount", "{%tr for m in arrears_months %}"),
    "arrears_month_names": ("de maanden in één zin", "september en oktober 2026"),
    "arrears_month_count": ("aantal maanden met achterstand", "2"),
    "arrears_since": ("oudste onbetaalde vervaldatum", "1 september 2026"),
    "contact_attempts": ("lijst van contactpogingen; per poging: date, channel, outcome", "{%tr for c in contact_attempts %}"),
    "contact_attempt_count": ("aantal contactpogingen", "2"),
    "reminder_date": ("datum van de betalingsherinnering (alleen als bekend)", "1 oktober 2026"),
    "objection_deadline": ("tot wanneer de huurder bezwaar kon maken tegen doorgeven (uit de zaak, alleen als "
                           "bekend)", "19 oktober 2026"),
    "objection_received": ("'ja' of 'nee': heeft de huurder bezwaar gemaakt", "nee"),
    "signal_refused": ("waar/onwaar: de huurder heeft geweigerd dat de gegevens naar de gemeente gaan (uit "
                       "objection_received_on); dan zegt elke brief dat dat gerespecteerd wordt en vraagt het niet "
                       "opnieuw", "{% if signal_refused %}"),
    "objection_received_date": ("datum waarop de huurder weigerde (alleen als bekend)", "20 oktober 2026"),
    "assumed_receipt_date": ("dag waarop de brief naar verwachting aankomt (2 bezorgdagen na de datum; post komt "
                             "dinsdag tot en met zaterdag)", "25 november 2026"),
    "costs_deadline": ("laatste dag om te betalen zonder incassokosten (14 dagen na ontvangst, volgens de Algemene "
                       "termijnenwet)", "9 december 2026"),
    "collection_costs": ("incassokosten volgens de wettelijke staffel (alleen als ingevuld; nooit meer dan de staffel)", "€ 185,18"),
    "signal_reference": ("kenmerk van de melding (alleen bij een melding)", "VS-2026-0042"),
    "signal_date": ("datum van de melding", "23 november 2026"),
    "signal_urgent": ("'ja' of 'nee': spoed", "nee"),
    "signal_urgent_reason": ("reden voor spoed (kan leeg zijn)", "zitting op 12 januari 2027"),
    "signal_support_worker": ("bekende hulpverlener (kan leeg zijn)", "Ria Bakker, Buurtteam Oost"),
    "instalments": ("lijst van termijnen; per termijn: number, due_date, amount (alleen bij een regeling)",
                    "{%tr for i in instalments %}"),
    "instalment_count": ("aantal termijnen", "4"),
    "arrangement_total": ("totaal van de regeling", "€ 1.234,56"),
    "arrangement_first_date": ("datum eerste termijn", "1 december 2026"),
    "arrangement_last_date": ("datum laatste termijn", "1 maart 2027"),
    "payment_reference": ("betalingskenmerk van de regeling", "REG-2026-0042"),
    "arrangement_includes_costs": ("waar/onwaar: telt de regeling incassokosten mee", "{% if arrangement_includes_costs %}"),
    "extra": ("antwoorden op de extra vragen van de formulieren, per sleutel (leeg als de vraag niet beantwoord is)",
              "{{ extra.contact_tijd }}"),
    "extra_answers": ("lijst van alle antwoorden op extra vragen; per antwoord: key, label, value",
                      "{% for a in extra_answers %}{{ a.label }}: {{ a.value }}{% endfor %}"),
}

# Values computed from extra fields with these names (so a new template gets them without code).
DERIVED_FIELDS: dict[str, tuple[str, str]] = {
    "evaluations": ("lijst van evaluaties binnen de looptijd (start_date + 3, 6 en 12 maanden; bij 24 maanden ook "
                    "18 en 24); per evaluatie: after ('3 maanden'), date. Een evaluatie na de looptijd valt op de "
                    "laatste dag", "{%tr for e in evaluations %}"),
    "evaluation_3_months": ("start_date + 3 maanden", "1 april 2027"),
    "evaluation_6_months": ("start_date + 6 maanden", "1 juli 2027"),
    "evaluation_12_months": ("start_date + 12 maanden, maar nooit na end_date (bij 12 maanden: de laatste dag)",
                             "31 december 2027"),
    "end_date": ("start_date + duration_months, de laatste dag", "31 december 2027"),
}
