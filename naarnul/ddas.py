"""The DDAS "Uitwisselmodel" v1.2: what a municipality delivers to CBS for the national monitor of early-warning
signals (VNG Realisatie, ddas-vroegsignalering, folder v1.2). Pure mapping from the portal's signals to that JSON,
and the check against its JSON schema (a copy of ../shared/data/ddas/json_schema_Uitwisselmodel_v1.2.json ships in
naarnul/data; a unit test keeps the copy equal to the shared file).

Mapping decisions (also in docs/liaison.md):
- one signal of the portal is one `vroegsignaal` with signal partner type `Huur`; its `ID` is the signal's reference
  (NN-jjjj-nnnnnn). The client is identified by postcode (without space) + house number (+ addition), never by BSN:
  a landlord has none. No name, phone or e-mail leaves in the export.
- `bedrag`: the arrears at the moment of signalling in whole euros, rounded half up (€ 1.234,50 → 1235).
- `ontstaansdatum`: the oldest unpaid due date (when the arrears arose); `signaaldatum`: the day the signal was sent.
- `crisissignaal`: the landlord marked the signal urgent (e.g. a court date is known). `warmeOverdracht`: only when
  the landlord recorded it (the payload key `warm_handover`); otherwise left out, not guessed.
- `status` (EnumSignaalstatus): from the latest municipal feedback (`SIGNAL_STATUS` below); without feedback
  "Nog niet opgepakt" while the signal is new, "Opgepakt" once it is in progress, picked up or done.
- a `vroegsignaalzaak` for every signal the municipality did something with (a picked-up date, feedback or its own
  contact attempt), one signal per case: `resultaat` (EnumEindresultaat) from the latest feedback (`END_RESULT`),
  `datumOpgepakt` the day it was picked up, `contactpogingen` the municipality's own attempts (kind, reached, date,
  part of day). The landlord's contact attempts are not the municipality's and are not exported.
- "Opgepakt: al bekend bij schuldhulpverlening" gets the DDAS status "Inwoner al bekend bij schuldhulpverlening"
  (the list has that status for exactly this) and the same end result.
- "Opgepakt: vervolghulp (financieel of niet-financieel)" is the general "Vervolghulp en/of verwijzing": the portal
  does not ask which of the two.
- `teller` numbers the deliveries in one file (1, 2, …); `aanleverendeOrganisatie.naam` is the municipality;
  `codeGegevensleverancier` the municipality's CBS code for one municipality, else `SUPPLIER_CODE` (the portal).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from naarnul.errors import ValidationError
from naarnul.formatting import format_date

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "ddas_uitwisselmodel_v1.2.json"
SIGNAL_PARTNER = "Huur"
SUPPLIER_CODE = "NAARNUL"  # the portal, when one file holds the deliveries of several municipalities
NOT_YET_PICKED_UP = "Nog niet opgepakt"
PICKED_UP = "Opgepakt"

# portal feedback code (naarnul.covenant.FEEDBACK_OUTCOMES) → EnumEindresultaat
END_RESULT: dict[str, str] = {
    "repeat_signal": "Niet opgepakt: herhaalde melding",
    "unjustified_signal": "Niet opgepakt: onterecht signaal",
    "deceased": "Inwoner is overleden",
    "not_inhabitant": "Persoon is geen inwoner (meer) in de gemeente",
    "not_picked_up_other": "Niet opgepakt: andere reden",
    "known_to_debt_assistance": "Inwoner al bekend bij schuldhulpverlening",
    "other_programme": "Inwoner heeft al een ander lopend traject",
    "no_contact": "Definitief geen contact kunnen krijgen",
    "no_response": "Geen reactie na eerder contact",
    "does_not_want_help": "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering",
    "paid_or_arranged": "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
    "quick_fix": "(Budget)advies en/of quick fix",
    "follow_up_help": "Vervolghulp en/of verwijzing",
    "referral_without_contact": "Verwijzing zonder tussenkomst inwoner",
}

# portal feedback code → EnumSignaalstatus (every other feedback code: "Opgepakt")
SIGNAL_STATUS: dict[str, str] = {
    "repeat_signal": "Niet opgepakt: herhaalde melding",
    "unjustified_signal": "Niet opgepakt: onterecht signaal",
    "deceased": "Inwoner is overleden",
    "not_inhabitant": "Persoon is geen inwoner (meer) in de gemeente",
    "not_picked_up_other": "Niet opgepakt: andere reden",
    "known_to_debt_assistance": "Inwoner al bekend bij schuldhulpverlening",
}


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def enumeration(name: str) -> tuple[str, ...]:
    """The values of one DDAS enumeration (`EnumContactsoort`, `EnumDagdeel`, …), from the schema itself."""
    return tuple(schema()["$defs"][name]["enum"])


CONTACT_KINDS: tuple[str, ...] = enumeration("EnumContactsoort")
PARTS_OF_DAY: tuple[str, ...] = enumeration("EnumDagdeel")


# --- the municipality's own contact attempts -------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactEntry:
    on_date: dt.date
    kind: str  # a value of CONTACT_KINDS
    reached: bool
    part_of_day: str = ""  # a value of PARTS_OF_DAY, or "" when not known


def check_contact_attempt(*, on_date: object, kind: str, reached: bool, part_of_day: str, sent_on: dt.date,
                          today: dt.date) -> ContactEntry:
    """A contact attempt as typed by the liaison; every problem at once, in Dutch."""
    problems = []
    day: dt.date | None = None
    if not isinstance(on_date, dt.date):
        problems.append("Vul de datum van de contactpoging in.")
    else:
        day = on_date.date() if isinstance(on_date, dt.datetime) else on_date
        if day > today:
            problems.append(f"De datum {format_date(day)} ligt in de toekomst. Leg een contactpoging vast als die "
                            "gedaan is.")
        elif day < sent_on:
            problems.append(f"De datum ligt voor de melding ({format_date(sent_on)}). Kies de datum van de melding "
                            "of later.")
    if kind not in CONTACT_KINDS:
        problems.append("Kies de soort contact uit de lijst (" + ", ".join(CONTACT_KINDS) + ").")
    part = part_of_day or ""
    if part and part not in PARTS_OF_DAY:
        problems.append("Kies het dagdeel: " + ", ".join(PARTS_OF_DAY).lower() + ", of laat het leeg.")
    if problems or day is None:
        raise ValidationError(problems)
    return ContactEntry(on_date=day, kind=kind, reached=bool(reached), part_of_day=part)


# --- the export ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DdasSignal:
    """What the export needs of one signal (no names: the DDAS client is a postcode and a house number)."""

    reference: str
    sent_on: dt.date
    arrears_cents: int
    postcode: str
    house_number: str
    house_number_addition: str = ""
    oldest_unpaid_due: dt.date | None = None
    urgent: bool = False
    warm_handover: bool | None = None  # None: not recorded
    workflow_status: str = "new"  # new / in_progress / done
    picked_up_on: dt.date | None = None
    outcome: str | None = None  # the latest feedback code, if any
    contact_attempts: tuple[ContactEntry, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Delivery:
    municipality_code: str
    municipality_name: str
    signals: tuple[DdasSignal, ...]


def check_period(start: object, end: object) -> tuple[dt.date, dt.date]:
    problems = []
    if not isinstance(start, dt.date):
        problems.append("Vul de begindatum van de periode in.")
    if not isinstance(end, dt.date):
        problems.append("Vul de einddatum van de periode in.")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
        problems.append(f"De begindatum ({format_date(start)}) ligt na de einddatum ({format_date(end)}).")
    if problems:
        raise ValidationError(problems)
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    return start, end


def whole_euros(cents: int) -> int:
    return int((Decimal(int(cents)) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def compact_postcode(postcode: str) -> str:
    """`1011 ab` → `1011AB`."""
    return re.sub(r"\s+", "", postcode or "").upper()


def signal_status(signal: DdasSignal) -> str:
    if signal.outcome:
        return SIGNAL_STATUS.get(signal.outcome, PICKED_UP)
    if signal.workflow_status != "new" or signal.picked_up_on is not None:
        return PICKED_UP
    return NOT_YET_PICKED_UP


def end_result(signal: DdasSignal) -> str | None:
    return END_RESULT.get(signal.outcome) if signal.outcome else None


def has_case(signal: DdasSignal) -> bool:
    """A signal case when the municipality did something with the signal."""
    return bool(signal.outcome or signal.picked_up_on or signal.contact_attempts)


def _date(day: dt.date) -> str:
    return day.isoformat()


def vroegsignaal(signal: DdasSignal) -> dict:
    client = {"postcode": compact_postcode(signal.postcode), "huisnummer": signal.house_number.strip()}
    if signal.house_number_addition.strip():
        client["huisnummertoevoeging"] = signal.house_number_addition.strip()
    item: dict = {"ID": signal.reference, "crisissignaal": bool(signal.urgent)}
    if signal.warm_handover is not None:
        item["warmeOverdracht"] = bool(signal.warm_handover)
    item["bedrag"] = whole_euros(signal.arrears_cents)
    if signal.oldest_unpaid_due is not None:
        item["ontstaansdatum"] = _date(signal.oldest_unpaid_due)
    item.update({"signaaldatum": _date(signal.sent_on), "status": signal_status(signal),
                 "signaalpartner": {"type": SIGNAL_PARTNER}, "client": client})
    return item


def vroegsignaalzaak(signal: DdasSignal) -> dict:
    item: dict = {}
    result = end_result(signal)
    if result:
        item["resultaat"] = result
    if signal.picked_up_on is not None:
        item["datumOpgepakt"] = _date(signal.picked_up_on)
    item["vroegsignalen"] = [{"ID": signal.reference}]
    attempts = []
    for attempt in sorted(signal.contact_attempts, key=lambda a: a.on_date):
        entry: dict = {"soort": attempt.kind, "bereikt": attempt.reached, "datum": _date(attempt.on_date)}
        if attempt.part_of_day:
            entry["dagdeel"] = attempt.part_of_day
        attempts.append(entry)
    item["contactpogingen"] = attempts
    return item


def levering(delivery: Delivery, teller: int) -> dict:
    signals = sorted(delivery.signals, key=lambda s: (s.sent_on, s.reference))
    return {
        "teller": teller,
        "gemeentecode": delivery.municipality_code,
        "aanleverendeOrganisatie": {"naam": delivery.municipality_name},
        "vroegsignalen": [vroegsignaal(s) for s in signals],
        "vroegsignaalzaken": [vroegsignaalzaak(s) for s in signals if has_case(s)],
    }


def uitwisselmodel(*, start: dt.date, end: dt.date, deliveries: list[Delivery], now: dt.datetime,
                   supplier_code: str | None = None) -> dict:
    """The whole file. `now` must carry a time zone (the delivery moment is ISO 8601 with zone)."""
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    ordered = sorted(deliveries, key=lambda d: d.municipality_code)
    if supplier_code is None:
        supplier_code = ordered[0].municipality_code if len(ordered) == 1 else SUPPLIER_CODE
    document: dict = {
        "startdatumLevering": _date(start),
        "einddatumLevering": _date(end),
        "aanleverdatumEnTijd": now.replace(microsecond=0).isoformat(),
        "codeGegevensleverancier": supplier_code,
    }
    if ordered:  # the schema wants at least one delivery when the list is there
        document["leveringen"] = [levering(d, n) for n, d in enumerate(ordered, start=1)]
    return document


def schema_errors(document: dict) -> list[str]:
    """Every way `document` breaks the schema (empty: valid), formats (dates, e-mail) included."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415  (only the export pays for importing it)

    validator = Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = [f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
                for error in validator.iter_errors(document)]
    moment = document.get("aanleverdatumEnTijd")
    if isinstance(moment, str):
        try:
            if dt.datetime.fromisoformat(moment).tzinfo is None:
                problems.append("aanleverdatumEnTijd: no time zone")
        except ValueError:
            problems.append("aanleverdatumEnTijd: not an ISO 8601 date-time")
    return problems


def to_json(document: dict) -> bytes:
    """The file as delivered, after the schema check (a failure is a bug in the mapping, never the user's)."""
    problems = schema_errors(document)
    if problems:
        raise ValueError("DDAS export does not match the schema: " + "; ".join(problems[:5]))
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def filename(start: dt.date, end: dt.date, municipality_code: str | None = None) -> str:
    stem = f"ddas-levering-{municipality_code}" if municipality_code else "ddas-levering"
    return f"{stem}-{start.isoformat()}-{end.isoformat()}.json"
