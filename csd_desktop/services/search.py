"""Finding cases: one box that knows references, phones, card numbers and Arabic words, plus filters.

Words are matched in the full-text index `case_search`, which holds every name the case's citizen
was registered under and the case's subject and details in the normalised form of domain.arabic
(hamza forms, taa marbuta, alef maqsura, diacritics, tatweel and digits folded, compound names
joined), so أحمد finds احمد, فاطمه finds فاطمة, عبدالله finds عبد الله and مسوول finds مسؤول.

The index is contentless (db migration 0007): it keeps the words, not the text, and answers with
its row numbers, which are the cases' `search_rowid`. A row can only be taken out by naming the
words it was put in with, so those are always recomputed the same way (`search_row`) from what
never changes: a case's subject and details, and its person's names (citizens' rows are never
edited, a new name is a new version). Whoever adds a version of a person — intake today, sync
tomorrow — calls `reindex_person` with the names before and after. A change to the normalisation
must rebuild the index (`rebuild_index`) in the same migration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from itertools import groupby
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, TextClause, func, select, text
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import OPEN_CASE, Case, Category, Citizen, District, Entity
from ..domain.arabic import ascii_digits, hamza_variants, index_text, search_words, strip_direction_marks
from ..domain.enums import Status
from ..domain.reference import parse_reference
from ..domain.validation import mobile
from ..errors import ValidationError
from ..i18n import N_
from . import clock
from .cases import CaseBrief, brief_query, briefs, checked_reference
from .citizens import person_versions

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


def person_names(s: Session, person_id: UUID, *, but: UUID | None = None) -> list[str]:
    """Every name a person was registered under, oldest version first (leaving out version `but`)."""
    query = select(Citizen.full_name).where(Citizen.person_id == person_id)
    if but is not None:
        query = query.where(Citizen.id != but)
    return list(s.scalars(query.order_by(Citizen.id)))


_INSERT = text("INSERT INTO case_search (rowid, name, body) VALUES (:rowid, :name, :body)")
_DELETE = text(
    "INSERT INTO case_search (case_search, rowid, name, body) VALUES ('delete', :rowid, :name, :body)"
)


def index_case(s: Session, case: Case, citizen_names: Iterable[str]) -> None:
    """Put a new case into the word index, inside the caller's transaction. Its row comes after every
    other, so row order is registration order (the newest-first word page reads it backwards)."""
    if case.search_rowid is not None:
        raise ValueError("the case is in the word index already")
    rowid = (s.scalar(select(func.max(Case.search_rowid))) or 0) + 1
    name, body = search_row(citizen_names, case.subject, case.details)
    s.execute(_INSERT, {"rowid": rowid, "name": name, "body": body})
    case.search_rowid = rowid


def reindex_person(s: Session, person_id: UUID, before: list[str], after: list[str]) -> None:
    """A person got a new name: their cases already in the index are taken out under the names they
    were put in with (`before`) and put back, on the same row, under every name (`after`), so their
    earlier cases are found under the new name too."""
    if search_row(before, "", "") == search_row(after, "", ""):
        return
    cases = s.execute(
        select(Case.search_rowid, Case.subject, Case.details).where(
            Case.citizen_id.in_(person_versions(person_id)), Case.search_rowid.is_not(None)
        )
    ).all()
    for rowid, subject, details in cases:
        old_name, old_body = search_row(before, subject, details)
        s.execute(_DELETE, {"rowid": rowid, "name": old_name, "body": old_body})
        name, body = search_row(after, subject, details)
        s.execute(_INSERT, {"rowid": rowid, "name": name, "body": body})


def rebuild_index(s: Session) -> int:
    """Every case's words again, on its own row, after emptying the index: for a migration that
    changes the normalisation (domain.arabic), so what is indexed is what `search_row` now says.
    Returns the number of cases indexed."""
    s.execute(text("INSERT INTO case_search (case_search) VALUES ('delete-all')"))
    cases = s.execute(
        select(Citizen.person_id, Case.search_rowid, Case.subject, Case.details)
        .join(Citizen, Case.citizen_id == Citizen.id)
        .where(Case.search_rowid.is_not(None))
        .order_by(Citizen.person_id)
    ).all()
    for person_id, rows in groupby(cases, key=lambda row: row[0]):
        names = person_names(s, person_id)
        for _, rowid, subject, details in rows:
            name, body = search_row(names, subject, details)
            s.execute(_INSERT, {"rowid": rowid, "name": name, "body": body})
    return len(cases)


def _terms(word: str) -> list[str]:
    """The index's tokens in a word: FTS5's tokenizer splits on `_`, which \\w keeps."""
    return [part for part in word.split("_") if part]


def _searchable(typed: str) -> list[str]:
    """The words that leave a token in the index ("_" or "%_*" leave none: an empty MATCH is an error)."""
    return [word for word in search_words(typed) if _terms(word)]


def _match_expression(words: list[str]) -> str:
    """Each word as a prefix, all required; a word with a bare hamza also as و or ي:
    `"محمد"* AND ("مسءول"* OR "مسوول"* OR "مسيول"*)`. Single tokens only: the index keeps no
    positions, so it answers no phrase."""
    terms = []
    for word in words:
        for part in _terms(word):
            variants = [f'"{v}"*' for v in hamza_variants(part)]
            terms.append(variants[0] if len(variants) == 1 else f"({' OR '.join(variants)})")
    return " AND ".join(terms)


# --- the one search box -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Interpretation:
    kind: str  # "reference", "phone", "national_id", "words", "empty"
    value: str


def interpret(query: str) -> Interpretation:
    """What the clerk typed: a reference (dashes and check digit optional), a phone, a card, or words."""
    if not isinstance(query, str):  # a script's number or list
        raise ValidationError(N_("اكتب ما تبحث عنه نصاً (رقماً مرجعياً أو هاتفاً أو اسماً)."), field="query")
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
    conditions: list[ColumnElement[bool] | TextClause] = []
    if f.statuses:
        conditions.append(Case.status.in_(sorted(f.statuses)))
    # Open statuses only: said as OPEN too, so the open cases' indexes serve the filter.
    if f.open_only or f.overdue or (f.statuses and Status.CLOSED.value not in f.statuses):
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
        words = _searchable(what.value)
        if not words:
            return None
        return query.where(
            text(
                "cases.search_rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH :match)"
            ).bindparams(match=_match_expression(words))
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
    words = _searchable(words_text)
    if not words:
        return []
    rowids = (
        s.execute(
            text(
                "SELECT rowid FROM case_search WHERE case_search MATCH :match "
                "ORDER BY rowid DESC LIMIT :limit OFFSET :offset"
            ),
            {"match": _match_expression(words), "limit": limit, "offset": offset},
        )
        .scalars()
        .all()
    )
    if not rowids:
        return []
    found = s.execute(select(Case.search_rowid, Case.id).where(Case.search_rowid.in_(rowids)))
    ids = {rowid: case_id for rowid, case_id in found}
    return _in_order(s, [ids[r] for r in rowids if r in ids])


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
