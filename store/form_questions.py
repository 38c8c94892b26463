"""Extra questions on the landlord's case forms and their answers per case (issue 16).

The admin replaces the questions of one form at once (the rows of the table, in order); any signed-in user reads
them (a landlord's form shows them). Answers are written and read only for the acting landlord's own cases: the
case is looked up with `landlord_id == actor.id` in SQL, and every answer row carries the landlord too.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Date, cast, false, literal, null, union_all
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, delete, select

from naarnul import access
from naarnul.errors import NotAllowed, NotFound
from naarnul.users import ActingUser, Role
from store import audit
from store.models import Case, FormAnswer, FormQuestion, utcnow


def require_admin(actor: ActingUser | None) -> None:
    if actor is None or not actor.is_admin:
        raise NotAllowed(access.ADMIN_ONLY_FORM_QUESTIONS)


def _require_user(actor: ActingUser | None) -> None:
    if actor is None:
        raise NotAllowed(access.LANDLORD_ONLY_CASES)


def _require_landlord(actor: ActingUser | None) -> None:
    if actor is None or actor.role != Role.LANDLORD:
        raise NotAllowed(access.LANDLORD_ONLY_CASES)


def _plain(row: FormQuestion) -> dict:
    return {"form": row.form, "key": row.key, "label": row.label, "type": row.type, "required": row.required,
            "help": row.help, "choices": list(json.loads(row.choices or "[]"))}


def list_questions(session: Session, actor: ActingUser | None, form: str | None = None) -> list[dict]:
    """The questions of `form` (all forms when None) in their order, as plain dicts."""
    _require_user(actor)
    query = select(FormQuestion).order_by(col(FormQuestion.form), col(FormQuestion.position), col(FormQuestion.id))
    if form is not None:
        query = query.where(col(FormQuestion.form) == form)
    return [_plain(row) for row in session.exec(query)]


def replace_questions(session: Session, admin: ActingUser, form: str, questions: list[dict]) -> None:
    """The questions of `form` become exactly `questions` (dicts: key, label, type, required, help, choices)."""
    require_admin(admin)
    before = [q["key"] for q in list_questions(session, admin, form)]
    session.exec(delete(FormQuestion).where(col(FormQuestion.form) == form))  # type: ignore[call-overload]
    session.flush()
    for position, question in enumerate(questions):
        session.add(FormQuestion(form=form, position=position, key=question["key"], label=question["label"],
                                 type=question["type"], required=bool(question["required"]), help=question["help"],
                                 choices=json.dumps(list(question["choices"]), ensure_ascii=False),
                                 updated_by=admin.id, updated_at=utcnow()))
    session.flush()
    after = [q["key"] for q in questions]
    audit.record(session, admin, "form_questions.saved", "form_question", form,
                 summary=f"form {form}: {len(after)} question(s)", detail={"form": form, "before": before,
                                                                          "after": after})


def _own_case(session: Session, actor: ActingUser, case_id: int) -> Case:
    _require_landlord(actor)
    case = session.exec(select(Case).where(col(Case.id) == case_id, col(Case.landlord_id) == actor.id)).first()
    if case is None:
        raise NotFound(access.CASE_NOT_FOUND)
    return case


def save_answers(session: Session, actor: ActingUser, case_id: int, form: str, answers: list[dict],
                 today: dt.date) -> None:
    """Store the answers (dicts: key, label, type, value) with the landlord's own case; an answer to the same key
    replaces the earlier one. The caller's unit of work commits them together with the form's action."""
    case = _own_case(session, actor, case_id)
    if not answers:
        return
    existing = {row.key: row for row in session.exec(select(FormAnswer).where(
        col(FormAnswer.landlord_id) == actor.id, col(FormAnswer.case_id) == case.id,
        col(FormAnswer.key).in_([a["key"] for a in answers])))}
    for answer in answers:
        row = existing.get(answer["key"]) or FormAnswer(landlord_id=actor.id, case_id=case_id, form=form,
                                                        key=answer["key"], label=answer["label"],
                                                        type=answer["type"], value="", answered_on=today)
        row.form, row.label, row.type, row.value = form, answer["label"], answer["type"], answer["value"]
        row.answered_on, row.updated_at = today, utcnow()
        session.add(row)
    session.flush()
    audit.record(session, actor, "form_answers.saved", "case", case_id, landlord_id=actor.id, case_id=case_id,
                 summary=f"{len(answers)} answer(s) on form {form}",
                 detail={"form": form, "keys": [a["key"] for a in answers]})


def case_answers(session: Session, actor: ActingUser, case_id: int) -> list[dict]:
    """The answers of the landlord's own case (dicts: form, key, label, type, value, answered_on), oldest first."""
    case = _own_case(session, actor, case_id)
    return [{"form": row.form, "key": row.key, "label": row.label, "type": row.type, "value": row.value,
             "answered_on": row.answered_on}
            for row in session.exec(select(FormAnswer).where(col(FormAnswer.landlord_id) == actor.id,
                                                             col(FormAnswer.case_id) == case.id)
                                    .order_by(col(FormAnswer.id)))]


def questions_and_answers(session: Session, actor: ActingUser, case: Case) -> tuple[list[dict], list[dict]]:
    """(every form's questions as `list_questions`, the answers of the landlord's own case `case` — already read
    with `landlord_id == actor.id` — as `case_answers`) in one statement (UNION ALL in one row shape)."""
    _require_landlord(actor)
    if case.landlord_id != actor.id:
        raise NotFound(access.CASE_NOT_FOUND)
    questions: Any = select_columns(literal("question").label("part"), col(FormQuestion.id).label("id"),
                       col(FormQuestion.form).label("form"), col(FormQuestion.position).label("position"),
                       col(FormQuestion.key).label("key"), col(FormQuestion.label).label("label"),
                       col(FormQuestion.type).label("type"), col(FormQuestion.required).label("required"),
                       col(FormQuestion.help).label("text"), col(FormQuestion.choices).label("choices"),
                       cast(null(), Date).label("answered_on"))
    answers = select_columns(literal("answer"), col(FormAnswer.id), col(FormAnswer.form), literal(0), col(FormAnswer.key),
                     col(FormAnswer.label), col(FormAnswer.type), false(), col(FormAnswer.value), literal("[]"),
                     col(FormAnswer.answered_on)) \
        .where(col(FormAnswer.landlord_id) == actor.id, col(FormAnswer.case_id) == case.id)
    rows = list(session.execute(union_all(questions, answers)))
    asked = sorted((r for r in rows if r.part == "question"), key=lambda r: (r.form, r.position, r.id))
    given = sorted((r for r in rows if r.part == "answer"), key=lambda r: r.id)
    return ([{"form": r.form, "key": r.key, "label": r.label, "type": r.type, "required": bool(r.required),
              "help": r.text, "choices": list(json.loads(r.choices or "[]"))} for r in asked],
            [{"form": r.form, "key": r.key, "label": r.label, "type": r.type, "value": r.text,
              "answered_on": r.answered_on} for r in given])
