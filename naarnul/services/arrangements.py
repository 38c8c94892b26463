"""Use cases of the Betalingsregeling page and the admin's norms page: one public function per use case, one unit
of work each (a read never commits, so a page render writes nothing), typed views out.

The steps themselves are naarnul.services.arrangement_making (inside the unit of work opened here); the stores are
store.arrangements (arrangements, scoped reads), store.norms (the admin's norms) and store.settings; the letter is
made by naarnul.services.letter_making and the case's next step refreshed by naarnul.services.refresh. The rules are
naarnul.arrangement, naarnul.arrangement.fourteen_day_letter and naarnul.calendar (the 14-day term).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from naarnul.arrangement import ArrangementSettings
from naarnul.errors import NaarNulError
from naarnul.services import arrangement_making as making
from naarnul.services import custom_solutions as solution_service
from naarnul.services import form_questions, letter_making
from naarnul.services.refresh import refresh_next_step
from naarnul.users import ActingUser
from store import arrangements as arrangement_store
from store import norms as norm_store
from store import settings as settings_store
from store.unit_of_work import UnitOfWork

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _view(cls, data: dict, **nested: Any):
    """`cls` from the keys of `data` that are its fields (nested views given by keyword)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{**{k: v for k, v in data.items() if k in names and k not in nested}, **nested})


# --- views ---------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseChoice:
    id: int
    tenancy_id: int
    address: str
    tenant_names: str
    opened_on: dt.date


@dataclass(frozen=True)
class InstalmentLine:
    number: int
    due_date: dt.date
    amount: Decimal


@dataclass(frozen=True)
class HelpContact:
    municipality: str
    name: str
    phone: str
    email: str
    website: str
    text: str  # one Dutch sentence for the tenant, with geldfit.nl


@dataclass(frozen=True)
class ArrangementView:
    id: int
    case_id: int
    status: str  # active / replaced / ended / completed
    status_label: str
    replaces_id: int | None
    valid_from: dt.date
    created_on: dt.date
    start_date: dt.date
    payment_day: int
    total: Decimal
    costs: Decimal
    schedule: tuple[InstalmentLine, ...]
    count: int
    end_date: dt.date | None
    ended_on: dt.date | None
    end_reason: str


@dataclass(frozen=True)
class CaseOverview:
    case_id: int
    status: str
    address: str
    monthly_rent: Decimal
    due_day: int
    arrears: Decimal
    arrears_months: int
    open_charges: tuple[tuple[str, Decimal], ...]
    help: HelpContact
    costs_allowed: bool
    costs_reason: str  # Dutch: why costs may or may not be added
    costs: Decimal
    arrangements: tuple[ArrangementView, ...]  # newest first
    signal_sent: bool

    @property
    def active(self) -> ArrangementView | None:
        return next((a for a in self.arrangements if a.status == "active"), None)


@dataclass(frozen=True)
class Affordability:
    checked: bool
    ok: bool | None
    message: str
    protected_income: Decimal | None
    figures_date: dt.date | None
    source: str


@dataclass(frozen=True)
class Advice:
    refer: bool
    reason: str
    months_needed: int | None
    help: HelpContact


@dataclass(frozen=True)
class Proposal:
    case_id: int
    address: str
    arrears: Decimal
    costs: Decimal
    total: Decimal
    monthly_rent: Decimal
    open_charges: tuple[tuple[str, Decimal], ...]
    schedule: tuple[InstalmentLine, ...]
    count: int
    first_date: dt.date
    end_date: dt.date
    regular_amount: Decimal
    payment_day: int
    warnings: tuple[str, ...]
    affordability: Affordability
    advice: Advice
    costs_allowed: bool
    costs_reason: str


@dataclass(frozen=True)
class InstalmentState:
    number: int
    due_date: dt.date
    amount: Decimal
    paid: Decimal
    paid_on: dt.date | None
    state: str  # paid / late / partly_paid / missed / open
    label: str


@dataclass(frozen=True)
class FollowUp:
    action: str  # none / reminder / offer_end / completed
    message: str
    new_date: dt.date | None
    missed: tuple[int, ...]
    amount_due: Decimal


