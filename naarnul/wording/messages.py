"""The Dutch messages of the wording check: plain language (B1), addressed to the landlord ("u"), saying what to
change and why. Rule modules import this module as `msg`."""

from __future__ import annotations

from collections.abc import Callable


def q(text: str) -> str:
    """A quoted fragment for a message, on one line."""
    return "„" + " ".join(text.split()) + "”"


TO_FORMAL = {"je": "u", "jij": "u", "jou": "u", "jouw": "uw", "jezelf": "uzelf"}
TO_INFORMAL = {"u": "je", "uw": "je", "uzelf": "jezelf", "moet": "moet"}


def _with_use(use: str | None, fallback: str) -> str:
    return f"Schrijf liever {q(use)}." if use else fallback


LIST_MESSAGES: dict[str, Callable[[str, str | None], str]] = {
    "relative_deadlines": lambda f, u: RELATIVE(f),
    "amount_phrases": lambda f, u: (f"{q(f)} is ouderwets en maakt het bedrag minder duidelijk. "
                                    + _with_use(u, "Noem alleen het bedrag.")),
    "threats": lambda f, u: (f"{q(f)} is een vage dreiging. Dat maakt mensen bang, en dan leggen ze de post weg. "
                             "Schrijf wat de huurder kan doen. Is een gevolg echt nodig, noem het dan één keer, "
                             "feitelijk, aan het eind van de brief."),
    "reproach": lambda f, u: (f"{q(f)} klinkt als een verwijt. Door verwijten schamen mensen zich en reageren ze "
                              "niet. Schrijf feitelijk wat er open staat, bijvoorbeeld: „Er staat nog € 850,00 open.” "
                              + (_with_use(u, "") if u else "")).strip(),
    "power": lambda f, u: (f"{q(f)} is machtstaal: het klinkt hard en afstandelijk. Vraag gewoon wat u wilt, "
                           "bijvoorbeeld „Wilt u … betalen?”. " + (_with_use(u, "") if u else "")).strip(),
    "urgency": lambda f, u: (f"{q(f)} geeft valse haast. Onder druk kunnen mensen minder goed nadenken en "
                             "stellen ze contact uit. Noem een duidelijke datum die haalbaar is."),
    "third_person": lambda f, u: (f"{q(f)} praat over de lezer in plaats van tegen de lezer. "
                                  + _with_use(u, "Spreek de lezer aan met „u”.") + " Dan voelt de brief persoonlijk."),
    "impersonal_greetings": lambda f, u: (f"{q(f)} is een onpersoonlijke aanhef. Schrijf de naam, zoals "
                                          "„Beste meneer Jansen,”. Dan voelt de lezer zich aangesproken."),
    "cold_closings": lambda f, u: (f"{q(f)} is een kil slot. Sluit warm af, met "
                                   "„Met vriendelijke groet,” en uw naam."),
    "officialese": lambda f, u: (f"{q(f)} is ambtelijke taal. "
                                 + _with_use(u, "Schrijf het gewone woord, of noem het ding bij de naam.")
                                 + " Gewone woorden begrijpt iedereen, ook wie moe is of zich zorgen maakt."),
    "idioms": lambda f, u: (f"{q(f)} is een uitdrukking. Niet iedereen begrijpt die, zeker niet als Nederlands "
                            "niet de eerste taal is. " + _with_use(u, "Zeg het letterlijk.")),
}


def RELATIVE(found: str) -> str:
    return (f"{q(found)} is een termijn zonder datum. Noem een datum, bijvoorbeeld „vóór 15 maart 2026”. "
            "Dan hoeft de huurder niet te rekenen.")


def too_short_14(found: str) -> str:
    return (f"{q(found)} is te kort. In een veertiendagenbrief krijgt de huurder minstens 14 dagen, gerekend "
            "vanaf de dag na ontvangst (niet vanaf de datum van de brief). Anders mag u geen incassokosten rekenen. "
            "Noem een datum met genoeg ruimte.")


def too_short_14_date(found: str, letter_date: str) -> str:
    return (f"Tot {q(found)} is minder dan 14 dagen na ontvangst van de brief van {letter_date}. "
            "In een veertiendagenbrief krijgt de huurder minstens 14 dagen, gerekend vanaf de dag na ontvangst. "
            "Anders mag u geen incassokosten rekenen. Kies een latere datum.")


def too_short(found: str) -> str:
    return (f"{q(found)} is korter dan 8 dagen. Dat is erg kort voor iemand met geldzorgen. "
            "Geef minstens een week, liever twee, en noem de datum.")


B5_NO_TERM = ("In een veertiendagenbrief moet een betaaltermijn staan van minstens 14 dagen, met een datum. "
                   "Zonder die termijn mag u geen incassokosten rekenen.")
