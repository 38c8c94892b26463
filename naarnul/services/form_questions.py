"""Use cases of the extra questions on the landlord's case forms (issue 16): the admin's table per form, the questions
a landlord's form shows, and storing the answers with the case inside the form's own unit of work.

`record_answers(session, …)` is the session-level helper the form's use case calls (naarnul.services.cases for the
signal and the written reminder, naarnul.services.arrangements for the arrangement): the answers are validated
first and stored in the same transaction as the action, so a refused action or a wrong answer saves nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session

from naarnul import form_questions as rules
from naarnul.errors import ValidationError
from naarnul.form_questions import FORMS, TYPES, Answer, Question
from naarnul.users import ActingUser
from store import form_questions as question_store
from store.unit_of_work import UnitOfWork

__all__ = ["FORMS", "TYPES", "Answer", "Question", "case_answers", "list_form_questions", "questions_for_form",
           "record_answers", "save_form_questions"]


def _question(row: dict) -> Question:
    return Question(key=row["key"], label=row["label"], type=row["type"], required=bool(row["required"]),
                    help=row["help"], choices=tuple(row["choices"]))


def _check_form(form: str) -> None:
    if form not in FORMS:
        raise ValidationError(f"Onbekend formulier '{form}'. Kies een van: {', '.join(FORMS.values())}.")


def list_form_questions(uow: UnitOfWork, admin: ActingUser, *, form: str) -> tuple[Question, ...]:
    """The questions of one form, for the admin's table."""
    _check_form(form)
    with uow.reading():
        question_store.require_admin(admin)
        rows = question_store.list_questions(uow.session, admin, form)
    return tuple(_question(row) for row in rows)


def save_form_questions(uow: UnitOfWork, admin: ActingUser, *, form: str, rows: list[dict]) -> tuple[Question, ...]:
    """Replace the questions of `form` by the admin's table (rows: key, label, type, required, help, choices);
    ValidationError with every problem, and then nothing changes."""
    _check_form(form)
    with uow:
        question_store.require_admin(admin)
        taken = {row["key"]: row["form"] for row in question_store.list_questions(uow.session, admin)
                 if row["form"] != form}
        questions = rules.parse_questions(form, rows, taken=taken)
        question_store.replace_questions(uow.session, admin, form, [dataclasses.asdict(q) for q in questions])
        uow.commit()
    return questions


def questions_for_form(uow: UnitOfWork, actor: ActingUser, *, form: str) -> tuple[Question, ...]:
    """The questions a landlord's form shows (empty when the admin added none)."""
    with uow.reading():
        return questions_in(uow.session, actor, form)


def questions_in(session: Session, actor: ActingUser, form: str) -> tuple[Question, ...]:
    """As `questions_for_form`, inside another read's transaction (a page read in one)."""
    _check_form(form)
    return tuple(_question(row) for row in question_store.list_questions(session, actor, form))


def record_answers(session: Session, actor: ActingUser, case_id: int, form: str, values: dict | None,
                   today: dt.date) -> tuple[Answer, ...]:
    """Validate the answers to `form`'s questions (ValidationError in Dutch) and store them with the landlord's own
    case, in the caller's transaction. Without questions on the form nothing is stored."""
    _check_form(form)
    questions = tuple(_question(row) for row in question_store.list_questions(session, actor, form))
    if not questions and not values:
        return ()
    answers = rules.validate_answers(questions, values, today=today)
    question_store.save_answers(session, actor, case_id, form, [dataclasses.asdict(a) for a in answers], today)
    return answers


def case_answers(uow: UnitOfWork, actor: ActingUser, *, case_id: int) -> tuple[Answer, ...]:
    """The answers stored with the landlord's own case (NotFound for anyone else's case)."""
    with uow.reading():
        rows = question_store.case_answers(uow.session, actor, case_id)
    return tuple(Answer(row["key"], row["label"], row["type"], row["value"]) for row in rows)
