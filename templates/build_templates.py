"""Builds the first versions of the shipped .docx templates with python-docx.

Run once: `.venv/bin/python templates/build_templates.py`. After that the .docx files are the source of truth: an
admin edits them in Word (or uploads a new version in the app) and this script is kept only to show how they were
made. Running it again overwrites the .docx files (not the .yaml specs). The fifth template, `invitation`, was first
added as a .docx and a .yaml only, to prove that no code is needed; it is built here since its second version so that
it has the house style of the other letters (A4, the same headings and "wij", page numbers).
This script only writes template files; rendering them happens in naarnul/documents/render.py (sandboxed Jinja,
StrictUndefined, autoescape=True).

Jinja tags used: `{{ field }}` in text; `{%p if … %}` / `{%p endif %}` alone in a paragraph to show or hide whole
paragraphs; `{%tr for … %}` / `{%tr endfor %}` alone in a table row to repeat that row.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.shared import Cm, Mm, Pt

from naarnul.docx_layout import page_numbers

HERE = Path(__file__).resolve().parent


# --- helpers --------------------------------------------------------------------------------------------------------

def new_document() -> Document:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(6)
    for section in document.sections:
        # Dutch letters are A4 (python-docx's default page is US Letter).
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
        page_numbers(section)
    return document


def keep_on_one_page(signatures) -> None:
    """A signature table never splits over two pages: no row breaks, every row stays with the next one."""
    rows = list(signatures.rows)
    for index, row in enumerate(rows):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = index < len(rows) - 1


def signature_heading(document: Document, text: str) -> None:
    document.add_heading(text, level=2).paragraph_format.keep_with_next = True


def lines(document: Document, *texts: str, bold_first: bool = False) -> None:
    """A block of short lines (an address) without space between them."""
    for index, text in enumerate(texts):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold = bold_first and index == 0
        paragraph.paragraph_format.space_after = Pt(0)
    document.add_paragraph()


def para(document: Document, text: str, *, bold: bool = False, style: str | None = None) -> None:
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(text).bold = bold


def tag(document: Document, text: str) -> None:
    """A paragraph that holds only a {%p … %} tag; docxtpl removes the paragraph itself."""
    document.add_paragraph(text)


def table(document: Document, header: list[str], rows: list[list[str]], *, widths: list[float] | None = None):
    result = document.add_table(rows=0, cols=len(header))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.LEFT
    if any(header):
        cells = result.add_row().cells
        for cell, text in zip(cells, header):
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = result.add_row().cells
        for cell, text in zip(cells, row):
            bold = text.startswith("**")
            cell.paragraphs[0].add_run(text.strip("*")).bold = bold
    if widths:
        for row in result.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = Cm(width)
    document.add_paragraph()
    return result


def loop_rows(open_tag: str, cells: list[str], ncols: int) -> list[list[str]]:
    """The three rows docxtpl needs to repeat `cells` once per item: open tag, the row, close tag."""
    return [[open_tag] + [""] * (ncols - 1), cells, ["{%tr endfor %}"] + [""] * (ncols - 1)]


def letterhead(document: Document, *, reference: str = "{{ case_reference }}") -> None:
    lines(document, "{{ landlord_name }}", "{{ landlord_address }}", "{{ landlord_postcode }} {{ landlord_place }}",
          "Telefoon: {{ landlord_phone }}", "E-mail: {{ landlord_email }}", bold_first=True)
    lines(document, "{{ tenant_names }}", "{{ home_street_line }}", "{{ home_postcode }} {{ home_place }}")
    lines(document, "{{ landlord_place }}, {{ today }}", f"Kenmerk: {reference}")


def help_section(document: Document) -> None:
    """The municipality's own debt help, or, when it has none entered, Geldfit (the national free helpline), never
    presented as the municipality (`debt_help_is_municipal`)."""
    document.add_heading("Hulp bij geldzorgen", level=2)
    tag(document, "{%p if debt_help_is_municipal %}")
    para(document, "De gemeente {{ municipality_name }} helpt gratis bij geldzorgen. Bel {{ debt_help_name }} op "
                   "{{ debt_help_phone }} of kijk op {{ debt_help_website }}. Op geldfit.nl vindt u ook gratis hulp.")
    tag(document, "{%p else %}")
    para(document, "{{ debt_help_name }} helpt gratis bij geldzorgen. Bel {{ debt_help_name }} gratis op "
                   "{{ debt_help_phone }} of kijk op {{ debt_help_website }}. Ook de gemeente {{ municipality_name }} "
                   "helpt gratis bij geldzorgen. {{ debt_help_name }} vertelt u waar u daarvoor terecht kunt.")
    tag(document, "{%p endif %}")


def income_support(document: Document) -> None:
    """Every letter to the tenant, in one place: housing benefit (huurtoeslag), that a changed rent must be passed
    on to the Belastingdienst, and income support (bijzondere bijstand) with the municipality's contact when it has
    one entered (`debt_help_is_municipal`; otherwise the municipality by name only, never Geldfit as the
    municipality). convenant.md §8."""
    document.add_heading("Geld waar u misschien recht op heeft", level=2)
    para(document, "Heeft u een laag inkomen? Dan krijgt u misschien huurtoeslag. Kijk op toeslagen.nl of u huurtoeslag "
                   "kunt krijgen.")
    para(document, "Verandert uw huur, bijvoorbeeld door een afspraak met ons? Geef de nieuwe huur dan door aan de "
                   "Belastingdienst. Dan krijgt u de juiste huurtoeslag.")
    para(document, "Heeft u kosten die u echt niet kunt betalen? Vraag dan bij de gemeente {{ municipality_name }} naar "
                   "bijzondere bijstand.{% if debt_help_is_municipal %} Bel {{ debt_help_name }} op "
                   "{{ debt_help_phone }}.{% endif %}")


def signal_offer(document: Document) -> None:
    """The offer of Bgs art. 2 with what is passed on (name, contact details and the amount) and how to refuse; never
    when the tenant already refused (then `refusal_respected` says so instead)."""
    tag(document, "{%p if not signal_refused %}")
    document.add_heading("Wij willen u in contact brengen met de gemeente", level=2)
    para(document, "Wij willen uw naam, uw contactgegevens (adres, telefoonnummer en e-mailadres) en het bedrag van "
                   "de huurachterstand ({{ arrears_total }}) doorgeven aan de gemeente {{ municipality_name }}. "
                   "Dan kan de gemeente u hulp aanbieden. Die hulp is gratis. Wilt u dat niet? Laat het ons dan vóór "
                   "{{ refuse_before }} weten. Dat kan per brief, e-mail of telefoon.")
    tag(document, "{%p endif %}")


def refusal_respected(document: Document) -> None:
    """Every letter, once the tenant refused the signal: the refusal is respected and not asked again."""
    tag(document, "{%p if signal_refused %}")
    document.add_heading("Wij geven uw gegevens niet door aan de gemeente", level=2)
    para(document, "U heeft ons op {{ objection_received_date }} laten weten dat u niet wilt dat wij uw gegevens aan "
                   "de gemeente doorgeven. Dat respecteren wij. Wij geven uw gegevens niet door en vragen het u niet "
                   "opnieuw. Wilt u later toch hulp? Dan kunt u die altijd zelf vragen.")
    tag(document, "{%p endif %}")


def closing(document: Document, first_line: str) -> None:
    para(document, first_line)
    para(document, "U kunt {{ landlord_contact_person }} bellen of appen op {{ landlord_phone }}"
                   "{% if landlord_contact_hours %}, {{ landlord_contact_hours }}{% endif %}. "
                   "Mailen kan ook: {{ landlord_email }}.")
    para(document, "Met vriendelijke groet,")
    lines(document, "{{ landlord_contact_person }}", "{{ landlord_name }}")


# --- templates ------------------------------------------------------------------------------------------------------

def reminder() -> Document:
    d = new_document()
    letterhead(d)
    d.add_heading("Uw huur van {{ arrears_month_names }}", level=1)
    para(d, "{{ greeting }},")
    para(d, "U heeft de huur van {{ arrears_month_names }} nog niet helemaal betaald. "
            "Er staat nu {{ arrears_total }} open.")
    para(d, "Dat kan iedereen overkomen. Misschien bent u het vergeten, of is het even moeilijk met geld.")
    para(d, "Dit staat er open:")
    table(d, ["Maand", "Nog te betalen"],
          loop_rows("{%tr for m in arrears_months %}", ["{{ m.month }}", "{{ m.amount }}"], 2)
          + [["**Totaal", "**{{ arrears_total }}"]], widths=[6, 4])
    d.add_heading("Wat kunt u doen?", level=2)
    para(d, "Betaal {{ arrears_total }} uiterlijk op {{ pay_before }}. Maak het bedrag over naar "
            "{{ landlord_iban }} van {{ landlord_name }}. Zet kenmerk {{ case_reference }} bij de betaling.",
         style="List Bullet")
    para(d, "Lukt dat niet? Bel of app dan {{ landlord_contact_person }} op {{ landlord_phone }}. Samen maken we een "
            "regeling. Dan betaalt u in delen.", style="List Bullet")
    para(d, "Klopt het bedrag niet? Laat het ons dan ook weten.")
    help_section(d)
    income_support(d)
    signal_offer(d)
    refusal_respected(d)
    tag(d, "{%p if fourteen_day_letter %}")
    d.add_heading("Wat gebeurt er als u niet betaalt?", level=2)
    para(d, "Betaalt u niet uiterlijk op {{ costs_deadline }}? En heeft u dan geen regeling met ons? Dan moet u ook "
            "{{ collection_costs }} incassokosten betalen. Wij gaan ervan uit dat u deze brief op "
            "{{ assumed_receipt_date }} krijgt.")
    tag(d, "{%p endif %}")
    closing(d, "Wij horen graag van u.")
    return d


def notification() -> Document:
    d = new_document()
    d.add_heading("Melding vroegsignalering huurachterstand", level=1)
    para(d, "Aan: gemeente {{ municipality_name }} (CBS-code {{ municipality_cbs_code }})")
    para(d, "Met deze melding geeft de verhuurder de contactgegevens van de huurder en de huurachterstand door. "
            "Zo kan de gemeente de huurder hulp aanbieden (Besluit gemeentelijke schuldhulpverlening, artikel 2).")
    d.add_heading("Melding", level=2)
    table(d, ["", ""], [
        ["Kenmerk melding", "{{ signal_reference }}"],
        ["Datum melding", "{{ signal_date }}"],
        ["Kenmerk verhuurder", "{{ case_reference }}"],
        ["Spoed", "{{ signal_urgent }}{% if signal_urgent_reason %}: {{ signal_urgent_reason }}{% endif %}"],
        ["Bekende hulpverlener", "{% if signal_support_worker %}{{ signal_support_worker }}{% else %}niet bekend"
                                 "{% endif %}"],
    ], widths=[5, 11])
    d.add_heading("Huurder", level=2)
    table(d, ["Naam", "Telefoon", "E-mail", "Geboortedatum"],
          loop_rows("{%tr for t in tenants %}",
                    ["{{ t.name }}", "{{ t.phone or 'onbekend' }}", "{{ t.email or 'onbekend' }}",
                     "{{ t.date_of_birth or 'niet nodig' }}"], 4), widths=[4.5, 3.5, 5, 3])
    d.add_heading("Adres van de woning", level=2)
    table(d, ["", ""], [
        ["Straat", "{{ home_street }}"],
        ["Huisnummer", "{{ home_number }}"],
        ["Toevoeging", "{{ home_addition or 'geen' }}"],
        ["Postcode", "{{ home_postcode }}"],
        ["Plaats", "{{ home_place }}"],
    ], widths=[5, 11])
    d.add_heading("Huurachterstand", level=2)
    table(d, ["", ""], [
        ["Totaal achterstand", "{{ arrears_total }}"],
        ["Aantal maanden", "{{ arrears_month_count }}"],
        ["Achterstand ontstaan op", "{{ arrears_since }}"],
        ["Huur per maand", "{{ monthly_rent }}"],
    ], widths=[5, 11])
    table(d, ["Maand", "Vervaldatum", "Open bedrag"],
          loop_rows("{%tr for m in arrears_months %}", ["{{ m.month }}", "{{ m.due_date }}", "{{ m.amount }}"], 3),
          widths=[5, 5, 6])
    d.add_heading("Wat de verhuurder heeft gedaan", level=2)
    table(d, ["", ""], [
        ["Betalingsherinnering verstuurd op", "{{ reminder_date }}"],
        ["In de herinnering aangeboden", "gegevens doorgeven aan de gemeente, met de mogelijkheid om te weigeren"],
        ["Bezwaar tegen doorgeven", "Geen bezwaar ontvangen. De huurder kon bezwaar maken tot "
                                    "{{ objection_deadline }}."],
        ["Aantal contactpogingen", "{{ contact_attempt_count }}"],
    ], widths=[5, 11])
    table(d, ["Datum contactpoging", "Manier", "Uitkomst"],
          loop_rows("{%tr for c in contact_attempts %}", ["{{ c.date }}", "{{ c.channel }}", "{{ c.outcome }}"], 3),
          widths=[5, 4, 7])
    d.add_heading("Verhuurder", level=2)
    table(d, ["", ""], [
        ["Naam", "{{ landlord_name }}"],
        ["Adres", "{{ landlord_address }}, {{ landlord_postcode }} {{ landlord_place }}"],
        ["Telefoon", "{{ landlord_phone }}"],
        ["E-mail", "{{ landlord_email }}"],
        ["Contactpersoon", "{{ landlord_contact_person }}"],
    ], widths=[5, 11])
    d.add_heading("Gemeente", level=2)
    table(d, ["", ""], [
        ["Gemeente", "{{ municipality_name }}"],
        ["CBS-code", "{{ municipality_cbs_code }}"],
    ], widths=[5, 11])
    # the answers to the admin's extra questions on the case forms (issue 16), only when there are any
    tag(d, "{%p if extra_answers %}")
    d.add_heading("Aanvullende gegevens", level=2)
    table(d, ["", ""], loop_rows("{%tr for a in extra_answers %}", ["{{ a.label }}", "{{ a.value }}"], 2),
          widths=[5, 11])
    tag(d, "{%p endif %}")
    para(d, "Gemaakt op {{ today }}. De gegevens staan ook in een CSV- en JSON-bestand bij deze melding.")
    return d


def arrangement() -> Document:
    d = new_document()
    letterhead(d, reference="{{ payment_reference }}")
    d.add_heading("Uw betalingsregeling", level=1)
    para(d, "{{ greeting }},")
    para(d, "Fijn dat we samen een regeling hebben gemaakt. In deze brief staan de afspraken.")
    para(d, "Het gaat om de huur van {{ arrears_month_names }} voor {{ home_address }}. "
            "Er staat {{ arrears_total }} open.")
    table(d, ["Maand", "Nog te betalen"],
          loop_rows("{%tr for m in arrears_months %}", ["{{ m.month }}", "{{ m.amount }}"], 2)
          + [["**Totaal", "**{{ arrears_total }}"]], widths=[6, 4])
    para(d, "Klopt het bedrag niet? Laat het ons dan weten.")
    tag(d, "{%p if arrangement_includes_costs %}")
    para(d, "In de regeling zitten ook {{ collection_costs }} incassokosten.")
    tag(d, "{%p endif %}")
    d.add_heading("Wat spreken we af?", level=2)
    para(d, "U betaalt {{ arrangement_total }} in {{ instalment_count }} termijnen:")
    table(d, ["Termijn", "Uiterlijk op", "Bedrag"],
          loop_rows("{%tr for i in instalments %}", ["{{ i.number }}", "{{ i.due_date }}", "{{ i.amount }}"], 3)
          + [["**Totaal", "", "**{{ arrangement_total }}"]], widths=[3, 6, 4])
    para(d, "Maak elke termijn over naar {{ landlord_iban }} van {{ landlord_name }}. "
            "Zet kenmerk {{ payment_reference }} bij de betaling.", style="List Bullet")
    para(d, "De laatste termijn betaalt u uiterlijk op {{ arrangement_last_date }}. Dan staat er niets meer open.",
         style="List Bullet")
    para(d, "Betaal ook de gewone huur van {{ monthly_rent }} elke maand op tijd. Die komt bij de termijnen.",
         style="List Bullet")
    para(d, "Houdt u zich aan de regeling? Dan rekenen wij geen extra kosten.", style="List Bullet")
    d.add_heading("Lukt het een keer niet?", level=2)
    para(d, "Bel of app dan {{ landlord_contact_person }} op {{ landlord_phone }}. Dan zoeken we samen een "
            "oplossing. Verandert er iets in uw inkomen? Dan kunnen we de regeling aanpassen. Bijvoorbeeld met een "
            "lager bedrag of een pauze.")
    d.add_heading("Wat gebeurt er als u een termijn mist?", level=2)
    para(d, "Dan sturen wij u eerst een vriendelijke herinnering met een nieuwe datum. Betaalt u dan ook niet, en "
            "belt u ons niet? Dan kan de regeling stoppen.")
    help_section(d)
    income_support(d)
    tag(d, "{%p if signal_offer %}")
    signal_offer(d)
    tag(d, "{%p endif %}")
    refusal_respected(d)
    closing(d, "Gaat u akkoord? Zet dan uw handtekening hieronder. Stuur ons een kopie, of app een foto.")
    signature_heading(d, "Handtekeningen")
    keep_on_one_page(table(d, ["", "Naam", "Datum", "Handtekening"],
                           [["Verhuurder", "{{ landlord_contact_person }} ({{ landlord_name }})", "", "\n\n"]]
                           + loop_rows("{%tr for t in tenants %}", ["Huurder", "{{ t.name }}", "", "\n\n"], 4),
                           widths=[3, 6, 3, 4]))
    return d


def three_parties(d: Document) -> None:
    """Article 1 of the three-party agreements (addendum, last-chance agreement): who takes part."""
    d.add_heading("Artikel 1. Wie doen er mee?", level=2)
    para(d, "Huurder: {{ tenant_names }}, {{ home_address }}.", style="List Bullet")
    para(d, "Verhuurder: {{ landlord_name }}, {{ landlord_address }}, {{ landlord_postcode }} {{ landlord_place }}. "
            "Contactpersoon: {{ landlord_contact_person }}, telefoon {{ landlord_phone }}.", style="List Bullet")
    para(d, "Begeleider: {{ support_worker_name }} van {{ support_organisation }}, telefoon {{ support_worker_phone }}"
            "{% if support_worker_email %}, e-mail {{ support_worker_email }}{% endif %}.", style="List Bullet")
    tag(d, "{%p if money_manager %}")
    para(d, "Budgetbeheerder of bewindvoerder: {{ money_manager }}.", style="List Bullet")
    tag(d, "{%p endif %}")


def three_party_signatures(d: Document) -> None:
    """One block per signer, on one page: every tenant signs for themselves, the landlord, the support worker, and a
    budget manager or protective administrator too when there is one."""
    keep_on_one_page(table(d, ["", "Naam", "Plaats en datum", "Handtekening"],
                           loop_rows("{%tr for t in tenants %}", ["Huurder", "{{ t.name }}", "", "\n\n"], 4)
                           + [["Verhuurder", "{{ landlord_contact_person }} ({{ landlord_name }})", "", "\n\n"],
                              ["Begeleider", "{{ support_worker_name }} ({{ support_organisation }})", "", "\n\n"],
                              ["{%tr if money_manager %}", "", "", ""],
                              ["Budgetbeheerder of bewindvoerder", "{{ money_manager }}", "", "\n\n"],
                              ["{%tr endif %}", "", "", ""]],
                           widths=[3.5, 5.5, 3.5, 4]))


def addendum() -> Document:
    d = new_document()
    d.add_heading("Addendum bij de huurovereenkomst", level=1)
    para(d, "Afspraken tussen huurder, verhuurder en begeleider", bold=True)
    para(d, "Kenmerk: {{ case_reference }}. Datum: {{ today }}.")

    three_parties(d)
    para(d, "Dit addendum hoort bij de huurovereenkomst voor de woning {{ home_address }}"
            "{% if lease_date %} van {{ lease_date }}{% endif %}. Alle andere afspraken uit de huurovereenkomst "
            "blijven gelden.")

    d.add_heading("Artikel 2. Waarom deze afspraken?", level=2)
    para(d, "Op {{ today }} is de huurachterstand {{ arrears_total }}. Het doel: de huurder blijft in de woning "
            "wonen en betaalt de huur op tijd.")

    d.add_heading("Artikel 3. Begeleiding", level=2)
    para(d, "De huurder krijgt begeleiding van {{ support_organisation }} en doet daaraan mee. De huurder en de "
            "begeleider spreken elkaar {{ meeting_frequency }}. Samen maken zij een persoonlijk plan voor de "
            "begeleiding.")

    d.add_heading("Artikel 4. Geld en huur", level=2)
    tag(d, "{%p if finance_option == 'budgetbeheer' %}")
    para(d, "De huurder gaat in budgetbeheer{% if money_manager %} bij {{ money_manager }}{% endif %}. "
            "De budgetbeheerder betaalt de huur elke maand aan de verhuurder.")
    tag(d, "{%p elif finance_option == 'beschermingsbewind' %}")
    para(d, "De huurder vraagt beschermingsbewind aan of heeft dat al"
            "{% if money_manager %}, bij {{ money_manager }}{% endif %}. "
            "De bewindvoerder betaalt de huur elke maand aan de verhuurder.")
    tag(d, "{%p else %}")
    para(d, "De huurder regelt dat de huur elke maand rechtstreeks van het inkomen of de uitkering naar de "
            "verhuurder gaat.")
    tag(d, "{%p endif %}")
    para(d, "De huurder betaalt de achterstand af met een betalingsregeling"
            "{% if arrangement_reference %} (kenmerk {{ arrangement_reference }}){% endif %}. "
            "De afspraken daarover staan in een aparte brief.")
    para(d, "De gewone huur van {{ monthly_rent }} betaalt de huurder elke maand op tijd.")
    para(d, "Zijn er ook andere schulden? Dan meldt de huurder zich samen met de begeleider aan bij de gratis "
            "schuldhulp van de gemeente {{ municipality_name }}{% if debt_help_is_municipal %}: {{ debt_help_name }}, "
            "{{ debt_help_phone }}.{% else %}. {{ debt_help_name }} ({{ debt_help_phone }}) vertelt waar dat kan."
            "{% endif %}")

    d.add_heading("Artikel 5. Informatie delen", level=2)
    para(d, "De huurder geeft toestemming dat de begeleider en de verhuurder elkaar alleen dit vertellen: of de "
            "huur betaald is, en of de begeleiding doorgaat. Zij delen geen andere informatie. Zij gebruiken deze "
            "informatie alleen voor dit addendum. De huurder kan de toestemming altijd intrekken, bij de begeleider "
            "of bij de verhuurder.")

    d.add_heading("Artikel 6. Afspraken over wonen", level=2)
    tag(d, "{%p if conduct_agreements %}")
    para(d, "{{ conduct_agreements }}")
    tag(d, "{%p else %}")
    para(d, "Er zijn geen extra afspraken over wonen.")
    tag(d, "{%p endif %}")

    d.add_heading("Artikel 7. Hoe lang?", level=2)
    para(d, "Dit addendum geldt {{ duration_months }} maanden: van {{ start_date }} tot en met {{ end_date }}.")

    d.add_heading("Artikel 8. Samen bespreken hoe het gaat", level=2)
    para(d, "Huurder, verhuurder en begeleider bespreken samen hoe het gaat. Dat doen zij rond deze datums:")
    # One row per evaluation inside the duration (naarnul.addendum): 3, 6, 12 months, and 18, 24 for 24 months.
    table(d, ["Na", "Datum"], loop_rows("{%tr for e in evaluations %}", ["{{ e.after }}", "{{ e.date }}"], 2),
          widths=[4, 6])
    para(d, "Van elk gesprek maakt de begeleider een kort verslag. Daarin staat ook wat de huurder ervan vindt. "
            "Alle drie krijgen een kopie.")

    d.add_heading("Artikel 9. Als een afspraak niet lukt", level=2)
    para(d, "Lukt een afspraak niet? Dan gaan huurder, verhuurder en begeleider eerst met elkaar in gesprek. "
            "Daarna krijgt de huurder een brief met een waarschuwing. In die brief staat wat er moet gebeuren en "
            "hoeveel tijd de huurder daarvoor krijgt. Pas als dat niet lukt, mag de verhuurder naar de rechter gaan "
            "of een uitspraak van de rechter laten uitvoeren.")
    para(d, "De huurovereenkomst stopt niet vanzelf als een afspraak niet lukt. Daarover beslist alleen de rechter.")

    d.add_heading("Artikel 10. Goed afgerond", level=2)
    para(d, "Heeft de huurder tot {{ end_date }} de huur steeds op tijd betaald en de betalingsregeling gehouden? "
            "Dan stopt dit addendum. De huurovereenkomst loopt gewoon door, zonder deze extra afspraken.")

    d.add_heading("Artikel 11. De begeleider", level=2)
    para(d, "Stopt de begeleiding eerder? Dan laat de begeleider dat meteen weten aan de huurder en de verhuurder. "
            "Over het stoppen van de begeleiding praat de begeleider eerst met de huurder. De begeleider staat niet "
            "garant voor de huur.")
    income_support(d)

    signature_heading(d, "Artikel 12. Ondertekening")
    three_party_signatures(d)
    return d


def invitation() -> Document:
    d = new_document()
    letterhead(d)
    d.add_heading("Zullen we samen praten?", level=1)
    para(d, "{{ greeting }},")
    para(d, "Er staat nog {{ arrears_total }} huur open. Dat kan iedereen overkomen. Wij willen graag met u praten "
            "over een oplossing. Bijvoorbeeld een regeling, zodat u in delen kunt betalen.")
    d.add_heading("Ons voorstel", level=2)
    lines(d, "Datum: {{ meeting_date }}", "Tijd: {{ meeting_time }} uur", "Plaats: {{ meeting_place }}")
    para(d, "U mag iemand meenemen, bijvoorbeeld een familielid of een hulpverlener.")
    para(d, "Past dit moment niet? Bel of app dan {{ landlord_contact_person }} op {{ landlord_phone }}. Dan zoeken "
            "we samen een ander moment.")
    help_section(d)
    income_support(d)
    refusal_respected(d)
    para(d, "Wij hopen u snel te spreken.")
    para(d, "Met vriendelijke groet,")
    lines(d, "{{ landlord_contact_person }}", "{{ landlord_name }}")
    return d


def custom_solution() -> Document:
    """The letter that confirms a custom solution (uitstel, huurverlaging, geen huurverhoging), issue 11."""
    d = new_document()
    letterhead(d)
    d.add_heading("Onze afspraak over uw huur", level=1)
    para(d, "{{ greeting }},")
    para(d, "Fijn dat we samen een oplossing hebben gevonden. In deze brief staat wat we hebben afgesproken.")
    tag(d, "{%p if solution_kind == 'uitstel' %}")
    d.add_heading("U krijgt uitstel van betaling", level=2)
    para(d, "Het gaat om de huur van {{ deferred_months }}. Dat is {{ deferred_amount }}. Dat bedrag betaalt u "
            "uiterlijk op {{ deferral_until }}. Tot die datum vragen wij u niet om dit bedrag.")
    para(d, "Betaal de gewone huur van {{ monthly_rent }} wel elke maand op tijd.")
    tag(d, "{%p elif solution_kind == 'huurverlaging' %}")
    d.add_heading("U betaalt een tijdje minder huur", level=2)
    para(d, "Van {{ first_month }} tot en met {{ last_month }} betaalt u {{ reduction_amount }} minder huur per "
            "maand. U betaalt dan {{ reduced_rent }} per maand.")
    para(d, "Daarna betaalt u weer de gewone huur.")
    tag(d, "{%p else %}")
    d.add_heading("Uw huur gaat niet omhoog", level=2)
    para(d, "Wij zien af van de huurverhoging van {{ waived_increase_date }}. Vanaf {{ waived_from }} betaalt u "
            "{{ kept_rent }} per maand. Dat is de huur van vóór de verhoging.")
    tag(d, "{%p endif %}")
    para(d, "Maak de huur over naar {{ landlord_iban }} van {{ landlord_name }}. Zet kenmerk {{ case_reference }} "
            "bij de betaling.", style="List Bullet")
    tag(d, "{%p if solution_note %}")
    para(d, "Wat we nog meer afspraken: {{ solution_note }}", style="List Bullet")
    tag(d, "{%p endif %}")
    d.add_heading("Lukt het toch niet?", level=2)
    para(d, "Bel of app dan {{ landlord_contact_person }} op {{ landlord_phone }}. Dan zoeken we samen een andere "
            "oplossing. Bijvoorbeeld een regeling, zodat u in delen betaalt.")
    help_section(d)
    income_support(d)
    refusal_respected(d)
    closing(d, "Gaat u akkoord? Zet dan uw handtekening hieronder. Stuur ons een kopie, of app een foto.")
    signature_heading(d, "Handtekeningen")
    keep_on_one_page(table(d, ["", "Naam", "Datum", "Handtekening"],
                           [["Verhuurder", "{{ landlord_contact_person }} ({{ landlord_name }})", "", "\n\n"]]
                           + loop_rows("{%tr for t in tenants %}", ["Huurder", "{{ t.name }}", "", "\n\n"], 4),
                           widths=[3, 6, 3, 4]))
    return d


def last_chance() -> Document:
    """The last-chance agreement after a dissolution judgment (convenant.md §8, addendum.md): the conditions under
    which the landlord does not enforce the judgment for a set period. Never "the lease continues" or "only a court
    decides": the court has decided. A separate template so that no addendum text leaks into it."""
    d = new_document()
    d.add_heading("Laatste-kansovereenkomst", level=1)
    para(d, "Afspraken voor een laatste kans, tussen huurder, verhuurder en begeleider, na het vonnis", bold=True)
    para(d, "Kenmerk: {{ case_reference }}. Datum: {{ today }}.")

    three_parties(d)

    d.add_heading("Artikel 2. Het vonnis", level=2)
    para(d, "Op {{ judgment_date }} heeft de rechter ({{ court_name }}) beslist dat de huurovereenkomst voor "
            "{{ home_address }} is ontbonden{% if judgment_reference %} (zaaknummer {{ judgment_reference }})"
            "{% endif %}. De verhuurder mag het vonnis dus laten uitvoeren.")
    para(d, "In deze overeenkomst staat onder welke voorwaarden de verhuurder dat niet doet. Dit is geen nieuwe "
            "huurovereenkomst.")

    d.add_heading("Artikel 3. Hoe lang?", level=2)
    para(d, "Deze afspraken gelden {{ duration_months }} maanden: van {{ start_date }} tot en met {{ end_date }}. "
            "Houdt de huurder zich aan de afspraken? Dan laat de verhuurder het vonnis in die tijd niet uitvoeren.")

    d.add_heading("Artikel 4. De voorwaarden", level=2)
    para(d, "De huurder betaalt elke maand {{ monthly_rent }} op tijd voor het wonen in de woning.", style="List Bullet")
    para(d, "De huurder betaalt de achterstand van {{ arrears_total }} af met een betalingsregeling"
            "{% if arrangement_reference %} (kenmerk {{ arrangement_reference }}){% endif %}.", style="List Bullet")
    para(d, "De huurder krijgt begeleiding van {{ support_organisation }} en doet daaraan mee. De huurder en de "
            "begeleider spreken elkaar {{ meeting_frequency }}.", style="List Bullet")
    tag(d, "{%p if extra_conditions %}")
    para(d, "{{ extra_conditions }}", style="List Bullet")
    tag(d, "{%p endif %}")

    d.add_heading("Artikel 5. Informatie delen", level=2)
    para(d, "De huurder geeft toestemming dat de begeleider en de verhuurder elkaar alleen dit vertellen: of er "
            "betaald is, en of de begeleiding doorgaat. Zij gebruiken deze informatie alleen voor deze overeenkomst. "
            "De huurder kan de toestemming altijd intrekken, bij de begeleider of bij de verhuurder.")

    d.add_heading("Artikel 6. Samen bespreken hoe het gaat", level=2)
    para(d, "Huurder, verhuurder en begeleider bespreken samen hoe het gaat. Dat doen zij rond deze datums:")
    table(d, ["Na", "Datum"], loop_rows("{%tr for e in evaluations %}", ["{{ e.after }}", "{{ e.date }}"], 2),
          widths=[4, 6])
    para(d, "Van elk gesprek maakt de begeleider een kort verslag. Daarin staat ook wat de huurder ervan vindt. "
            "Alle drie krijgen een kopie.")

    d.add_heading("Artikel 7. Als een afspraak niet lukt", level=2)
    para(d, "Lukt een afspraak niet? Dan gaan huurder, verhuurder en begeleider eerst met elkaar in gesprek. Daarna "
            "krijgt de huurder een brief met een waarschuwing. In die brief staat wat er moet gebeuren en hoeveel tijd "
            "de huurder daarvoor krijgt. Pas als dat ook niet lukt, mag de verhuurder het vonnis laten uitvoeren.")

    d.add_heading("Artikel 8. Goed afgerond", level=2)
    tag(d, "{%p if end_outcome == 'nieuwe huurovereenkomst' %}")
    para(d, "Heeft de huurder zich tot en met {{ end_date }} aan de afspraken gehouden? Dan krijgt de huurder een "
            "nieuwe huurovereenkomst voor de woning.")
    tag(d, "{%p else %}")
    para(d, "Heeft de huurder zich tot en met {{ end_date }} aan de afspraken gehouden? Dan laat de verhuurder het "
            "vonnis nooit meer uitvoeren.")
    tag(d, "{%p endif %}")

    d.add_heading("Artikel 9. De begeleider", level=2)
    para(d, "Stopt de begeleiding eerder? Dan laat de begeleider dat meteen weten aan de huurder en de verhuurder. "
            "Over het stoppen praat de begeleider eerst met de huurder. De begeleider staat niet garant voor de "
            "betalingen.")
    income_support(d)

    signature_heading(d, "Artikel 10. Ondertekening")
    three_party_signatures(d)
    return d


BUILDERS = {"reminder": reminder, "notification": notification, "arrangement": arrangement, "addendum": addendum,
            "invitation": invitation, "custom_solution": custom_solution, "last_chance": last_chance}


def reproducible(docx: bytes) -> bytes:
    """The same .docx with a fixed time on every zip entry, so that rebuilding an unchanged template gives the same
    bytes (git shows only the templates whose content changed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()


def main() -> None:
    for name, build in BUILDERS.items():
        document = build()
        document.core_properties.title = name
        document.core_properties.author = "Naar Nul"
        buffer = io.BytesIO()
        document.save(buffer)
        (HERE / f"{name}.docx").write_bytes(reproducible(buffer.getvalue()))
        print(f"wrote {name}.docx")


if __name__ == "__main__":
    main()
