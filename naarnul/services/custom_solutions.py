"""Use cases of the custom solutions (maatwerk) on the Betalingsregeling page: record a deferral of payment, a
temporary rent reduction or a waived rent increase; end one; make and download its letter (template
`custom_solution`). One public function = one use case = one unit of work; a read never commits.

The rules are naarnul.arrangement.custom_solutions (what each changes in the ledger, what a landlord may type), the
rows store.custom_solutions; after each change the tenancy's arrears snapshot and the case's next step are recomputed
(naarnul.services.refresh), so every list sees what is now due.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from naarnul import ledger
from naarnul.arrangement import custom_solutions as rules
from naarnul.documents.context import month_names
from naarnul.errors import ValidationError
from naarnul.formatting import format_date, format_money, format_month
from naarnul.money import parse_form_amount
from naarnul.services import letter_making
from naarnul.services.refresh import refresh_arrears
from naarnul.users import ActingUser
from store import custom_solutions as store
from store import documents as document_store
from store import scope
from store.models import CustomSolution
from store.unit_of_work import UnitOfWork

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATE = "custom_solution"
LETTER_KINDS = {rules.DEFERRAL: "uitstel", rules.REDUCTION: "huurverlaging",
                rules.WAIVED_INCREASE: "geen huurverhoging"}
NOTE_TOO_LONG = "De toelichting is te lang (hoogstens {limit} tekens)."
ALREADY_ENDED = "Deze oplossing is al gestopt."


@dataclass(frozen=True)
class SolutionView:
    id: int
    kind: str
    kind_label: str
    description: str  # Dutch, one line
    created_on: dt.date
    in_force: bool
    ended_on: dt.date | None
    note: str
    letter_id: int | None
    letter_filename: str


@dataclass(frozen=True)
class OpenMonth:
    due_date: dt.date  # the original due date of the charge (what a deferral names)
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Increase:
    effective_from: dt.date
    before: Decimal
    after: Decimal

    @property
    def label(self) -> str:
        return (f"{format_date(self.effective_from)}: van {format_money(self.before)} naar "
                f"{format_money(self.after)}")


@dataclass(frozen=True)
class SolutionsOverview:
    case_id: int
    monthly_rent: Decimal
    solutions: tuple[SolutionView, ...]  # newest first
    open_months: tuple[OpenMonth, ...]
    increases: tuple[Increase, ...]
    arrangement_running: bool


@dataclass(frozen=True)
class LetterFile:
    id: int
    filename: str


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes
    mime: str


# --- helpers inside the unit of work ---------------------------------------------------------------------------------

def _clean_note(note: str | None) -> str:
    text = (note or "").strip()
    if len(text) > store.NOTE_MAX:
        raise ValidationError(NOTE_TOO_LONG.format(limit=store.NOTE_MAX))
    return text


def _rule(row: CustomSolution):
    rule = scope.solution_rule(row)
    assert rule is not None
    return rule


def _view(session, actor: ActingUser, row: CustomSolution, lease: ledger.Lease) -> SolutionView:
    return _view_with(row, lease, store.letter_of(session, actor, row))


def _view_with(row: CustomSolution, lease: ledger.Lease, letter) -> SolutionView:
    """The view of one solution whose letter (a Document or anything with .id and .filename, or None) is read."""
    assert row.id is not None
    return SolutionView(id=row.id, kind=row.kind, kind_label=rules.KIND_LABELS.get(row.kind, row.kind),
                        description=rules.describe(_rule(row), lease), created_on=row.created_on,
                        in_force=row.ended_on is None, ended_on=row.ended_on, note=row.note,
                        letter_id=letter.id if letter else None, letter_filename=letter.filename if letter else "")


def _open_months(lease: ledger.Lease, payments: list[ledger.Payment], today: dt.date) -> list[OpenMonth]:
    charges = ledger.rent_charges(lease, today)
    origin = {(c.due_date, c.month): c.original_due_date or c.due_date for c in charges}
    return [OpenMonth(origin.get((item.due_date, item.month), item.due_date), item.label, item.open)
            for item in ledger.arrears(charges, payments, today).open_charges]


def _running(session, actor: ActingUser, case_id: int) -> rules.RunningArrangement | None:
    row = store.running_arrangement(session, actor, case_id)
    return rules.RunningArrangement(row.valid_from) if row is not None else None


def _after_change(session, actor: ActingUser, tenancy_id: int, today: dt.date) -> None:
    """What is due changed: recompute the arrears snapshot, open/close and the next step of the case."""
    session.flush()
    refresh_arrears(session, actor, today, [tenancy_id], force=True)


def _open_case(session, actor: ActingUser, case_id: int):
    case = store.get_case(session, actor, case_id)
    if case.status != "open":
        raise ValidationError("Deze zaak is gesloten. Een oplossing vastleggen kan alleen bij een open zaak.")
    return case, store.get_tenancy(session, actor, case.tenancy_id)


# --- use cases -----------------------------------------------------------------------------------------------------

def overview(uow: UnitOfWork, actor: ActingUser, *, case_id: int, today: dt.date) -> SolutionsOverview:
    """The recorded custom solutions of the case, the open months a deferral may name and the rent increases a
    waiver may name. A read: nothing is saved."""
    with uow.reading():
        session = uow.session
        case = store.get_case(session, actor, case_id)
        tenancy = store.get_tenancy(session, actor, case.tenancy_id)
        lease, payments = store.ledger_inputs(session, tenancy)
        plain = store.plain_lease(session, tenancy)
        solutions = tuple(_view(session, actor, row, plain) for row in reversed(store.of_case(session, actor, case_id)))
        increases = tuple(Increase(*item) for item in rules.increases(plain))
        assert case.id is not None
        return SolutionsOverview(case_id=case.id, monthly_rent=ledger.from_cents(tenancy.monthly_rent_cents),
                                 solutions=solutions, open_months=tuple(_open_months(lease, payments, today)),
                                 increases=increases,
                                 arrangement_running=store.running_arrangement(session, actor, case.id) is not None)


def overview_from(*, case_id: int, monthly_rent_cents: int, rows: list[CustomSolution], letters: dict,
                  lease: ledger.Lease, plain: ledger.Lease, payments: list[ledger.Payment], arrangement_running: bool,
                  today: dt.date) -> SolutionsOverview:
    """As `overview`, from what another read of the case already holds: the case's solutions (oldest first), their
    letters by document id, the lease with and without the solutions, the payments."""
    return SolutionsOverview(
        case_id=case_id, monthly_rent=ledger.from_cents(monthly_rent_cents),
        solutions=tuple(_view_with(row, plain, letters.get(row.document_id)) for row in reversed(rows)),
        open_months=tuple(_open_months(lease, payments, today)),
        increases=tuple(Increase(*item) for item in rules.increases(plain)), arrangement_running=arrangement_running)


def record_deferral(uow: UnitOfWork, actor: ActingUser, *, case_id: int, due_dates: list[dt.date],
                    until: dt.date | None, today: dt.date, note: str = "") -> SolutionView:
    """A deferral of payment for open months until a date: those months fall due on that date instead."""
    with uow:
        session = uow.session
        case, tenancy = _open_case(session, actor, case_id)
        clean_note = _clean_note(note)
        lease, payments = store.ledger_inputs(session, tenancy)
        months = _open_months(lease, payments, today)
        existing = [r for r in map(scope.solution_rule, store.in_force_of_tenancy(session, actor, tenancy.id or 0))
                    if isinstance(r, rules.Deferral)]
        deferral = rules.check_deferral(due_dates, until, open_due_dates=[m.due_date for m in months], today=today,
                                        existing=existing, arrangement=_running(session, actor, case_id))
        amount = sum((m.amount for m in months if m.due_date in deferral.due_dates), Decimal("0.00"))
        row = store.add(session, actor, case, kind=rules.DEFERRAL, today=today, end_date=deferral.until,
                        months=deferral.due_dates, amount=amount, note=clean_note,
                        summary=f"Maatwerk: {rules.describe(deferral)} ({format_money(amount)})")
        _after_change(session, actor, case.tenancy_id, today)
        view = _view(session, actor, row, store.plain_lease(session, tenancy))
        uow.commit()
    return view


def record_reduction(uow: UnitOfWork, actor: ActingUser, *, case_id: int, first_month: dt.date | None,
                     last_month: dt.date | None, amount: str | None, today: dt.date, note: str = "") -> SolutionView:
    """A temporary rent reduction of `amount` (typed in Dutch: 100,00) per month, from a month to a month."""
    with uow:
        session = uow.session
        case, tenancy = _open_case(session, actor, case_id)
        problems: list[str] = []
        money = None
        try:
            money = parse_form_amount(amount, "De verlaging per maand")
        except ValidationError as error:
            problems += error.problems
        try:
            clean_note = _clean_note(note)
        except ValidationError as error:
            problems += error.problems
        plain = store.plain_lease(session, tenancy)
        existing = [r for r in map(scope.solution_rule, store.in_force_of_tenancy(session, actor, tenancy.id or 0))
                    if isinstance(r, rules.RentReduction)]
        try:
            reduction = rules.check_reduction(first_month, last_month, money, lease=plain, existing=existing,
                                              arrangement=_running(session, actor, case_id))
        except ValidationError as error:  # an amount that could not be read has its own message already
            problems += [p for p in error.problems if not (money is None and p.startswith("Vul de verlaging"))]
        if problems:
            raise ValidationError(problems)
        row = store.add(session, actor, case, kind=rules.REDUCTION, today=today, start_date=reduction.first_month,
                        end_date=reduction.last_month, amount=reduction.amount, note=clean_note,
                        summary=f"Maatwerk: {rules.describe(reduction)}")
        _after_change(session, actor, case.tenancy_id, today)
        view = _view(session, actor, row, plain)
        uow.commit()
    return view


def record_waived_increase(uow: UnitOfWork, actor: ActingUser, *, case_id: int, increase_from: dt.date | None,
                           waived_from: dt.date | None, today: dt.date, note: str = "") -> SolutionView:
    """Waiving the rent increase of `increase_from` from `waived_from` on: the old rent is charged."""
    with uow:
        session = uow.session
        case, tenancy = _open_case(session, actor, case_id)
        clean_note = _clean_note(note)
        plain = store.plain_lease(session, tenancy)
        existing = [r for r in map(scope.solution_rule, store.in_force_of_tenancy(session, actor, tenancy.id or 0))
                    if isinstance(r, rules.WaivedIncrease)]
        waiver = rules.check_waived_increase(increase_from, waived_from, lease=plain, existing=existing,
                                             arrangement=_running(session, actor, case_id))
        row = store.add(session, actor, case, kind=rules.WAIVED_INCREASE, today=today, start_date=waiver.waived_from,
                        increase_from=waiver.increase_from, note=clean_note,
                        summary=f"Maatwerk: {rules.describe(waiver, plain)}")
        _after_change(session, actor, case.tenancy_id, today)
        view = _view(session, actor, row, plain)
        uow.commit()
    return view


def end_solution(uow: UnitOfWork, actor: ActingUser, *, solution_id: int, today: dt.date) -> None:
    """Stop a custom solution: from now on the ledger charges as without it (for every month, also past ones)."""
    with uow:
        session = uow.session
        row = store.get_solution(session, actor, solution_id)
        if row.ended_on is not None:
            raise ValidationError(ALREADY_ENDED)
        tenancy = store.get_tenancy(session, actor, row.tenancy_id)
        store.end(session, actor, row, today,
                  summary=f"Maatwerk gestopt: {rules.describe(_rule(row), store.plain_lease(session, tenancy))}")
        _after_change(session, actor, row.tenancy_id, today)
        uow.commit()


def letter_values(row: CustomSolution, plain: ledger.Lease) -> dict[str, str]:
    """The extra fields of the `custom_solution` template for this solution (as a form would type them)."""
    values = {"solution_kind": LETTER_KINDS[row.kind], "solution_note": row.note}
    if row.kind == rules.DEFERRAL:
        months = [dt.date.fromisoformat(day) for day in json.loads(row.months or "[]")]
        values.update({"deferred_months": month_names(months),
                       "deferred_amount": str(ledger.from_cents(row.amount_cents or 0)),
                       "deferral_until": row.end_date.isoformat() if row.end_date else ""})
    elif row.kind == rules.REDUCTION:
        assert row.start_date is not None and row.end_date is not None
        amount = ledger.from_cents(row.amount_cents or 0)
        values.update({"first_month": format_month(row.start_date), "last_month": format_month(row.end_date),
                       "reduction_amount": str(amount), "reduced_rent": str(plain.rent_on(row.start_date) - amount)})
    else:
        assert row.increase_from is not None and row.start_date is not None
        values.update({"waived_increase_date": row.increase_from.isoformat(), "waived_from": row.start_date.isoformat(),
                       "kept_rent": str(plain.rent_on(row.increase_from - dt.timedelta(days=1)))})
    return values


def make_letter(uow: UnitOfWork, actor: ActingUser, *, solution_id: int, today: dt.date,
                confirm_wording: bool = False) -> LetterFile:
    """The letter that confirms the custom solution (template `custom_solution`), kept on the case.

    A deferral letter is made with the deferred months still counted as open (the letter is about them), so a
    deferral of every open month can still be confirmed in writing."""
    with uow:
        session = uow.session
        row = store.get_solution(session, actor, solution_id)
        if row.ended_on is not None:
            raise ValidationError(ALREADY_ENDED)
        tenancy = store.get_tenancy(session, actor, row.tenancy_id)
        values = letter_values(row, store.plain_lease(session, tenancy))
        if row.kind == rules.DEFERRAL:
            row.ended_on = today  # inside this transaction only: the letter's arrears include the deferred months
            session.add(row)
            session.flush()
        document = letter_making.generate_for_case(session, actor, row.case_id, TEMPLATE, values, today,
                                                   confirm_wording=confirm_wording)
        row.ended_on = None
        assert document.id is not None
        store.record_letter(session, actor, row, document.id)
        letter = LetterFile(document.id, document.filename)
        uow.commit()
    return letter


def letter_download(uow: UnitOfWork, actor: ActingUser, *, document_id: int) -> Download:
    with uow:
        store.require_landlord(actor)
        filename, content = document_store.document_bytes(uow.session, actor, document_id)
    return Download(filename, content, DOCX)
