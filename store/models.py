"""All tables of Naar Nul, in one module. Money is stored as integer cents; dates as dates.

Ownership columns (`landlord_id`, `municipality_code`) are on every table that holds user data, so each query can
filter in SQL without joins that are easy to forget.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import (
    BigInteger,  # money in cents (migration 0009)
    Column,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel, col


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Municipality(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=6)  # CBS code, e.g. GM0363
    name: str = Field(index=True, max_length=100)
    aliases: str = Field(default="", max_length=200)  # comma-separated, e.g. "Den Haag"
    help_name: str = Field(default="", max_length=200)
    help_phone: str = Field(default="", max_length=40)
    help_email: str = Field(default="", max_length=200)
    help_website: str = Field(default="", max_length=300)
    active: bool = True


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=60)
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=200)
    role: str = Field(index=True, max_length=20)
    municipality_code: Optional[str] = Field(default=None, foreign_key="municipality.code", max_length=6)
    password_hash: str = Field(max_length=100)
    failed_logins: int = 0
    locked_until: Optional[dt.datetime] = None
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow)


class LandlordProfile(SQLModel, table=True):
    user_id: int = Field(primary_key=True, foreign_key="user.id")
    name: str = Field(default="", max_length=200)
    contact_person: str = Field(default="", max_length=200)
    street: str = Field(default="", max_length=200)
    house_number: str = Field(default="", max_length=20)
    postcode: str = Field(default="", max_length=7)
    place: str = Field(default="", max_length=100)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)
    iban: str = Field(default="", max_length=42)
    contact_hours: str = Field(default="", max_length=200)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """Written by every change. With `case_id` set it is also a line on that case's timeline."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=60)
    record_type: str = Field(max_length=40)
    record_id: Optional[str] = Field(default=None, max_length=60)
    landlord_id: Optional[int] = Field(default=None, index=True)
    municipality_code: Optional[str] = Field(default=None, max_length=6, index=True)
    case_id: Optional[int] = Field(default=None, index=True)
    summary: str = Field(default="", max_length=500)  # Dutch, shown on the timeline
    detail: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))


class Setting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=80)
    value: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: Optional[int] = Field(default=None, foreign_key="user.id")