@dataclass(frozen=True)
class WordingCheck:
    ok: bool
    verdict: str
    findings: tuple[str, ...]


@dataclass(frozen=True)
class ArrangementStatus:
    arrangement: ArrangementView
    paid: Decimal
    outstanding: Decimal
    instalments: tuple[InstalmentState, ...]
    follow_up: FollowUp
    reminder_text: str
    reminder_check: WordingCheck
    help: HelpContact


@dataclass(frozen=True)
class LetterFile:
    id: int
    filename: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    mime: str


@dataclass(frozen=True)
class ArrangementPage:
    """Everything the Betalingsregeling page shows in one run, read in one transaction."""

    cases: tuple[CaseChoice, ...]  # the open cases
    case_id: int | None  # the case chosen (the one asked for when it is open, else the first)
    overview: CaseOverview | None
    status: ArrangementStatus | None  # of the running arrangement
    letters: tuple[LetterFile, ...]  # the case's arrangement letters, newest first
    solutions: Any  # naarnul.services.custom_solutions.SolutionsOverview
    proposal: Proposal | None = None  # the schedule for the choices of a new arrangement being filled in
    proposal_error: NaarNulError | None = None  # why those choices give no schedule (Dutch)
    questions: tuple[Any, ...] = ()  # the admin's extra questions of the arrangement form (with a proposal)


@dataclass(frozen=True)
class Norm:
    id: int
    household_type: str
    household_label: str
    valid_from: dt.date
    amount: Decimal
    source: str


# --- converting the store's rows -----------------------------------------------------------------------------------

def _lines(items: list[dict]) -> tuple[InstalmentLine, ...]:
    return tuple(InstalmentLine(i["number"], i["due_date"], i["amount"]) for i in items)


def _arrangement(data: dict) -> ArrangementView:
    return _view(ArrangementView, data, schedule=_lines(data["schedule"]))


def _help(data: dict) -> HelpContact:
    return _view(HelpContact, data)


def _proposal(data: dict) -> Proposal:
    advice = data["advice"]
    return _view(Proposal, data, open_charges=tuple(data["open_charges"]), schedule=_lines(data["schedule"]),
                 warnings=tuple(data["warnings"]), affordability=_view(Affordability, data["affordability"]),
                 advice=_view(Advice, advice, help=_help(advice["help"])))


def _settings(uow: UnitOfWork) -> ArrangementSettings:
    """The admin's arrangement settings (defaults where nothing was saved)."""
    return settings_store.load(uow.session, ArrangementSettings)


def _refresh_case(uow: UnitOfWork, actor: ActingUser, case_id: int, today: dt.date) -> None:
    """Let the case list see the arrangement (the case's next step)."""
    case, tenancy, arrears = making.case_arrears(uow.session, actor, case_id, today)
    refresh_next_step(uow.session, actor, case, tenancy, arrears, today)


# --- use cases -----------------------------------------------------------------------------------------------------

def open_cases(uow: UnitOfWork, actor: ActingUser) -> tuple[CaseChoice, ...]:
    with uow.reading():
        return tuple(_view(CaseChoice, c) for c in making.open_cases(uow.session, actor))


def _overview(data: dict) -> CaseOverview:
    return _view(CaseOverview, data, open_charges=tuple(data["open_charges"]), help=_help(data["help"]),
                 arrangements=tuple(_arrangement(a) for a in data["arrangements"]))


def _status(data: dict) -> ArrangementStatus:
    follow, check = data["follow_up"], data["reminder_check"]
    return ArrangementStatus(
        arrangement=_arrangement(data), paid=data["paid"], outstanding=data["outstanding"],
        instalments=tuple(_view(InstalmentState, i) for i in data["instalments"]),
        follow_up=_view(FollowUp, follow, missed=tuple(follow["missed"])),
        reminder_text=data["reminder_text"],
        reminder_check=WordingCheck(bool(check["ok"]), check["verdict"], tuple(check["findings"])),
        help=_help(data["help"]))


