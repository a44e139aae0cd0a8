"""The tables: reference data, the office and its people, citizens, cases and their timelines."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from . import audit_chain
from .types import CompactJSON, CompactUuid, Day, UTCDateTime, new_uuid7

# Stable constraint names, so Alembic batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # One type per kind of value, compact on SQLite and native on PostgreSQL (db/types.py).
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        UUID: CompactUuid(),
        datetime: UTCDateTime(),
        date: Day(),
        dict[str, object]: CompactJSON(),
    }


def _id() -> Mapped[UUID]:
    return mapped_column(primary_key=True, default=new_uuid7)


# --- reference data (distributed by the central office, editable) ---------------------------------


class Governorate(Base):
    __tablename__ = "governorates"
    id: Mapped[UUID] = _id()
    code: Mapped[str] = mapped_column(String(8), unique=True)
    iso_code: Mapped[str | None] = mapped_column(String(8))
    name_ar: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))


class District(Base):
    __tablename__ = "districts"
    id: Mapped[UUID] = _id()
    code: Mapped[str] = mapped_column(String(12), unique=True)
    governorate_id: Mapped[UUID] = mapped_column(ForeignKey("governorates.id"), index=True)
    name_ar: Mapped[str] = mapped_column(String(100))


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[UUID] = _id()
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[UUID | None] = mapped_column(ForeignKey("categories.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Entity(Base):
    """The responsible entity (الجهة المعنية) that must act; has a liaison officer."""

    __tablename__ = "entities"
    id: Mapped[UUID] = _id()
    code: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    liaison_officer: Mapped[str | None] = mapped_column(String(200))
    liaison_phone: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SlaRule(Base):
    """Deadlines in working days; the most specific rule (kind and category) wins."""

    __tablename__ = "sla_rules"
    __table_args__ = (UniqueConstraint("kind", "category_id"),)
    id: Mapped[UUID] = _id()
    kind: Mapped[str | None] = mapped_column(String(20))
    category_id: Mapped[UUID | None] = mapped_column(ForeignKey("categories.id"))
    first_answer_days: Mapped[int] = mapped_column(Integer)
    entity_reply_days: Mapped[int | None] = mapped_column(Integer)
    resolution_days: Mapped[int | None] = mapped_column(Integer)


class Holiday(Base):
    __tablename__ = "holidays"
    id: Mapped[UUID] = _id()
    day: Mapped[date] = mapped_column(unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))


# --- the office, its stations and people ---------------------------------------------------------


class Office(Base):
    __tablename__ = "offices"
    id: Mapped[UUID] = _id()
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    governorate_id: Mapped[UUID] = mapped_column(ForeignKey("governorates.id"))
    # Ed25519 public key that checks this office's receipts; the private key stays in local_settings.
    public_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class Station(Base):
    """One installation (one PC's database) inside an office, numbered 1–99."""

    __tablename__ = "stations"
    __table_args__ = (UniqueConstraint("office_id", "number"),)
    id: Mapped[UUID] = _id()
    office_id: Mapped[UUID] = mapped_column(ForeignKey("offices.id"))
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]