A1 = ("Uw brief biedt geen uitweg. Schrijf wat de huurder kan doen als betalen niet lukt, bijvoorbeeld: "
           "„Lukt betalen niet? Bel mij, dan maken we samen een betalingsregeling.” Met een uitweg nemen mensen "
           "contact op, in plaats van de brief weg te leggen.")


def A1_BLOCKED(found: str) -> str:
    return (f"Met {q(found)} sluit u de uitweg af. Bied juist een regeling aan: „Lukt betalen niet? Bel mij, dan "
            "maken we samen een betalingsregeling.” Met een uitweg nemen mensen contact op.")


A2_PHONE = ("Er staat geen telefoonnummer in uw brief. Zet uw naam en telefoonnummer erin, bijvoorbeeld "
                 "„Bel mij (Anna de Vries) op 06-12345678.” Wie weet wie hij kan bellen, belt eerder.")
def A2_ONLY_ADDRESS(found: str) -> str:
    return (f"U noemt {q(found)}, maar geen telefoonnummer. Niet iedereen leest mail of zoekt op internet. Zet er "
            "ook uw naam en telefoonnummer bij, bijvoorbeeld „Bel mij (Anna de Vries) op 06-12345678.”")


def C5_MANY(number: int) -> str:
    return f" U gebruikt {number} ambtelijke woorden in deze brief; vanaf drie is dat een fout."


A2_PERSON = ("Er staat wel een telefoonnummer in uw brief, maar niet wie de huurder aan de lijn krijgt. "
                  "Schrijf bijvoorbeeld „Bel mij, Anna de Vries, op 06-12345678.” Een persoon maakt de stap kleiner.")
A2_HOURS = ("Tip: schrijf erbij wanneer u bereikbaar bent, en of de huurder ook kan appen. "
                 "Dan hoeft niemand te raden wanneer bellen kan.")
A3 = ("U noemt geen gratis hulp. Noem de schuldhulp van de gemeente en geldfit.nl. Wie meer schulden heeft, "
           "krijgt zo sneller hulp, en dat helpt ook u.")
A4_OFFER = ("In de eerste betalingsherinnering biedt u aan de naam en contactgegevens van de huurder aan de "
                 "gemeente door te geven, zodat de gemeente kan helpen. Dat is verplicht (Besluit gemeentelijke "
                 "schuldhulpverlening). Bijvoorbeeld: „Ik geef uw naam en telefoonnummer graag door aan de gemeente. "
                 "De gemeente helpt u gratis.”")
A4_REFUSAL = ("Schrijf ook hoe de huurder kan weigeren dat u de gegevens doorgeeft, en vóór welke datum. "
                   "Bijvoorbeeld: „Wilt u dat niet? Laat het mij dan vóór 20 maart weten.” Zonder die keuze mag u de "
                   "gegevens niet doorgeven.")
A4_HELP = ("Noem de gemeente als hulp, niet als straf. Schrijf wat de gemeente voor de huurder doet, "
                "bijvoorbeeld: „De gemeente helpt u gratis met geldzorgen.”")


def A4_SANCTION(found: str) -> str:
    return (f"Hier staat {q(found)} in één zin met incasso of deurwaarder. Zo lijkt het doorgeven aan de gemeente "
            "een straf. Schrijf dat de gemeente helpt, en noem incasso of deurwaarder niet in dezelfde zin.")


def A5(found: str, where: str) -> str:
    return (f"{q(found)} staat {where}. Begin met wat de huurder kan doen. Noem gevolgen pas daarna, één keer. "
            "Wie eerst een dreiging leest, leest vaak niet verder.")


A6_NONE = ("Noem één duidelijke actie met één datum, bijvoorbeeld: „Betaal € 850,00 vóór 15 maart 2026, of bel "
                "mij.” Dan weet de huurder precies wat er moet gebeuren.")


def A6_MANY(dates: str) -> str:
    return (f"U noemt meer dan één datum om iets te doen ({dates}). Kies één datum. Meer data maken het "
            "onduidelijk.")


def A8_FORMAT(found: str) -> str:
    return (f"Schrijf het bedrag {q(found)} als „€ 1.234,56”: met euroteken, een punt bij duizendtallen en een "
            "komma met twee cijfers. Dan is het bedrag meteen duidelijk.")


A8_NO_TOTAL = "Zet onder de bedragen één totaalbedrag. Dan weet de huurder wat er in totaal open staat."


def A8_SUM(expected: str, total: str) -> str:
    return (f"De bedragen hierboven tellen op tot {expected}, maar het totaal is {total}. Controleer de bedragen: "
            "een bedrag dat niet klopt, geeft onrust en discussie.")


A9 = ("Tip: zet er een zin in die het gewoon maakt, zoals „Dat kan iedereen overkomen.” of „Misschien bent u "
           "het vergeten.” Dat haalt schaamte weg, zodat mensen makkelijker contact opnemen.")
