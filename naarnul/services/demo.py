"""`naarnul demo`: an empty database filled with a realistic pilot, through the same use cases the pages call.

One municipality (Utrecht) with its liaison, an administrator and three landlords (40, 12 and 2 tenancies). Two
years of rent and payments, a rent increase every 1 July, tenants who pay late now and then (their short cases close
by themselves when they pay), and cases at every stage of the covenant: new arrears, a friendly reminder, the
written reminder (a generated letter, one with the fourteen-day notice for collection costs), contact attempts, an
objection, signals to the municipality that are new, in progress and answered (help accepted: collection paused;
help refused), a payment arrangement with its letter, a case paid off and one closed by hand.

History is replayed in date order: each use case runs with `today` set to the day it happened, so letters, signals
and feedback carry their own dates and every rule (objection term, signal conditions) is checked as it would be.
Deterministic for a seed; every date is relative to the `today` given (naarnul.calendar.today() from the CLI).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from naarnul.errors import NaarNulError
from naarnul.services import accounts, admin, arrangements, cases, letters, login, signals, tenancies
from naarnul.users import ActingUser, Role
from store.unit_of_work import UnitOfWork

MUNICIPALITY = "GM0344"  # Utrecht
PASSWORD = "naarnul-demo-pilot"  # every demo account; printed by `naarnul demo`
HISTORY_DAYS = 730
RENT_INCREASE = Decimal("0.045")  # per 1 July


class DatabaseNotEmpty(NaarNulError):
    """The demo only fills an empty database."""


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    name: str
    password: str
    note: str


@dataclass(frozen=True)
class DemoResult:
    logins: tuple[Login, ...]
    tenancies: int
    payments: int
    cases_open: int
    signals: int
    documents: int
    today: dt.date


FIRST_NAMES = ["Sanne", "Daan", "Fatima", "Jeroen", "Emma", "Mohamed", "Lotte", "Bram", "Yara", "Thijs", "Noor",
               "Kees", "Aylin", "Ruben", "Iris", "Sven", "Maria", "Jan", "Esra", "Pieter", "Anouk", "Tim", "Samira",
               "Lucas", "Femke", "Milan", "Zeynep", "Hanna", "Joris", "Ilse"]
LAST_NAMES = ["de Vries", "Jansen", "el Amrani", "van Dijk", "Bakker", "Yilmaz", "Visser", "Smit", "Meijer",
              "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
              "Brouwer", "de Wit", "Dijkstra", "Kaya", "Janssen", "van den Berg", "Koster"]
STREETS = [("Biltstraat", "3581 A"), ("Amsterdamsestraatweg", "3551 B"), ("Kanaalstraat", "3531 C"),
           ("Oudegracht", "3511 A"), ("Vleutenseweg", "3532 H"), ("Burgemeester Reigerstraat", "3581 K"),
           ("Kard. de Jongweg", "3523 G"), ("Columbuslaan", "3526 E"), ("Marnixlaan", "3552 H"),
           ("Adelaarstraat", "3514 C"), ("Winklerlaan", "3571 K"), ("Merelstraat", "3514 C")]

@dataclass(frozen=True)
class _Landlord:
    username: str
    name: str
    contact: str
    street: str
    number: str
    postcode: str
    phone: str
    email: str
    iban: str
    tenancies: int


LANDLORDS = [
    _Landlord("linde", "Woonstichting De Linde", "Anna de Linde", "Lindelaan", "4", "3511 AB", "030 2345678",
              "verhuur@delinde.example", "NL91ABNA0417164300", 40),
    _Landlord("jansen", "Jansen Vastgoed", "Piet Jansen", "Maliebaan", "71", "3581 CG", "06 12345678",
              "piet@jansenvastgoed.example", "NL44RABO0123456789", 12),
    _Landlord("bakker", "H. Bakker", "Henk Bakker", "Nachtegaalstraat", "18", "3581 AH", "06 87654321",
              "henk.bakker@example.nl", "NL20INGB0001234567", 2),
]

# The covenant stages, by landlord and tenancy number. `missed`: the first rent (months before this month) the
# tenant stops paying; `steps`: (days after that rent was due, action).
SCENARIOS: dict[tuple[str, int], dict] = {
    ("linde", 0): dict(label="nieuwe achterstand", missed=1, steps=[]),
    ("linde", 1): dict(label="vriendelijke herinnering", missed=1, steps=[(6, "friendly")]),
    ("linde", 2): dict(label="schriftelijke herinnering", missed=2, steps=[(5, "friendly"), (20, "letter")]),
    ("linde", 3): dict(label="contactpogingen, veertiendagenbrief", missed=2,
                       steps=[(5, "friendly"), (12, "letter14"), (32, "phone"), (36, "email")]),
    ("linde", 4): dict(label="bezwaar tegen melden", missed=2, steps=[(8, "letter"), (16, "objection")]),
    ("linde", 5): dict(label="signaal verstuurd (nieuw)", missed=3,
                       steps=[(5, "friendly"), (12, "letter"), (30, "phone"), (34, "visit"), (62, "signal")]),
    ("linde", 6): dict(label="signaal in behandeling", missed=3,
                       steps=[(10, "letter"), (28, "phone"), (55, "signal"), (58, "handle")]),
    ("linde", 7): dict(label="terugkoppeling: hulp aanvaard", missed=4,
                       steps=[(10, "letter"), (26, "phone"), (30, "failed"), (50, "signal"), (52, "handle"),
                              (62, "help_accepted")]),
    ("linde", 8): dict(label="betalingsregeling", missed=4, resumes=2,
                       steps=[(6, "friendly"), (14, "letter"), (40, "arrangement")]),
    ("linde", 9): dict(label="gesloten: betaald", missed=12, resumes=10, catch_up=True,
                       steps=[(5, "friendly"), (15, "letter")]),
    ("linde", 10): dict(label="gesloten met de hand", missed=7,
                        steps=[(8, "letter"), (40, "close")]),
    ("jansen", 0): dict(label="terugkoppeling: wil geen hulp", missed=6,
                        steps=[(8, "letter"), (25, "phone"), (48, "signal"), (50, "handle"), (70, "help_refused")]),
    ("jansen", 1): dict(label="vriendelijke herinnering", missed=1, steps=[(4, "friendly")]),
    ("bakker", 1): dict(label="schriftelijke herinnering", missed=2, steps=[(9, "letter")]),
}


def _cents(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _euro(amount: Decimal) -> str:
    return f"{_cents(amount):.2f}".replace(".", ",")


def _month_start(today: dt.date, months_back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class _Tenancy:
    landlord: str
    number: int
    fields: dict
    start: dt.date
    rent: Decimal
    late_payer: bool
    scenario: dict | None
    id: int = 0
    address: str = ""
    case_id: int | None = None
    signal_reference: str = ""
    rent_changes: list[tuple[dt.date, Decimal]] = field(default_factory=list)

    def rent_on(self, due: dt.date) -> Decimal:
        rent = self.rent
        for start, amount in self.rent_changes:
            if due >= start:
                rent = amount
        return rent


def _is_empty(url: str) -> bool:
    return accounts.count_users(UnitOfWork(url)) == 0


def fill_demo(database_url: str, *, today: dt.date, seed: int = 2026,
              progress: Callable[[str], None] | None = None) -> DemoResult:
    """Fill an empty database with the demo pilot. Refuses (DatabaseNotEmpty, nothing changed) when any account
    exists."""
    if not _is_empty(database_url):
        raise DatabaseNotEmpty("De database is niet leeg: de demo vult alleen een lege database. Er is niets "
                               "veranderd.")
    say = progress or (lambda _message: None)
    rng = random.Random(seed)

    def uow() -> UnitOfWork:
        return UnitOfWork(database_url)

    logins: list[Login] = []
    operator = login.add_user_as_operator(uow(), username="beheer", name="Beheerder Naar Nul", role=Role.ADMIN,
                                          password=PASSWORD)
    logins.append(Login("beheerder", operator.username, operator.name, PASSWORD, "gebruikers, sjablonen, instellingen"))
    admin.update_help_contact(uow(), operator, code=MUNICIPALITY, help_name="Geldzorgen Utrecht (Buurtteams)",
                              help_phone="030 2863100", help_email="geldzorgen@utrecht.example",
                              help_website="www.utrecht.nl/geldzorgen")
    liaison = login.add_user_as_operator(uow(), username="gemeente", name="Sanne de Wit (gemeente Utrecht)",
                                         role=Role.LIAISON, password=PASSWORD, municipality_code=MUNICIPALITY)
    logins.append(Login("gemeente", liaison.username, liaison.name, PASSWORD, "signalen van de gemeente Utrecht"))

    landlords: dict[str, ActingUser] = {}
    homes: list[_Tenancy] = []
    used_addresses: set[tuple[str, str]] = set()
    for spec in LANDLORDS:
        landlord = login.add_user_as_operator(uow(), username=spec.username, name=spec.name,
                                              role=Role.LANDLORD, password=PASSWORD, email=spec.email)
        accounts.update_profile(uow(), landlord, name=spec.name, contact_person=spec.contact,
                                street=spec.street, house_number=spec.number, postcode=spec.postcode,
                                place="Utrecht", phone=spec.phone, email=spec.email, iban=spec.iban,
                                contact_hours="op werkdagen van 9.00 tot 17.00 uur")
        landlords[spec.username] = landlord
        logins.append(Login("verhuurder", landlord.username, landlord.name, PASSWORD,
                            f"{spec.tenancies} huurcontracten"))
        for number in range(spec.tenancies):
            scenario = SCENARIOS.get((spec.username, number))
            street, postcode_head = rng.choice(STREETS)
            house = str(rng.randint(1, 240))
            while (street, house) in used_addresses:
                house = str(rng.randint(1, 240))
            used_addresses.add((street, house))
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            tenants = [{"name": f"{first} {last}", "salutation": "neutral",
                        "phone": f"06 {rng.randint(10_000_000, 59_999_999)}",
                        "email": f"{first.lower()}.{last.lower().replace(' ', '')}@example.nl"}]
            if rng.random() < 0.3:
                tenants.append({"name": f"{rng.choice(FIRST_NAMES)} {last}", "salutation": "neutral"})
            months_back = 24 if rng.random() < 0.7 or scenario else rng.randint(4, 20)
            start = _month_start(today, months_back)
            rent = Decimal(rng.randrange(650, 1250, 5))
            fields = dict(street=street, house_number=house, house_number_addition="",
                          postcode=f"{postcode_head}{chr(ord('A') + rng.randint(0, 25))}", place="Utrecht",
                          municipality_code=MUNICIPALITY, tenants=tenants, monthly_rent=_euro(rent), due_day=1,
                          start_date=start, end_date=None, tenant_is_company=False, payer_ibans="")
            homes.append(_Tenancy(spec.username, number, fields, start, rent,
                                  late_payer=scenario is None and rng.random() < 0.15, scenario=scenario))

    # --- the history, replayed in date order -------------------------------------------------------------------
    events: list[tuple[dt.date, int, Callable[[dt.date], None]]] = []
    order = [0]

    def at(day: dt.date, action: Callable[[dt.date], None]) -> None:
        if day <= today:
            order[0] += 1
            events.append((day, order[0], action))

    def register(home: _Tenancy) -> Callable[[dt.date], None]:
        def run(day: dt.date) -> None:
            made = tenancies.register_tenancy(uow(), landlords[home.landlord], today=day, **home.fields)
            home.id = made.id
            home.address = next(r.address for r in tenancies.list_tenancies(
                uow(), landlords[home.landlord], search=home.fields["street"], limit=100).rows if r.id == made.id)
        return run

    def raise_rent(home: _Tenancy, july: dt.date, amount: Decimal) -> Callable[[dt.date], None]:
        def run(day: dt.date) -> None:
            fields = {**home.fields, "monthly_rent": _euro(amount)}
            tenancies.change_tenancy(uow(), landlords[home.landlord], tenancy_id=home.id, today=day, rent_from=july,
                                     **fields)
        return run

    payments = [0]

    def pay(home: _Tenancy, amount: Decimal, description: str) -> Callable[[dt.date], None]:
        def run(day: dt.date) -> None:
            tenancies.record_payment(uow(), landlords[home.landlord], tenancy_id=home.id, paid_on=day,
                                     amount=_euro(amount), description=description, today=day)
            payments[0] += 1
        return run

    def monthly_refresh(day: dt.date) -> None:
        for landlord in landlords.values():
            cases.refresh_figures(uow(), landlord, today=day)

    def case_of(home: _Tenancy, day: dt.date) -> int:
        landlord = landlords[home.landlord]
        cases.refresh_figures(uow(), landlord, today=day)
        for choice in cases.list_case_choices(uow(), landlord, today=day):
            if choice.label.startswith(home.address + " – ") and not choice.label.endswith("(gesloten)"):
                home.case_id = choice.case_id
                return choice.case_id
        raise RuntimeError(f"demo: no open case for {home.address} on {day}")

    def signal_of(home: _Tenancy) -> int:
        """The liaison finds the signal in the municipality's inbox."""
        inbox = signals.list_inbox(uow(), liaison, page_size=100)
        return next(row.id for row in inbox.rows if row.reference == home.signal_reference)

    def step(home: _Tenancy, action: str) -> Callable[[dt.date], None]:
        def run(day: dt.date) -> None:
            landlord = landlords[home.landlord]
            case_id = case_of(home, day)
            if action == "friendly":
                cases.record_friendly_reminder(uow(), landlord, case_id=case_id, on=day, today=day)
            elif action in {"letter", "letter14"}:
                letters.make_letter(uow(), landlord, case_id=case_id, template_name="reminder",
                                    values={"fourteen_day_letter": action == "letter14"}, today=day)
            elif action in {"phone", "email", "visit"}:
                cases.record_contact_attempt(uow(), landlord, case_id=case_id, on=day, channel=action,
                                             outcome="message_left" if action == "email" else "not_reached",
                                             note="Demo: geen reactie", today=day)
            elif action == "failed":
                cases.confirm_contact_failed(uow(), landlord, case_id=case_id, on=day, today=day)
            elif action == "objection":
                cases.record_objection(uow(), landlord, case_id=case_id, received_on=day, channel="letter",
                                       today=day)
            elif action == "signal":
                home.signal_reference = cases.send_signal(uow(), landlord, case_id=case_id, today=day)
            elif action == "handle":
                signal_id = signal_of(home)
                signals.start_handling(uow(), liaison, signal_id=signal_id, today=day)
            elif action in {"help_accepted", "help_refused"}:
                signal_id = signal_of(home)
                accepted = action == "help_accepted"
                signals.record_feedback(uow(), liaison, signal_id=signal_id, on_date=day,
                                        outcome="follow_up_help" if accepted else "does_not_want_help",
                                        help_accepted=accepted,
                                        liaison_note="Demo: huisbezoek door het buurtteam", today=day)
            elif action == "arrangement":
                made = arrangements.make_arrangement(uow(), landlord, case_id=case_id, instalment=None, months=6,
                                                     start=_month_start(day, -1).replace(day=5), payment_day=5,
                                                     today=day)
                arrangements.make_arrangement_letter(uow(), landlord, arrangement_id=made.id, today=day)
            elif action == "close":  # the tenant moved out: the tenancy ends, the landlord closes the case
                tenancies.end_tenancy(uow(), landlord, tenancy_id=home.id, end_date=day, today=day)
                cases.close_case(uow(), landlord, case_id=case_id,
                                 reason="Huurder vertrokken; de vordering is overgedragen aan de deurwaarder",
                                 today=day)
            else:  # pragma: no cover - a typo in SCENARIOS
                raise ValueError(action)
        return run

    first_month = _month_start(today, 24)
    for home in homes:
        at(home.start, register(home))
        july = dt.date(home.start.year, 7, 1)
        rent = home.rent
        while july <= today:
            if july > home.start:
                rent = _cents(rent * (1 + RENT_INCREASE))
                home.rent_changes.append((july, rent))
                at(july - dt.timedelta(days=45), raise_rent(home, july, rent))  # announced well before 1 July
            july = dt.date(july.year + 1, 7, 1)
        scenario = home.scenario or {}
        missed_from = _month_start(today, scenario["missed"]) if "missed" in scenario else None
        resumes = _month_start(today, scenario["resumes"]) if "resumes" in scenario else None
        owed = Decimal(0)
        due = home.start
        while due <= today:
            rent_due = home.rent_on(due)
            skipped = missed_from is not None and due >= missed_from and (resumes is None or due < resumes)
            if skipped:
                owed += rent_due
            else:
                if home.late_payer and rng.random() < 0.25:
                    paid_on = due + dt.timedelta(days=rng.randint(12, 20))
                else:
                    paid_on = max(home.start, due - dt.timedelta(days=rng.randint(0, 4)))
                extra = Decimal(0)
                if owed and scenario.get("catch_up"):
                    extra, owed = owed, Decimal(0)  # paid off in one go: the case closes by itself
                elif owed and resumes is not None:
                    extra = min(owed, _cents(owed / 6) + 1)  # the arrangement's instalment, with the rent
                    owed -= extra
                if paid_on <= today:
                    at(paid_on, pay(home, rent_due + extra, "Huur " + due.strftime("%m-%Y")))
            due = _month_start(due, -1)
        for offset, action in scenario.get("steps", []):
            assert missed_from is not None
            at(min(today, missed_from + dt.timedelta(days=offset)), step(home, action))
    month = first_month
    while month <= today:
        at(month.replace(day=10), monthly_refresh)
        month = _month_start(month, -1)

    events.sort(key=lambda event: (event[0], event[1]))
    say(f"{len(events)} gebeurtenissen vanaf {events[0][0].isoformat()} naspelen ...")
    for number, (day, _, action) in enumerate(events, start=1):
        action(day)
        if number % 250 == 0:
            say(f"  {number} van {len(events)}")
    monthly_refresh(today)

    open_cases = sum(len([c for c in cases.list_case_choices(uow(), landlord, today=today)
                          if not c.label.endswith("(gesloten)")]) for landlord in landlords.values())
    inbox = signals.list_inbox(uow(), liaison, page_size=100)
    documents = sum(len(letters.case_documents(uow(), landlords[h.landlord], case_id=h.case_id).documents)
                    for h in homes if h.case_id is not None)
    return DemoResult(logins=tuple(logins), tenancies=len(homes), payments=payments[0], cases_open=open_cases,
                      signals=inbox.total, documents=documents, today=today)