class User(Base):
    __tablename__ = "users"
    id: Mapped[UUID] = _id()
    office_id: Mapped[UUID] = mapped_column(ForeignKey("offices.id"))
    username: Mapped[str] = mapped_column(String(50), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    # Set when an administrator chose the password (a new user, a reset): changed at the next login.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class LoginFailure(Base):
    """A recent failed login by the name typed (known or not): the lockout counts these. Local, unsynced;
    a success clears the name's rows, and rows older than the lockout window are pruned."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    at: Mapped[datetime]


class LocalSetting(Base):
    """This installation's own settings (which station it is, its signing key): never synced."""

    __tablename__ = "local_settings"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Changes outside case timelines (users, citizens' details, settings), with who made them."""

    __tablename__ = "audit_log"
    id: Mapped[UUID] = _id()
    at: Mapped[datetime]
    user_id: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[UUID | None]
    detail: Mapped[dict[str, object]] = mapped_column(default=dict)
    # The seal (db/audit_chain.py): position in the chain, the previous record's hash, this one's.
    # Unique: a record slipped in under a used number is refused; the index finds the newest.
    seq: Mapped[int | None] = mapped_column(index=True, unique=True)
    prev_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    hash: Mapped[bytes | None] = mapped_column(LargeBinary(32))


@event.listens_for(Session, "before_flush")
def _seal_audit_records(session: Session, _context: object, _instances: object) -> None:
    audit_chain.chain_new(session, AuditEntry, session.new)


# --- citizens and cases ----------------------------------------------------------------------------
#
# Every index below names the query that reads it; tests/services/test_query_plans.py runs them
# through EXPLAIN QUERY PLAN and fails on an index none of them uses. On SQLite a secondary index
# holds its columns and the row's rowid, so each is paid per case: keep only what is read.


def _partial(name: str, *columns: Any, where: str) -> Index:
    """An index of the rows that meet `where` only. On PostgreSQL the same condition is given when the
    schema is created there (see `_partial_on_postgresql`): naming it here would load PostgreSQL's
    dialect at every station's start (≈ 50 ms) for an index the station never builds."""
    return Index(name, *columns, sqlite_where=text(where), info={"where": where})


def _open(name: str, *columns: Any) -> Index:
    """An index of the open cases only (2% of them): tiny, and kept sorted by deadline. Queries must
    spell the condition exactly (services.search.OPEN) for SQLite to use it."""
    return _partial(name, *columns, where=OPEN_CASE)


class Citizen(Base):
    """A citizen's details as given at one registration. Rows are never changed: when a returning
    citizen's details change (confirmed by the clerk), a new row is added for the same person, so
    each case keeps the name, phone and address it was registered with, and both versions survive
    a merge of two stations' data. The person's current details are their newest row."""

    __tablename__ = "citizens"
    __table_args__ = (
        # A returning citizen by card number (citizens.find_citizen, search by card): every version
        # of the person carries it.
        _partial("ix_citizens_national_id", "national_id", where="national_id IS NOT NULL"),
    )
    id: Mapped[UUID] = _id()
    # The first row's id: the same for every version of one person (all of a person's versions and
    # cases: intake, search by phone or card).
    person_id: Mapped[UUID] = mapped_column(index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    national_id: Mapped[str | None] = mapped_column(String(12))
    # A returning citizen by mobile (citizens.find_citizen, search by phone).
    phone: Mapped[str | None] = mapped_column(String(11), index=True)  # 07XXXXXXXXX
    gender: Mapped[str | None] = mapped_column(String(10))
    governorate_id: Mapped[UUID | None] = mapped_column(ForeignKey("governorates.id"))
    district_id: Mapped[UUID | None] = mapped_column(ForeignKey("districts.id"))
    address: Mapped[str | None] = mapped_column(String(300))
    landmark: Mapped[str | None] = mapped_column(String(200))
    elderly: Mapped[bool] = mapped_column(Boolean, default=False)
    special_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    created_by: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))


OPEN_CASE = "status != 'closed'"


class Case(Base):
    """A complaint, request, suggestion, inquiry, praise or report; its `kind` says which."""

    __tablename__ = "cases"
    __table_args__ = (
        # A person's cases: search by phone or card, earlier cases at intake, likely duplicates.
        Index("ix_cases_citizen_id", "citizen_id"),
        # The case list newest (or oldest) first without sorting, deep pages from the index alone;
        # registration-date filters; the dashboard's counts per day and month.
        Index("ix_cases_registered_id", "registered_at", "id"),
        # Sorting by deadline (services.search.SortKey.DUE): cases without one last, from the index.
        Index("ix_cases_due_sort", text("(due_on IS NULL)"), "due_on", "id"),
        # Word search: the full-text index's rows are cases' search_rowid.
        Index("ix_cases_search_rowid", "search_rowid"),
        # Worklists read open cases only, by their nearest deadline: awaiting reply (and the
        # automatic escalation), due today and overdue (and the dashboard), mine, by entity.
        _open("ix_cases_open_status_due", "status", "due_on"),
        _open("ix_cases_open_due", "due_on"),
        _open("ix_cases_open_assigned_due", "assigned_to", "due_on"),
        _open("ix_cases_open_entity_due", "entity_id", "due_on"),
    )
    id: Mapped[UUID] = _id()
    # Unique nationally (its office, station, year and sequence are inside it): finding a case,
    # sorting by reference, and the station's next sequence (the highest reference of the year).
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    office_id: Mapped[UUID] = mapped_column(ForeignKey("offices.id"))
    station_id: Mapped[UUID] = mapped_column(ForeignKey("stations.id"))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    citizen_id: Mapped[UUID] = mapped_column(ForeignKey("citizens.id"))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))
    category_id: Mapped[UUID] = mapped_column(ForeignKey("categories.id"))
    entity_id: Mapped[UUID | None] = mapped_column(ForeignKey("entities.id"))
    governorate_id: Mapped[UUID | None] = mapped_column(ForeignKey("governorates.id"))
    district_id: Mapped[UUID | None] = mapped_column(ForeignKey("districts.id"))
    subject: Mapped[str] = mapped_column(String(300))
    details: Mapped[str] = mapped_column(Text, default="")
    reply_preference: Mapped[str | None] = mapped_column(String(20))
    # The citizen as they were when the case was registered (reports count them per case, without
    # reading the citizen's row): gender, and the priority groups.
    gender: Mapped[str | None] = mapped_column(String(10))
    elderly: Mapped[bool] = mapped_column(Boolean, default=False)
    special_needs: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[datetime]
    registered_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    due_first_answer: Mapped[date]
    # Derived from the timeline and rewritten with every event in the same transaction, so lists
    # and counts can filter on it without replaying events.
    status: Mapped[str] = mapped_column(String(30))
    status_changed_at: Mapped[datetime]
    outcome: Mapped[str | None] = mapped_column(String(30))
    assigned_to: Mapped[UUID | None] = mapped_column(ForeignKey("users.id"))
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    due_on: Mapped[date | None]  # nearest running deadline; None if closed/paused
    reply_due: Mapped[date | None]
    resolution_due: Mapped[date | None]
    first_answer_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    reopened_count: Mapped[int] = mapped_column(Integer, default=0)
    # Row of this case in the local full-text index (case_search); local to this file, never synced.
    search_rowid: Mapped[int | None] = mapped_column(Integer)
    # Made by the demo generator (services.demo), never by a person: demo data refuses a database
    # holding any case without this mark.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.seq")