class Tenancy(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    street: str = Field(max_length=200)
    house_number: str = Field(max_length=10)
    house_number_addition: str = Field(default="", max_length=10)
    postcode: str = Field(max_length=7, index=True)
    place: str = Field(max_length=100)
    municipality_code: str = Field(foreign_key="municipality.code", max_length=6, index=True)
    monthly_rent_cents: int = Field(sa_type=BigInteger)  # cents: BigInteger (migration 0009), never overflows
    due_day: int = 1
    start_date: dt.date
    end_date: Optional[dt.date] = None
    tenant_is_company: bool = False
    payer_ibans: str = Field(default="", max_length=500)  # comma-separated IBANs that pay this rent
    created_at: dt.datetime = Field(default_factory=utcnow)
    # arrears snapshot, refreshed from the ledger, so list pages filter and sort in SQL
    arrears_cents: int = Field(default=0, index=True, sa_type=BigInteger)
    arrears_months: int = 0
    oldest_unpaid_due: Optional[dt.date] = None
    arrears_as_of: Optional[dt.date] = None
    # the form submission that created it (migration 0006): a double click on "Opslaan" finds it instead of a twin
    submission_token: Optional[str] = Field(default=None, max_length=64)


class RentPeriod(SQLModel, table=True):
    """The monthly rent of a tenancy from a date on (migration 0006). The first period starts with the tenancy;
    `Tenancy.monthly_rent_cents` is the latest period's rent, the rent as agreed from now on (kept for
    readers of the current rent); charges always come from the periods."""

    __table_args__ = (UniqueConstraint("tenancy_id", "effective_from", name="uq_rentperiod_tenancy_from"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    effective_from: dt.date
    monthly_rent_cents: int = Field(sa_type=BigInteger)


class Tenant(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    position: int = 0
    name: str = Field(max_length=200, index=True)
    salutation: str = Field(default="neutral", max_length=20)  # meneer / mevrouw / neutral
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)


class Payment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("landlord_id", "fingerprint", name="uq_payment_fingerprint"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    paid_on: dt.date = Field(index=True)
    amount_cents: int = Field(sa_type=BigInteger)
    description: str = Field(default="", max_length=500)
    source: str = Field(default="manual", max_length=20)  # manual / import
    fingerprint: Optional[str] = Field(default=None, max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow)
    submission_token: Optional[str] = Field(default=None, max_length=64)  # see Tenancy.submission_token


class Case(SQLModel, table=True):
    """One arrears episode of a tenancy: opens when arrears appear, closes when paid off or by hand."""

    id: Optional[int] = Field(default=None, primary_key=True)
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    status: str = Field(default="open", max_length=10, index=True)  # open / closed
    opened_on: dt.date
    closed_on: Optional[dt.date] = None
    close_reason: str = Field(default="", max_length=300)
    friendly_reminder_on: Optional[dt.date] = None
    reminder_on: Optional[dt.date] = None
    contact_failed_on: Optional[dt.date] = None
    next_step: str = Field(default="", max_length=40)
    next_due: Optional[dt.date] = Field(default=None, index=True)
    collection_paused_until: Optional[dt.date] = None
    anonymised_on: Optional[dt.date] = None
    # documents feature (migration 0003): until when the tenant may refuse the signal, from the reminder letter
    objection_deadline: Optional[dt.date] = None
    # case steps (migration 0007): evidence of a written reminder recorded well after its date
    reminder_evidence_document_id: Optional[int] = None  # the uploaded copy (a Document of this case)
    reminder_evidence_reason: str = Field(default="", max_length=500)  # or why it is recorded only now


class ContactAttempt(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    on_date: dt.date
    channel: str = Field(max_length=20)  # phone / visit / email / app / letter
    outcome: str = Field(max_length=30)
    note: str = Field(default="", max_length=1000)


class Objection(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    received_on: dt.date
    channel: str = Field(max_length=20)
    withdrawn_on: Optional[dt.date] = None


class Signal(SQLModel, table=True):
    """The notification to the municipality. `payload` is a snapshot: the liaison sees what was sent."""

    id: Optional[int] = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, max_length=40)
    case_id: int = Field(foreign_key="case.id", index=True)
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    municipality_code: str = Field(foreign_key="municipality.code", max_length=6, index=True)
    sent_on: dt.date = Field(index=True)
    arrears_cents: int = Field(sa_type=BigInteger)
    arrears_months: int
    oldest_unpaid_due: Optional[dt.date] = None
    urgent: bool = False
    is_repeat: bool = False
    status: str = Field(default="new", max_length=20, index=True)  # new / in_progress / done
    tenant_names: str = Field(default="", max_length=500, index=True)  # for the liaison's search
    postcode: str = Field(default="", max_length=7, index=True)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    # liaison workflow (migration 0011): the colleague handling it and the day the municipality picked it up
    assigned_to_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    picked_up_on: Optional[dt.date] = None


class MunicipalContactAttempt(SQLModel, table=True):
    """The municipality's own attempt to reach the tenant about a signal (migration 0011), for the DDAS export:
    `kind` is a value of the DDAS list EnumContactsoort, `part_of_day` one of EnumDagdeel or empty."""

    id: Optional[int] = Field(default=None, primary_key=True)
    signal_id: int = Field(foreign_key="signal.id", index=True)
    municipality_code: str = Field(max_length=6, index=True)
    liaison_id: int = Field(foreign_key="user.id")
    on_date: dt.date
    kind: str = Field(max_length=30)
    reached: bool = False
    part_of_day: str = Field(default="", max_length=10)
    created_at: dt.datetime = Field(default_factory=utcnow)


class Feedback(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    signal_id: int = Field(foreign_key="signal.id", index=True)
    municipality_code: str = Field(max_length=6, index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    liaison_id: int = Field(foreign_key="user.id")
    on_date: dt.date
    outcome: str = Field(max_length=40)
    help_accepted: bool = False
    # liaison's own notes about the tenant's situation: never shown to the landlord
    liaison_note: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: dt.datetime = Field(default_factory=utcnow)


class TemplateVersion(SQLModel, table=True):
    """An uploaded replacement of a shipped template. Older versions stay; documents record the hash."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, index=True)
    version_hash: str = Field(max_length=64)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    spec: str = Field(sa_column=Column(Text, nullable=False))  # YAML
    uploaded_by: Optional[int] = Field(default=None, foreign_key="user.id")
    uploaded_at: dt.datetime = Field(default_factory=utcnow)
    active: bool = True


class Document(SQLModel, table=True):
    """A generated document, kept byte for byte: it is the landlord's evidence."""

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    municipality_code: str = Field(max_length=6, index=True)
    template_name: str = Field(max_length=60)
    template_version: str = Field(max_length=64)
    title: str = Field(max_length=200)
    filename: str = Field(max_length=200)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    checksum: str = Field(max_length=64)
    created_by: int = Field(foreign_key="user.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    wording_ok: bool = True
    wording_override: bool = False  # generated despite an error-severity finding, confirmed by the landlord
    shared_with_municipality: bool = False
    # Facts stated in the letter, stored when it is made (never read back from its text). letter_date is the date
    # printed on the document (Amsterdam). For a 14-day letter (art. 6:96 BW): the last day to pay, the cost
    # amount it names and the principal (arrears) that amount was computed over.
    letter_date: Optional[dt.date] = None
    fourteen_day_letter: bool = False
    cost_deadline: Optional[dt.date] = None
    collection_costs_cents: Optional[int] = Field(default=None, sa_type=BigInteger)
    principal_cents: Optional[int] = Field(default=None, sa_type=BigInteger)


class Arrangement(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    status: str = Field(default="active", max_length=20)  # active / replaced / ended / completed
    replaces_id: Optional[int] = Field(default=None, foreign_key="arrangement.id")
    valid_from: dt.date
    created_on: dt.date
    start_date: dt.date
    payment_day: int
    total_cents: int = Field(sa_type=BigInteger)
    costs_cents: int = Field(default=0, sa_type=BigInteger)
    schedule: str = Field(sa_column=Column(Text, nullable=False))  # JSON list of instalments
    ended_on: Optional[dt.date] = None
    end_reason: str = Field(default="", max_length=300)


class ProtectedIncomeNorm(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    household_type: str = Field(max_length=30)
    valid_from: dt.date
    amount_cents: int = Field(sa_type=BigInteger)
    source: str = Field(default="", max_length=300)


class ArrearsMonth(SQLModel, table=True):
    """Arrears of one tenancy at the end of one month (only months with arrears), refreshed with the arrears
    snapshot, so the "Vandaag" chart is one small aggregate query (arrears feature, migration 0002)."""

    __table_args__ = (Index("ix_arrearsmonth_landlord_month", "landlord_id", "month"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    landlord_id: int = Field(foreign_key="user.id")
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    month: dt.date  # first day of the month
    arrears_cents: int = Field(sa_type=BigInteger)


# Arrears feature (migration 0002): the list pages filter and sort on these columns per landlord
Index("ix_tenancy_landlord_asof", col(Tenancy.landlord_id), col(Tenancy.arrears_as_of))
Index("ix_tenancy_landlord_arrears", col(Tenancy.landlord_id), col(Tenancy.arrears_cents))
Index("ix_case_landlord_status_due", col(Case.landlord_id), col(Case.status), col(Case.next_due))
# Rent history feature (migration 0006): one save per form submission
Index("uq_tenancy_submission", col(Tenancy.landlord_id), col(Tenancy.submission_token), unique=True)
Index("uq_payment_submission", col(Payment.landlord_id), col(Payment.submission_token), unique=True)


# --- E-mail (issue 12, migration 0013) -----------------------------------------------------------------------------

class OutboxMessage(SQLModel, table=True):
    """An e-mail waiting to be sent by `naarnul notify`, queued in the transaction of what it records.

    status: pending → sending (claimed by one run, `claim_token`) → sent; a failed attempt goes back to pending
    (until `attempts` reaches the limit: failed) with the error kept. `dedupe_key` makes a second queueing of the
    same message (the daily digest of one landlord and day) impossible."""

    __table_args__ = (UniqueConstraint("dedupe_key", name="uq_outbox_dedupe_key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # letter / digest / signal
    landlord_id: int = Field(foreign_key="user.id", index=True)  # whose message (for a signal alert: the liaison)
    case_id: Optional[int] = Field(default=None, index=True)
    document_id: Optional[int] = None
    dedupe_key: Optional[str] = Field(default=None, max_length=120)
    recipients: str = Field(max_length=1000)  # comma-separated
    subject: str = Field(max_length=300)
    message: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # the whole RFC 5322 message
    evidence: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))  # JSON
    status: str = Field(default="pending", max_length=10, index=True)
    attempts: int = 0
    not_before: dt.datetime = Field(default_factory=utcnow)
    claim_token: Optional[str] = Field(default=None, max_length=40)
    claimed_at: Optional[dt.datetime] = None
    last_error: str = Field(default="", max_length=1000)
    created_at: dt.datetime = Field(default_factory=utcnow)
    sent_at: Optional[dt.datetime] = None
    send_date: Optional[dt.date] = None  # the Dutch date it was sent on (what a reminder records)


class MailPreference(SQLModel, table=True):
    """Per user: e-mail they asked for (the daily digest is opt-in)."""

    user_id: int = Field(primary_key=True, foreign_key="user.id")
    daily_digest: bool = False  # landlord: what is due today
    signal_alerts: bool = False  # liaison: a new signal for their municipality
    updated_at: dt.datetime = Field(default_factory=utcnow)


# --- Extra questions on case forms (issue 16, migration 0015) ---------------------------------------------------

class FormQuestion(SQLModel, table=True):
    """A question the admin added to a landlord's case form (`form`: signal / arrangement / written_reminder).
    `key` is unique over all forms: every template of a case sees all its answers as `extra.<key>`."""

    __table_args__ = (UniqueConstraint("key", name="uq_formquestion_key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    form: str = Field(max_length=30, index=True)
    position: int = 0
    key: str = Field(max_length=60)
    label: str = Field(max_length=200)
    type: str = Field(max_length=10)  # text / date / money / bool / choice
    required: bool = False
    help: str = Field(default="", max_length=500)
    choices: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))  # JSON list
    updated_by: Optional[int] = Field(default=None, foreign_key="user.id")
    updated_at: dt.datetime = Field(default_factory=utcnow)


class FormAnswer(SQLModel, table=True):
    """A landlord's answer to a form question, stored with the case in the transaction of the form's action. The
    question's label and type are kept with it, so a later change of the question leaves the answer readable."""

    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_formanswer_case_key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    form: str = Field(max_length=30)
    key: str = Field(max_length=60)
    label: str = Field(max_length=200)
    type: str = Field(max_length=10)
    value: str = Field(sa_column=Column(Text, nullable=False))
    answered_on: dt.date
    updated_at: dt.datetime = Field(default_factory=utcnow)

# --- template builder (issue 16, "Nieuw sjabloon maken") ---------------------------------------------------------------
class TemplateOffering(SQLModel, table=True):
    """Where a template made on the builder page is offered (step of the case, role), kept with the version it was
    published with, and who confirmed publishing it although the wording check found errors (and when)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    template_version_id: int = Field(foreign_key="templateversion.id", index=True, unique=True)
    name: str = Field(max_length=60, index=True)
    step: str = Field(max_length=40)  # a step key of naarnul.covenant.guide (naarnul.documents.offering)
    role: str = Field(max_length=20)
    wording_errors: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))  # JSON
    wording_confirmed_by: Optional[int] = Field(default=None, foreign_key="user.id")
    wording_confirmed_at: Optional[dt.datetime] = None
    created_at: dt.datetime = Field(default_factory=utcnow)

# --- Custom solutions, last-chance agreement, evidence pack (issue 11, migration 0016) -----------------------------

class CustomSolution(SQLModel, table=True):
    """A custom solution next to the payment arrangement (naarnul.arrangement.custom_solutions): a deferral of
    payment (`kind` deferral: `months` the due dates deferred, JSON, until `end_date`), a temporary rent reduction
    (reduction: `start_date`–`end_date` months, `amount_cents` per month) or a waived rent increase
    (waived_increase: the increase of `increase_from`, from `start_date`). Ended ones (`ended_on`) no longer count."""

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    tenancy_id: int = Field(foreign_key="tenancy.id", index=True)
    landlord_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=20)
    created_on: dt.date
    start_date: Optional[dt.date] = None
    end_date: Optional[dt.date] = None
    amount_cents: Optional[int] = Field(default=None, sa_type=BigInteger)
    increase_from: Optional[dt.date] = None
    months: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))  # JSON ISO dates
    note: str = Field(default="", max_length=1000)
    ended_on: Optional[dt.date] = None
    document_id: Optional[int] = None  # the letter that confirmed it

# --- Signal delivery and warm handover (issue 11, migration 0017) --------------------------------------------------

class MunicipalitySignalChannel(SQLModel, table=True):
    """How a municipality receives signals, as the admin recorded it: `channel` portal / email / web_form, with the
    e-mail address or the (https) URL of its platform or web form. No row: in the portal when it has a liaison."""

    municipality_code: str = Field(primary_key=True, foreign_key="municipality.code", max_length=6)
    channel: str = Field(max_length=20)
    email: str = Field(default="", max_length=200)
    url: str = Field(default="", max_length=500)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: Optional[int] = Field(default=None, foreign_key="user.id")


class SignalDelivery(SQLModel, table=True):
    """How one signal reaches its municipality, fixed when it is made: in the portal (`delivered_on` = the signal
    date), or sent by the landlord via `channel` to `address`, with `delivered_on` empty until the landlord records
    the day they sent it. A signal with `delivered_on` empty waits for delivery (shown on Vandaag)."""

    signal_id: int = Field(primary_key=True, foreign_key="signal.id")
    landlord_id: int = Field(foreign_key="user.id", index=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    municipality_code: str = Field(max_length=6, index=True)
    channel: str = Field(max_length=20)  # portal / email / web_form / unknown
    address: str = Field(default="", max_length=500)
    delivered_on: Optional[dt.date] = Field(default=None, index=True)
    recorded_at: Optional[dt.datetime] = None

# --- To-do list "Vandaag" (issue 12, migration 0018) ---------------------------------------------------------------

class SeenItem(SQLModel, table=True):
    """An item of a user's to-do list the user has seen (opened, or marked "gezien"): it is no longer "nieuw".
    `item_key` names the item and its state (naarnul.services.todo), so a new state of the same case is new again."""

    __table_args__ = (UniqueConstraint("user_id", "item_key", name="uq_seenitem_user_key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    item_key: str = Field(max_length=120)
    seen_at: dt.datetime = Field(default_factory=utcnow)

# --- pagespeed (issue 14): when a tenancy's stored figures must be recomputed without any write -----------------

class RefreshState(SQLModel, table=True):
    """Written by every recompute of a tenancy's figures (naarnul.services.refresh): from `recheck_on` on, its
    next step, month history or arrears may differ without any write, so the incremental refresh of the day
    recomputes it then (and not every day). Trusted only while the tenancy's snapshot is at least as new as
    `computed_on` (a snapshot marked stale is recomputed anyway). No foreign key: a state row outlives nothing, as
    the next recompute of the same id replaces it."""

    tenancy_id: int = Field(primary_key=True)
    landlord_id: int = Field(index=True)
    computed_on: dt.date
    recheck_on: Optional[dt.date] = None


# the liaison's inbox: a municipality's signals, new ones first, newest first (store.signals.inbox)
Index("ix_signal_inbox", col(Signal.municipality_code), col(Signal.status), col(Signal.sent_on), col(Signal.id))
