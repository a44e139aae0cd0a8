"""Finding cases: one box that knows references, phones, card numbers and Arabic words, plus filters.

Words are matched in the full-text index `case_search`, which holds every name the case's citizen
was registered under and the case's subject and details in the normalised form of domain.arabic
(hamza forms, taa marbuta, alef maqsura, diacritics, tatweel and digits folded, compound names
joined), so أحمد finds احمد, فاطمه finds فاطمة, عبدالله finds عبد الله and مسوول finds مسؤول.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import OPEN_CASE, Case, Category, Citizen, District, Entity
from ..domain.arabic import ascii_digits, hamza_variants, index_text, search_words, strip_direction_marks
from ..domain.reference import parse_reference
from ..domain.validation import mobile
from ..errors import ValidationError
from . import clock
from .cases import CaseBrief, brief_query, briefs, checked_reference, person_versions

# Spelled as the partial indexes' condition (db.models.OPEN_CASE), not as a bound parameter, so
# SQLite can use those indexes.
OPEN = text(f"cases.{OPEN_CASE}")


class SortKey(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    DUE = "due"
    REFERENCE = "reference"


@dataclass(frozen=True)
class CaseFilter:
    """Every filter is optional; codes as `csd ref list` prints them."""

    statuses: frozenset[str] = frozenset()
    kind: str | None = None
    category: str | None = None
    entity: str | None = None
    district: str | None = None
    clerk: UUID | None = None  # registered by
    assigned_to: UUID | None = None
    registered_from: date | None = None
    registered_to: date | None = None  # inclusive
    overdue: bool = False
    due_on: date | None = None
    open_only: bool = False


# --- the full-text index (SQLite FTS5; the central server's PostgreSQL gets its own implementation) ---


def search_row(names: Iterable[str], subject: str, details: str) -> tuple[str, str]:
    """The index's two columns for a case: its citizen's names, and its subject and details."""
    unique = dict.fromkeys(index_text(n) for n in names)  # in order, without repeats
    return " ".join(unique), index_text(f"{subject} {details}")


def index_case(s: Session, case: Case, citizen_names: Iterable[str]) -> None:
    """Put a case into the word index (or refresh it), inside the caller's transaction."""
    conn = s.connection()
    if case.search_rowid is not None:
        conn.execute(text("DELETE FROM case_search WHERE rowid = :r"), {"r": case.search_rowid})
    name, body = search_row(citizen_names, case.subject, case.details)
    conn.execute(
        text("INSERT INTO case_search (case_id, name, body) VALUES (:id, :name, :body)"),
        {"id": case.id.hex, "name": name, "body": body},
    )
    case.search_rowid = conn.execute(text("SELECT last_insert_rowid()")).scalar_one()


def reindex_person(s: Session, person_id: UUID) -> None:
    """Index every case of a person under every name they were registered with (a new case, or a
    new name: their earlier cases are then found under it too)."""
    names = list(
        s.scalars(select(Citizen.full_name).where(Citizen.person_id == person_id).order_by(Citizen.id))
    )
    for case in s.scalars(select(Case).where(Case.citizen_id.in_(person_versions(person_id)))):
        index_case(s, case, names)


def _match_expression(words: list[str]) -> str:
    """Each word as a prefix, all required; a word with a bare hamza also as و or ي:
    `"محمد"* AND ("مسءول"* OR "مسوول"* OR "مسيول"*)`."""
    terms = []
    for word in words:
        variants = [f'"{v}"*' for v in hamza_variants(word)]
        terms.append(variants[0] if len(variants) == 1 else f"({' OR '.join(variants)})")
    return " AND ".join(terms)


# --- the one search box -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Interpretation:
    kind: str  # "reference", "phone", "national_id", "words", "empty"
    value: str


def interpret(query: str) -> Interpretation:
    """What the clerk typed: a reference (dashes and check digit optional), a phone, a card, or words."""
    raw = ascii_digits(strip_direction_marks(query)).strip()
    if not raw:
        return Interpretation("empty", "")
    if parse_reference(raw) is not None:
        return Interpretation("reference", raw)  # checked against the file by _checked
    compact = re.sub(r"[\s\-()]", "", raw)
    if compact.lstrip("+").isdigit():
        if len(compact) == 12:  # a card number; phones have 11 digits (07…) or 13 (9647…)
            return Interpretation("national_id", compact)
        try:
            phone = mobile(compact)
        except ValidationError:
            phone = None
        if phone:
            return Interpretation("phone", phone)
    return Interpretation("words", raw)


def _people_with(condition: Any) -> Select[Any]:
    """Every version of the people who ever gave this phone or card: all their cases are theirs."""
    return select(Citizen.id).where(Citizen.person_id.in_(select(Citizen.person_id).where(condition)))