class CaseEvent(Base):
    """One dated step in a case's timeline. Append-only: database triggers refuse UPDATE and DELETE.

    Stored by its place in the timeline, (case, seq), with no rowid: a case's steps lie together and
    that key is the only index (reading a timeline, appending to it, the report's reopened cases).
    The id is the step's identity across stations; what points at a step (an attachment, an
    amendment) holds its case and id, and finds it through the case."""

    __tablename__ = "case_events"
    __table_args__ = (
        PrimaryKeyConstraint("case_id", "seq"),
        {"sqlite_with_rowid": False},
    )
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int] = mapped_column(Integer)
    id: Mapped[UUID] = mapped_column(default=new_uuid7)
    type: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime]
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict[str, object]] = mapped_column(default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class Attachment(Base):
    """A file attached to a case; its bytes live in the attachments folder under their SHA-256."""

    __tablename__ = "attachments"
    id: Mapped[UUID] = _id()
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[UUID | None]  # the attachment_added step of the same case (CaseEvent)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime]
    added_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))


# --- reports: KPI definitions, locked months and the amendments made after a lock ----------------

# Reports read a period's cases through these indexes (services/figures, EXPLAIN QUERY PLAN checked
# at 1M cases); each leads with the office so a central database can hold many offices. The
# twelve-month trend counts from them alone.
Index("ix_cases_office_registered", Case.office_id, Case.registered_at)
Index("ix_cases_office_closed", Case.office_id, Case.closed_at, Case.registered_at, Case.reopened_count)
Index("ix_cases_office_due_first", Case.office_id, Case.due_first_answer, Case.first_answer_at)
# The few reopened cases, whose closings are read from their timelines.
_partial("ix_cases_office_reopened_closed", Case.office_id, Case.closed_at, where="reopened_count > 0")


class KpiDefinition(Base):
    """A performance indicator (seed 002): a figure from services.figures, measured against a target."""

    __tablename__ = "kpi_definitions"
    id: Mapped[UUID] = _id()
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    figure: Mapped[str] = mapped_column(String(80))  # a key of services.figures.figure_value
    frequency: Mapped[str] = mapped_column(String(20))  # monthly, quarterly, half_yearly, yearly
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))  # percent, days, count, score
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class MonthLock(Base):
    """A month whose report is final: its figures and the PDF's hash, as sent to the central office."""

    __tablename__ = "month_locks"
    __table_args__ = (UniqueConstraint("office_id", "month"),)
    id: Mapped[UUID] = _id()
    office_id: Mapped[UUID] = mapped_column(ForeignKey("offices.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    locked_at: Mapped[datetime]
    locked_by: Mapped[UUID] = mapped_column(ForeignKey("users.id"))
    figures: Mapped[dict[str, object]] = mapped_column()
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime | None]  # None until the lock has travelled to the central office


class Amendment(Base):
    """A change to a case of a locked month, made after the lock: the next report lists it."""

    __tablename__ = "amendments"
    __table_args__ = (UniqueConstraint("event_id", "lock_id"),)
    id: Mapped[UUID] = _id()
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    lock_id: Mapped[UUID] = mapped_column(ForeignKey("month_locks.id"))
    month: Mapped[str] = mapped_column(String(7))  # the locked month, YYYY-MM
    event_id: Mapped[UUID]  # the step of the same case that amends the month (CaseEvent)
    at: Mapped[datetime] = mapped_column(index=True)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id"))


@event.listens_for(Base.metadata, "before_create")
def _partial_on_postgresql(metadata: MetaData, connection: Connection, **_kw: Any) -> None:
    """Give the partial indexes their condition on PostgreSQL, when its schema is created."""
    if connection.dialect.name != "postgresql":
        return
    for table in metadata.tables.values():
        for index in table.indexes:
            if "where" in index.info:
                index.dialect_kwargs["postgresql_where"] = text(index.info["where"])


# The sync tables, and the outbox's listener: every session that writes these models logs what travels.
from . import changes as _changes  # noqa: E402,F401
from . import sync_models as _sync_models  # noqa: E402,F401