def arrangement_page(uow: UnitOfWork, actor: ActingUser, *, case_id: int | None, today: dt.date,
                     proposal: dict[str, Any] | None = None) -> ArrangementPage:
    """The Betalingsregeling page in one read: the open cases, and for the chosen one its overview, the running
    arrangement's status and letters, and its custom solutions; with `proposal` (the choices of
    `propose_arrangement` but case and today; payment_day None: the rent's due day) also the schedule and advice
    for them, or the Dutch error, and the form's extra questions. A constant number of statements (eight, one more
    with a proposal and one more when it checks an income), whatever the number of tenancies; a completed
    arrangement is shown as completed, never recorded (a render never writes)."""
    with uow.reading():
        session = uow.session
        rows = arrangement_store.open_case_choices(session, actor)
        cases = tuple(_view(CaseChoice, c) for c in rows)
        if not cases:
            return ArrangementPage((), None, None, None, (), None)
        chosen = next((c for c in cases if c.id == case_id), cases[0])
        data = making.page(session, actor, chosen.id, today,
                           names=next(r["names"] for r in rows if r["id"] == chosen.id),
                           settings_key=settings_store.key_of(ArrangementSettings),
                           settings_of=lambda value: settings_store.from_stored(ArrangementSettings, value),
                           proposal=proposal)
        questions = (form_questions.questions_in(session, actor, "arrangement")
                     if data["proposal"] is not None else ())
        solutions = solution_service.overview_from(  # inside: it reads the rows of this session
            case_id=chosen.id, monthly_rent_cents=data["tenancy"].monthly_rent_cents, rows=data["solutions"],
            letters={i: _Letter(i, d["filename"]) for i, d in data["documents"].items()}, lease=data["lease"],
            plain=data["plain_lease"], payments=data["payments"],
            arrangement_running=data["arrangement_running"], today=today)
    return ArrangementPage(cases, chosen.id, _overview(data["overview"]),
                           _status(data["status"]) if data["status"] is not None else None,
                           tuple(_view(LetterFile, d) for d in data["letters"]), solutions,
                           _proposal(data["proposal"]) if data["proposal"] is not None else None,
                           data["proposal_error"], questions)


@dataclass(frozen=True)
class _Letter:
    id: int
    filename: str


def case_overview(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date) -> CaseOverview:
    """Arrears, rent, help, whether costs may be added (the 14-day letter's stored facts) and the arrangements."""
    with uow.reading():
        data = making.case_overview(uow.session, actor, case_id, today)
    return _view(CaseOverview, data, open_charges=tuple(data["open_charges"]), help=_help(data["help"]),
                 arrangements=tuple(_arrangement(a) for a in data["arrangements"]))


def propose_arrangement(uow: UnitOfWork, actor: ActingUser, *, case_id: int, instalment: str | None,
                        months: int | None, start: dt.date, payment_day: int, today: dt.date,
                        household_type: str | None = None, net_income: str | None = None,
                        other_creditors: bool = False, with_costs: bool = False) -> Proposal:
    """The schedule and the advice for these choices; nothing is saved."""
    with uow:
        data = making.propose(uow.session, actor, case_id, instalment=instalment, months=months,
                                         start=start, payment_day=payment_day, today=today,
                                         household_type=household_type, net_income=net_income,
                                         other_creditors=other_creditors, with_costs=with_costs,
                                         settings=_settings(uow))
    return _proposal(data)


def make_arrangement(uow: UnitOfWork, actor: ActingUser, *, case_id: int, instalment: str | None,
                     months: int | None, start: dt.date, payment_day: int, today: dt.date,
                     household_type: str | None = None, net_income: str | None = None,
                     other_creditors: bool = False, with_costs: bool = False,
                     answers: dict | None = None) -> ArrangementView:
    """Save the arrangement on the case (one running arrangement per case) and refresh the case's next step.
    `answers`: to the admin's extra questions on this form (naarnul.services.form_questions), stored with it."""
    with uow:
        form_questions.record_answers(uow.session, actor, case_id, "arrangement", answers, today)
        row = making.create(uow.session, actor, case_id, instalment=instalment, months=months,
                                       start=start, payment_day=payment_day, today=today,
                                       household_type=household_type, net_income=net_income,
                                       other_creditors=other_creditors, with_costs=with_costs,
                                       settings=_settings(uow))
        assert row.id is not None
        _refresh_case(uow, actor, row.case_id, today)
        view = _arrangement(making.get(uow.session, actor, row.id))
        uow.commit()
    return view


