"""May the landlord signal the municipality? `signal_check` gives every reason why not yet (Dutch, with the rule),
and whether a new signal would be a repeat (Bgs art. 2, convenant.md §2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from naarnul.covenant.facts import CaseFacts
from naarnul.covenant.settings import CovenantSettings
from naarnul.covenant.vocabulary import BGS, OBJECTION_CHANNELS
from naarnul.formatting import format_date, format_money


@dataclass(frozen=True)
class SignalCheck:
    allowed: bool
    reasons: list[str]  # Dutch; why not (empty when allowed)
    is_repeat: bool = False  # an earlier signal exists and the arrears did not grow since
    allowed_from: dt.date | None = None  # end of the waiting period after the first reminder, when known
    repeat_notice: str = ""  # Dutch; why a new signal would be a repeat (sending it needs the landlord's confirmation)


EARLY_CONTACT = ("Uw contactpoging van {date} was voor de schriftelijke herinnering van {reminder}. Alleen een "
                  "poging na de herinnering telt: krijgt u op de herinnering geen reactie, probeer dan nog een keer "
                  f"persoonlijk contact te krijgen en leg dat vast ({BGS}, onder a).")


# "No new signal while a kept arrangement runs" is the landlord's own policy under the covenant, not the law: the Bgs
# has no such exception. The message says so, so that nobody thinks the law forbids the signal.
OWN_POLICY_ARRANGEMENT = (
    "Uw eigen beleid (geen regel uit de wet): zolang een betalingsregeling loopt die de huurder nakomt, meldt u niet. "
    "Er loopt een regeling sinds {date}. Stopt de regeling, dan kunt u weer melden. De wet (Bgs) kent deze "
    "uitzondering niet; de beheerder kan dit beleid uitzetten bij Instellingen.")


def signal_allowed_from(facts: CaseFacts, settings: CovenantSettings) -> dt.date | None:
    first = facts.first_reminder_on
    return first + dt.timedelta(days=settings.signal_after_reminder_days) if first else None


def signal_check(facts: CaseFacts, settings: CovenantSettings, today: dt.date) -> SignalCheck:
    reasons: list[str] = []
    first = facts.first_reminder_on
    allowed_from = signal_allowed_from(facts, settings)
    if facts.tenant_is_legal_person:
        reasons.append("De huurder is een bedrijf of organisatie. Vroegsignalering geldt alleen voor personen; "
                       "u meldt deze huurder niet bij de gemeente.")
    if facts.closed is not None:
        reasons.append(f"Deze zaak is gesloten op {format_date(facts.closed.closed_on)}.")
    if not facts.arrears.has_arrears:
        reasons.append("Er is geen huurachterstand. Een melding is niet nodig.")
    if first is None or allowed_from is None:
        reasons.append("Stuur eerst een schriftelijke herinnering met het aanbod om de gegevens van de huurder aan "
                       f"de gemeente door te geven ({BGS}).")
    elif today < allowed_from:
        reasons.append(f"Na de herinnering van {format_date(first)} krijgt de huurder "
                       f"{settings.signal_after_reminder_days} dagen de tijd. U kunt melden vanaf "
                       f"{format_date(allowed_from)}.")
    if facts.objection is not None and facts.objection.active_on(today):
        channel = OBJECTION_CHANNELS.get(facts.objection.channel, facts.objection.channel)
        reasons.append(f"De huurder heeft op {format_date(facts.objection.received_on)} ({channel}) laten weten "
                       "dat u de gegevens niet mag doorgeven. Zolang dat bezwaar geldt, meldt u niet "
                       f"({BGS}).")
    if not facts.counting_contacts:
        if facts.contacts_before_reminder and first is not None:
            reasons.append(EARLY_CONTACT.format(date=format_date(max(facts.contacts_before_reminder)),
                                                 reminder=format_date(first)))
        elif facts.contacts_before_reminder:
            reasons.append(f"Uw contactpoging van {format_date(max(facts.contacts_before_reminder))} telt nog niet: "
                           "alleen een poging na de schriftelijke herinnering telt. Probeer na de herinnering "
                           f"opnieuw persoonlijk contact te krijgen ({BGS}, onder a).")
        else:
            reasons.append("Probeer eerst persoonlijk contact te krijgen met de huurder (bellen, langsgaan, mailen "
                           "of appen) en leg dat vast. Lukt contact niet, bevestig dan dat het niet gelukt is "
                           f"({BGS}, onder a).")
    arrangement = facts.arrangement
    if settings.no_signal_during_kept_arrangement and arrangement is not None and arrangement.status == "active":
        # Practice, not law: the Bgs has no such exception (../shared/domain/convenant.md §6), so the message says
        # it is the landlord's own policy (a setting the admin can switch off).
        reasons.append(OWN_POLICY_ARRANGEMENT.format(date=format_date(arrangement.started_on)))
    # A repeat (same arrears, not grown) is not forbidden, but the municipality treats it as "not picked up:
    # repeated signal"; so the landlord must confirm it, and the signal is marked as a repeat.
    notice = ""
    last = facts.last_signal
    if last is not None and facts.arrears.amount <= last.arrears_amount:
        notice = (f"U heeft op {format_date(last.sent_on)} al gemeld, bij een achterstand van "
                  f"{format_money(last.arrears_amount)}. De achterstand is niet gegroeid (nu "
                  f"{format_money(facts.arrears.amount)}). Een nieuwe melding telt bij de gemeente als een "
                  "herhaalde melding.")
    return SignalCheck(allowed=not reasons, reasons=reasons, is_repeat=bool(notice), allowed_from=allowed_from,
                       repeat_notice=notice)
