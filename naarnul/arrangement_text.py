"""The Dutch text around a payment arrangement: the debt-help contact line, why collection costs may or may not be
added, the friendly reminder after a missed instalment, and the status labels. Pure functions of plain values (no
database); store.arrangements supplies the rows, the services pass the results on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from naarnul.arrangement import income_check as calc
from naarnul.arrangement.progress import FollowUp, FollowUpAction
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money
from naarnul.money import parse_form_amount
from naarnul.wording import check as check_wording

GELDFIT = "www.geldfit.nl"
END_REASON_MAX = 300
NO_NORMS = ("Er zijn geen normen voor de beslagvrije voet ingevoerd. Daarom kan het portaal niet berekenen of de "
            "termijn past bij het inkomen. De beheerder kan de normen invullen.")
NO_HOUSEHOLD = "Kies ook de soort huishouden om te zien of de termijn past bij het inkomen."
STATUS_LABELS = {"active": "loopt", "replaced": "vervangen", "ended": "beëindigd", "completed": "afgerond"}


def help_contact(municipality: str, name: str = "", phone: str = "", email: str = "", website: str = "") -> dict:
    """The municipality's debt-help contact with one Dutch line for the tenant (always ending with geldfit.nl)."""
    contact = {"municipality": municipality, "name": name, "phone": phone, "email": email, "website": website}
    parts = [name or f"Schuldhulpverlening gemeente {municipality}"]
    parts += [value for value in (phone, email, website) if value]
    if not (phone or email or website):
        parts.append(f"bel of kijk op de website van de gemeente {municipality}")
    contact["text"] = ", ".join(parts) + f". Ook handig: {GELDFIT}."
    return contact


def costs_explanation(letter_date: dt.date | None, deadline: dt.date | None, costs: Decimal,
                      term_passed: bool) -> tuple[bool, str]:
    """(allowed, Dutch explanation) for adding collection costs after the case's 14-day letter (None: no letter)."""
    if letter_date is None or deadline is None:
        return False, ("Incassokosten mogen alleen na een veertiendagenbrief: een brief die de huurder 14 dagen geeft "
                       "om te betalen en het precieze bedrag van de kosten noemt. Die brief is in deze zaak niet "
                       "verstuurd.")
    if not term_passed:
        return False, (f"De veertiendagenbrief van {format_date(letter_date)} geeft de huurder tot en met "
                       f"{format_date(deadline)} om te betalen. Pas daarna mogen incassokosten erbij.")
    return True, (f"Na de veertiendagenbrief van {format_date(letter_date)} mogen incassokosten van "
                  f"{format_money(costs)} erbij (wettelijke staffel). Dat hoeft niet: veel verhuurders "
                  f"rekenen geen kosten in een regeling.")


def reminder_text(follow: FollowUp, *, tenant_names: Sequence[str], iban: str, reference: str, phone: str,
                  contact_hours: str, email: str, sender: str, help_text: str) -> str:
    """A short friendly reminder (Dutch, stress-sensitive) with the new date; the landlord sends it himself.
    Empty when the next step is no reminder."""
    if follow.action != FollowUpAction.REMINDER or follow.new_date is None:
        return ""
    greeting = "Beste " + (" en ".join(tenant_names) if tenant_names else "huurder")
    missed = ", ".join(str(n) for n in follow.missed)
    iban = (iban or "").replace(" ", "")
    pay = f" op rekening {' '.join(iban[i:i + 4] for i in range(0, len(iban), 4))}" if iban else ""
    contact = []
    if phone:
        contact.append(f"bellen op {phone}" + (f" ({contact_hours})" if contact_hours else ""))
    if email:
        contact.append(f"mailen naar {email}")
    reach = f" U kunt ons {' of '.join(contact)}." if contact else ""
    return (f"{greeting},\n\n"
            f"Wij maakten samen een betalingsregeling. Elke maand betaalt u een deel van de achterstand, naast de "
            f"gewone huur. Termijn {missed} hebben wij nog niet (helemaal) ontvangen. Er staat nog "
            f"{format_money(follow.amount_due)} open. Misschien bent u het vergeten.\n\n"
            f"Wilt u {format_money(follow.amount_due)} uiterlijk op {format_date(follow.new_date)} betalen{pay}, met "
            f"kenmerk {reference}? Dan loopt de regeling gewoon door. Klopt het bedrag niet? Laat het ons dan "
            f"weten.\n\n"
            f"Lukt betalen niet? Neem dan contact met ons op. Dan zoeken we samen naar een oplossing, bijvoorbeeld een "
            f"lager bedrag of even een pauze.{reach}\n\n"
            f"Hulp bij geldzaken is gratis. U kunt terecht bij {help_text}\n\n"
            f"Met vriendelijke groet,\n\n{sender}\n")


def parse_instalment(instalment) -> Decimal | None:
    """The amount per instalment typed in the form; None when left empty (then the number of months decides)."""
    if instalment is None or (isinstance(instalment, str) and not instalment.strip()):
        return None
    return parse_form_amount(instalment, "Het bedrag per termijn")


def end_reason(reason: str | None) -> str:
    """Why the landlord ends the arrangement, on one line; ValidationError in Dutch when empty or too long."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("Schrijf kort waarom u de regeling beëindigt, bijvoorbeeld 'twee termijnen niet betaald, "
                              "na telefoongesprek'.")
    if len(reason) > END_REASON_MAX:
        raise ValidationError(f"De reden is te lang: hoogstens {END_REASON_MAX} tekens.")
    return reason


def reminder_check(letter: str) -> dict:
    """The wording check of the friendly reminder: {"ok", "verdict", "findings" (Dutch, without hints)}."""
    if not letter:
        return {"ok": True, "verdict": "", "findings": []}
    report = check_wording(letter, kind="letter")
    return {"ok": report.ok, "verdict": report.verdict,
            "findings": [f.message for f in report.findings if f.severity != "hint"]}


def affordability_check(norms: Sequence[calc.ProtectedIncomeNorm], household_type: str | None,
                        net_income: str | None, regular_amount: Decimal,
                        today: dt.date) -> tuple[dict, Decimal | None]:
    """Whether the instalment fits the income above the protected income (beslagvrije voet) of `today`:
    ({"checked", "ok", "message", "protected_income", "figures_date", "source"}, the room per month or None).
    The income is typed in the form (Dutch amount; ValidationError in Dutch); without it nothing is checked."""
    summary: dict = {"checked": False, "ok": None, "message": "", "protected_income": None, "figures_date": None,
                     "source": ""}
    income = (parse_form_amount(net_income, "Het netto inkomen per maand", allow_zero=True)
              if net_income not in (None, "") else None)
    if income is None:
        return summary, None
    if not household_type:
        summary.update(message=NO_HOUSEHOLD)
        return summary, None
    norm = calc.protected_income(list(norms), household_type, today)
    if norm is None:
        summary.update(message=NO_NORMS)
        return summary, None
    result = calc.affordability(regular_amount, income, norm)  # the rent is paid out of the protected income
    summary.update(checked=True, ok=result.ok, message=result.message, protected_income=result.protected_income,
                   figures_date=result.figures_date, source=norm.source)
    return summary, result.room