A10 = "Tip: schrijf wat de huurder kan doen als het bedrag niet klopt, bijvoorbeeld: „Klopt het bedrag niet? Bel mij.”"


def B2_STACK(names: str) -> str:
    return (f"U noemt veel gevolgen ({names}). Een stapel dreigingen verlamt. Noem een gevolg hooguit één keer, "
            "feitelijk, na de mogelijkheden.")


B2_REPEAT = ("U noemt gevolgen op meer plaatsen in de brief. Zet ze één keer bij elkaar, aan het eind, onder "
                  "„Wat gebeurt er als …”, in één of twee feitelijke zinnen.")


def B6_CAPS(found: str) -> str:
    return f"{q(found)} staat in hoofdletters. Dat leest als schreeuwen. Schrijf het in gewone letters."


B6_EXCLAMATION = "Een uitroepteken klinkt als schreeuwen of boosheid. Gebruik een punt."


def B7_MIXED(found: str) -> str:
    return (f"U gebruikt „u” en „je” door elkaar (hier: {q(found)}). Kies één vorm en houd die vast, dan blijft "
            "de toon rustig.")


B8_NO_GREETING = "Tip: begin met een persoonlijke aanhef met de naam, zoals „Beste meneer Jansen,”."
B8_NO_CLOSING = "Tip: sluit af met een warme groet en uw naam, zoals „Met vriendelijke groet, Anna de Vries”."


def C1_LONG(words: int) -> str:
    return (f"Deze zin heeft {words} woorden. Maak er twee of drie korte zinnen van (liefst 12 woorden, hooguit 20). "
            "Korte zinnen zijn makkelijker te lezen voor wie onder druk staat.")


def C1_AVERAGE(average: float) -> str:
    shown = f"{average:.1f}".replace(".", ",")
    return (f"Uw zinnen zijn gemiddeld {shown} woorden lang. Probeer gemiddeld 12 woorden of minder: "
            "één boodschap per zin.")


def C2(names: str) -> str:
    return f"Deze zin heeft meer dan één bijzin ({names}). Splits de zin: één gedachte per zin."


def C3(found: str) -> str:
    return (f"{q(found)} is een lijdende vorm: er staat niet wie iets doet. Schrijf het actief, bijvoorbeeld niet "
            "„Het bedrag wordt verhoogd”, maar „Ik verhoog het bedrag”.")


def C4(names: str) -> str:
    return (f"Deze zin heeft veel hulpwerkwoorden ({names}). Schrijf directer, bijvoorbeeld „U betaalt …” in plaats "
            "van „U zou … moeten kunnen …”.")


def C6(found: str, use: str | None) -> str:
    return (f"{q(found)} is een juridisch woord. Leg het uit of gebruik gewone woorden"
            + (f", bijvoorbeeld {q(use)}." if use else "."))


def C6_MANY(found: str, number: int, use: str | None) -> str:
    return (f"{q(found)} is al het {number}e juridische woord in uw brief. Gebruik er hooguit twee, en leg ze uit"
            + (f". Bijvoorbeeld: {q(use)}." if use else "."))


def C7(share: float, examples: list[str]) -> str:
    return (f"{share:.0%} van de woorden heeft vier of meer lettergrepen (bijvoorbeeld "
            f"{', '.join(q(e) for e in examples)}). Houd dat onder de 10%: kies kortere woorden.")


def C9(found: str) -> str:
    return f"{q(found)} is een dubbele ontkenning. Schrijf het positief, dat is makkelijker te begrijpen."


def C10(found: str) -> str:
    return (f"U noemt de huurachterstand ook {q(found)}. Gebruik steeds hetzelfde woord, dan is duidelijk dat het "
            "om hetzelfde gaat.")


def C11_LONG(words: int) -> str:
    return (f"Uw brief heeft {words} woorden. Houd het bij één A4 (ongeveer 300 woorden): hoe korter de brief, hoe "
            "meer er gelezen wordt.")


def C11_ORDER(found: str) -> str:
    return (f"{q(found)} staat vóór de hulp. Houd deze volgorde aan: wat staat er open, wat kunt u doen, hulp, en "
            "alleen als het nodig is: wat gebeurt er als.")


def C12(score: float, label: str, *, low: bool) -> str:
    shown = f"{score:.1f}".replace(".", ",")
    if low:
        return (f"De leesbaarheid is {shown} ({label}). Zorg voor minstens 60, liefst 70: schrijf kortere zinnen "
                "en kortere woorden.")
    return f"Tip: de leesbaarheid is {shown} ({label}). Dat is goed; met kortere zinnen haalt u 70 of meer."


def C13(found: str, use: str | None) -> str:
    return (f"{q(found)} is een afkorting. " + (f"Schrijf het voluit: {q(use)}." if use else "Schrijf het voluit.")
            + " Niet iedereen kent afkortingen.")