def arrangement_status(uow: UnitOfWork, actor: ActingUser, *, arrangement_id: int,
                       today: dt.date) -> ArrangementStatus:
    """Per instalment paid / late / missed / open, and the next step for the landlord. A read: nothing is saved."""
    with uow:
        data = making.status(uow.session, actor, arrangement_id, today, settings=_settings(uow))
    return _status(data)


def record_reminder(uow: UnitOfWork, actor: ActingUser, *, arrangement_id: int, new_date: dt.date,
                    today: dt.date) -> None:
    with uow:
        making.record_reminder(uow.session, actor, arrangement_id, new_date=new_date, today=today)
        uow.commit()


def change_arrangement(uow: UnitOfWork, actor: ActingUser, *, arrangement_id: int, from_date: dt.date,
                       new_instalment: str | None, pause_months: int, today: dt.date) -> ArrangementView:
    with uow:
        row = making.change(uow.session, actor, arrangement_id, from_date,
                                       new_instalment=new_instalment, pause_months=pause_months, today=today,
                                       settings=_settings(uow))
        assert row.id is not None
        view = _arrangement(making.get(uow.session, actor, row.id))
        uow.commit()
    return view


def end_arrangement(uow: UnitOfWork, actor: ActingUser, *, arrangement_id: int, reason: str,
                    today: dt.date) -> None:
    with uow:
        row = making.end(uow.session, actor, arrangement_id, reason, today)
        _refresh_case(uow, actor, row.case_id, today)
        uow.commit()


def make_arrangement_letter(uow: UnitOfWork, actor: ActingUser, *, arrangement_id: int, today: dt.date,
                            signal_offer: bool = False, confirm_wording: bool = False) -> LetterFile:
    """The arrangement letter (template "arrangement") for the running arrangement, kept on the case."""
    with uow:
        row = making.active_for_letter(uow.session, actor, arrangement_id)
        document = letter_making.generate_for_case(uow.session, actor, row.case_id, "arrangement",
                                                   {"signal_offer": bool(signal_offer)}, today,
                                                   confirm_wording=confirm_wording)
        assert document.id is not None
        making.record_letter(uow.session, actor, arrangement_id, document.id, document.filename)
        letter = LetterFile(document.id, document.filename, document.created_at)
        uow.commit()
    return letter


def arrangement_letters(uow: UnitOfWork, actor: ActingUser, *, case_id: int) -> tuple[LetterFile, ...]:
    """The arrangement letters of the case, newest first."""
    with uow:
        return tuple(_view(LetterFile, d) for d in arrangement_store.letters_of_case(uow.session, actor, case_id))


def letter_download(uow: UnitOfWork, actor: ActingUser, *, document_id: int) -> Download:
    with uow:
        filename, content = arrangement_store.letter_bytes(uow.session, actor, document_id)
    return Download(filename, content, DOCX)


def list_norms(uow: UnitOfWork, actor: ActingUser) -> tuple[Norm, ...]:
    with uow.reading():
        return tuple(_view(Norm, n) for n in norm_store.list_norms(uow.session, actor))


def add_norm(uow: UnitOfWork, admin: ActingUser, *, household_type: str, valid_from: dt.date, amount: str,
             source: str) -> None:
    """A protected-income norm from a date; the amount is typed in Dutch (1.234,56)."""
    with uow:
        norm_store.add_norm(uow.session, admin, household_type, valid_from, amount, source)
        uow.commit()


def delete_norm(uow: UnitOfWork, admin: ActingUser, *, norm_id: int) -> None:
    with uow:
        norm_store.delete_norm(uow.session, admin, norm_id)
        uow.commit()