def _filtered(query: Select[Any], f: CaseFilter) -> Select[Any]:
    conditions = []
    if f.statuses:
        conditions.append(Case.status.in_(sorted(f.statuses)))
    if f.open_only or f.overdue:
        conditions.append(OPEN)
    if f.kind:
        conditions.append(Case.kind == f.kind)
    if f.category:
        conditions.append(
            Case.category_id == select(Category.id).where(Category.code == f.category).scalar_subquery()
        )
    if f.entity:
        conditions.append(
            Case.entity_id == select(Entity.id).where(Entity.code == f.entity).scalar_subquery()
        )
    if f.district:
        conditions.append(
            Case.district_id == select(District.id).where(District.code == f.district).scalar_subquery()
        )
    if f.clerk:
        conditions.append(Case.registered_by == f.clerk)
    if f.assigned_to:
        conditions.append(Case.assigned_to == f.assigned_to)
    if f.registered_from:
        conditions.append(Case.registered_at >= _start_of(f.registered_from))
    if f.registered_to:
        conditions.append(Case.registered_at < _start_of(f.registered_to, days=1))
    if f.overdue:
        conditions.append(Case.due_on < clock.today())
    if f.due_on:
        conditions.append(Case.due_on == f.due_on)
    return query.where(*conditions) if conditions else query


def _start_of(day: date, days: int = 0) -> datetime:
    """Midnight in Iraq at the start of `day` (plus `days`)."""
    return datetime(day.year, day.month, day.day, tzinfo=clock.IRAQ_TZ) + timedelta(days=days)


def _sorted(query: Select[Any], sort: SortKey) -> Select[Any]:
    order = {
        SortKey.NEWEST: (Case.registered_at.desc(), Case.id.desc()),
        SortKey.OLDEST: (Case.registered_at.asc(), Case.id.asc()),
        SortKey.DUE: (Case.due_on.is_(None), Case.due_on.asc(), Case.id.asc()),
        SortKey.REFERENCE: (Case.reference.asc(),),
    }[sort]
    return query.order_by(*order)


def _scoped(query: Select[Any], what: Interpretation) -> Select[Any] | None:
    """Narrow a query to what the box says; None when it cannot match anything."""
    if what.kind == "reference":
        return query.where(Case.reference == what.value)
    if what.kind == "phone":
        return query.where(Case.citizen_id.in_(_people_with(Citizen.phone == what.value)))
    if what.kind == "national_id":
        return query.where(Case.citizen_id.in_(_people_with(Citizen.national_id == what.value)))
    if what.kind == "words":
        words = search_words(what.value)
        if not words:
            return None
        # cases.id is stored as 32 hex digits, as case_search.case_id is.
        return query.where(
            text("cases.id IN (SELECT case_id FROM case_search WHERE case_search MATCH :match)").bindparams(
                match=_match_expression(words)
            )
        )
    return query


def search(
    db: Database,
    query: str = "",
    filters: CaseFilter | None = None,
    *,
    sort: SortKey = SortKey.NEWEST,
    offset: int = 0,
    limit: int = 50,
) -> list[CaseBrief]:
    """A page of cases matching the box and the filters, sorted in SQL."""
    what = interpret(query)
    with db.read() as s:
        what = _checked(s, what)
        if what.kind == "words" and not filters and sort is SortKey.NEWEST:
            return _word_page(s, what.value, offset, limit)
        scoped = _scoped(_filtered(select(Case.id), filters or CaseFilter()), what)
        if scoped is None:
            return []
        # Two steps: the page's ids from the cases table and its indexes alone (a deep page skips
        # index entries, not joined rows), then the page's rows.
        ids = list(s.scalars(_sorted(scoped, sort).offset(offset).limit(limit)))
        return _in_order(s, ids)


def _checked(s: Session, what: Interpretation) -> Interpretation:
    """A reference with a wrong check character is refused (with what it may have meant), never
    quietly read as another case."""
    if what.kind == "reference":
        return Interpretation("reference", checked_reference(s, what.value))
    return what


def _in_order(s: Session, ids: list[UUID]) -> list[CaseBrief]:
    if not ids:
        return []
    found = {b.id: b for b in briefs(s, brief_query().where(Case.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def _word_page(s: Session, words_text: str, offset: int, limit: int) -> list[CaseBrief]:
    """Newest first straight from the index: FTS rows are added in time order, so rowid order is
    registration order and the first page never sorts every match."""
    words = search_words(words_text)
    if not words:
        return []
    ids = (
        s.execute(
            text(
                "SELECT case_id FROM case_search WHERE case_search MATCH :match "
                "ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
            ),
            {"match": _match_expression(words), "limit": limit, "offset": offset},
        )
        .scalars()
        .all()
    )
    return _in_order(s, [UUID(i) for i in ids])


def count(db: Database, query: str = "", filters: CaseFilter | None = None) -> int:
    what = interpret(query)
    with db.read() as s:
        what = _checked(s, what)
        scoped = _scoped(
            _filtered(select(func.count(Case.id)).select_from(Case), filters or CaseFilter()), what
        )
        return 0 if scoped is None else int(s.scalar(scoped) or 0)


def find_cases(db: Database, query: str, *, limit: int = 50) -> list[CaseBrief]:
    """The search box alone: newest first."""
    if interpret(query).kind == "empty":
        return []
    return search(db, query, limit=limit)
