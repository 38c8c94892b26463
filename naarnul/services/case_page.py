"""The Dossier page (pages/landlord/case.py) in one read: the cases to choose from and everything the page and its
tabs show about the chosen one, in one transaction of a few statements whatever the size of the portfolio.

A read: the guide, the arrears and the summons window are computed for `today`; nothing is refreshed or written.
The store reads several kinds of rows per statement (store.cases.dossier_*: joins and UNION ALL); the rules are the
same ones the separate use cases apply (naarnul.services.cases.show_case, signal_delivery.deliveries_of_case and
route_for_case, form_questions, evidence.summons_info), so the page shows what they would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from naarnul import covenant, evidence
from naarnul import signal_sending as sending_rules
from naarnul.form_questions import FORMS, Answer, Question
from naarnul.services import signal_delivery
from naarnul.services.cases import CaseChoice, CaseView, case_view
from naarnul.users import ActingUser
from store import cases as case_store
from store import form_questions as question_store
from store import settings as settings_store
from store import tenancies as tenancy_store
from store.models import Signal, SignalDelivery
from store.unit_of_work import UnitOfWork

OPEN_CHOICES, CLOSED_CHOICES = 200, 50  # as naarnul.services.cases.list_case_choices


@dataclass(frozen=True)
class CasePage:
    """Everything the Dossier shows; `view` is None when the landlord has no case yet."""

    choices: tuple[CaseChoice, ...]
    view: CaseView | None
    deliveries: tuple[signal_delivery.DeliveryLine, ...] = ()  # how each signal reached the municipality
    route: sending_rules.Route | None = None  # where a signal would go today
    answers: tuple[Answer, ...] = ()  # to the extra questions, stored with the case
    questions: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)  # per form
    summons: str = ""  # the expected summons window after the first signal ("" without a signal)

    @property
    def case_id(self) -> int | None:
        return self.view.case_id if self.view else None

    def questions_for(self, form: str) -> tuple[Question, ...]:
        return self.questions.get(form, ())


def _question(row: dict) -> Question:
    return Question(key=row["key"], label=row["label"], type=row["type"], required=bool(row["required"]),
                    help=row["help"], choices=tuple(row["choices"]))


def _delivery_line(signal: Signal, delivery: SignalDelivery, municipality_name: str,
                   home: str) -> signal_delivery.DeliveryLine:
    """As signal_delivery.deliveries_of_case makes each line."""
    return signal_delivery.DeliveryLine(
        signal_id=signal.id or 0, case_id=signal.case_id, reference=signal.reference, prepared_on=signal.sent_on,
        channel=delivery.channel, address=delivery.address, delivered_on=delivery.delivered_on,
        municipality_name=municipality_name, tenant_names=signal.tenant_names, home=home, urgent=signal.urgent,
        sentence=sending_rules.delivery_line(delivery.channel, delivery.address, delivery.delivered_on,
                                             municipality_name=municipality_name, prepared_on=signal.sent_on),
        how_to_send=sending_rules.how_to_send(delivery.channel, delivery.address))


def case_page(uow: UnitOfWork, actor: ActingUser, *, case_id: int | None, today: dt.date) -> CasePage:
    """The Dossier for `case_id` (one of the landlord's choices; otherwise the first choice)."""
    with uow.reading():
        session = uow.session
        listed = case_store.dossier_choices(session, actor, open_limit=OPEN_CHOICES, closed_limit=CLOSED_CHOICES)
        choices = tuple(CaseChoice(c.case.id or 0, f"{tenancy_store.address_line(c.tenancy)} – "
                                   f"{', '.join(c.tenant_names)}" + (" (gesloten)" if c.case.status == "closed"
                                                                     else ""))
                        for c in listed)
        if not listed:
            return CasePage(choices=(), view=None)
        chosen = next((c for c in listed if c.case.id == case_id), listed[0])
        case, tenancy = chosen.case, chosen.tenancy
        head = case_store.dossier_head(session, actor, case, tenancy)
        settings = settings_store.load_many(session, covenant.CovenantSettings, evidence.EvidenceSettings)
        money = case_store.dossier_money(session, actor, case, tenancy)
        signals = case_store.dossier_signals(session, actor, case)
        events = case_store.timeline_of(session, actor, case)
        question_rows, answer_rows = question_store.questions_and_answers(session, actor, case)
        # inside the transaction: its rollback at the end expires the rows
        covenant_settings = settings[covenant.CovenantSettings]
        evidence_settings = settings[evidence.EvidenceSettings]
        assert isinstance(covenant_settings, covenant.CovenantSettings)
        assert isinstance(evidence_settings, evidence.EvidenceSettings)
        record = case_store.dossier_record(case, tenancy, head, money, signals)
        view = case_view(case, tenancy, ", ".join(chosen.tenant_names), money.lease, list(money.payments), record,
                         covenant_settings, events, today)
        home = " ".join(p for p in (tenancy.street, tenancy.house_number, tenancy.house_number_addition) if p) \
            + f", {tenancy.place}"
        deliveries = tuple(_delivery_line(s.signal, s.delivery, s.municipality_name, home)
                           for s in signals if s.delivery is not None)
        channel, municipality = head.channel, head.municipality
        route = sending_rules.route(municipality.name, channel.channel if channel else None,
                                    has_liaison=head.has_liaison, email=channel.email if channel else "",
                                    url=channel.url if channel else "", help_email=municipality.help_email,
                                    help_website=municipality.help_website)
        first_signal = signals[0].signal.sent_on if signals else None
        window = evidence.summons_window(first_signal, evidence_settings)
        questions = {form: tuple(_question(row) for row in question_rows if row["form"] == form) for form in FORMS}
        return CasePage(
            choices=choices, view=view, deliveries=deliveries, route=route,
            answers=tuple(Answer(row["key"], row["label"], row["type"], row["value"]) for row in answer_rows),
            questions=questions, summons=window.sentence(today) if window else "")

