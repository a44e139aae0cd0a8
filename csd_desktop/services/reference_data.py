"""Reference data: governorates, districts, categories and entities, loaded from the shipped lists."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..config import resources_dir
from ..db.engine import Database
from ..db.models import Category, District, Entity, Governorate, SlaRule

# Working days. First answer: the Qatari charter's 48–72 hours; the others are office defaults.
DEFAULT_FIRST_ANSWER_DAYS = 3
DEFAULT_ENTITY_REPLY_DAYS = 10
DEFAULT_RESOLUTION_DAYS = 30


@dataclass(frozen=True)
class RefItem:
    code: str
    name_ar: str


def _rows(name: str) -> list[dict[str, str]]:
    path: Path = resources_dir() / "reference" / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def load_reference_data(s: Session) -> None:
    """Add what is missing from the shipped lists; rows an office already has are left as they are."""
    governorates = {g.code: g for g in s.scalars(select(Governorate))}
    for row in _rows("governorates"):
        if row["code"] not in governorates:
            g = Governorate(
                code=row["code"],
                iso_code=row["iso_3166_2"] or None,
                name_ar=row["name_ar"],
                name_en=row["name_en"],
            )
            s.add(g)
            governorates[g.code] = g
    s.flush()
    known = set(s.scalars(select(District.code)))
    for row in _rows("districts"):
        if row["code"] not in known:
            s.add(
                District(
                    code=row["code"],
                    governorate_id=governorates[row["governorate_code"]].id,
                    name_ar=row["name_ar"],
                )
            )
    known = set(s.scalars(select(Category.code)))
    for row in _rows("categories"):
        if row["code"] not in known:
            s.add(Category(code=row["code"], name_ar=row["name_ar"], active=True))
    known = set(s.scalars(select(Entity.code)))
    for row in _rows("entities"):
        if row["code"] not in known:
            s.add(
                Entity(
                    code=row["code"],
                    kind=row["kind"],
                    name_ar=row["name_ar"],
                    name_en=row["name_en"],
                    active=True,
                )
            )
    if s.scalar(select(SlaRule.id).where(SlaRule.kind.is_(None), SlaRule.category_id.is_(None))) is None:
        s.add(
            SlaRule(
                kind=None,
                category_id=None,
                first_answer_days=DEFAULT_FIRST_ANSWER_DAYS,
                entity_reply_days=DEFAULT_ENTITY_REPLY_DAYS,
                resolution_days=DEFAULT_RESOLUTION_DAYS,
            )
        )
    s.flush()


def shipped_governorates() -> list[RefItem]:
    """The governorates as shipped, for the first-run dialog (the database has none before setup)."""
    return [RefItem(r["code"], r["name_ar"]) for r in _rows("governorates")]


def governorates(db: Database) -> list[RefItem]:
    with db.read() as s:
        return _governorates(s)


def districts(db: Database, governorate_code: str) -> list[RefItem]:
    with db.read() as s:
        rows = s.execute(
            select(District.code, District.name_ar)
            .join(Governorate, District.governorate_id == Governorate.id)
            .where(Governorate.code == governorate_code)
            .order_by(District.code)
        )
        return [RefItem(code, name) for code, name in rows]


def categories(db: Database) -> list[RefItem]:
    with db.read() as s:
        return _categories(s)


def entities(db: Database) -> list[RefItem]:
    with db.read() as s:
        return _entities(s)


@dataclass(frozen=True)
class OfficeLists:
    """Every pick list the screens offer, read in one go: the window reads them once per session."""

    governorates: tuple[RefItem, ...]
    districts: Mapping[str, tuple[RefItem, ...]]  # by governorate code
    categories: tuple[RefItem, ...]
    entities: tuple[RefItem, ...]


def office_lists(db: Database) -> OfficeLists:
    with db.read() as s:
        rows = s.execute(
            select(Governorate.code, District.code, District.name_ar)
            .join(Governorate, District.governorate_id == Governorate.id)
            .order_by(Governorate.code, District.code)
        )
        districts: dict[str, list[RefItem]] = {}
        for governorate, code, name in rows:
            districts.setdefault(governorate, []).append(RefItem(code, name))
        return OfficeLists(
            governorates=tuple(_governorates(s)),
            districts={code: tuple(items) for code, items in districts.items()},
            categories=tuple(_categories(s)),
            entities=tuple(_entities(s)),
        )


def _governorates(s: Session) -> list[RefItem]:
    rows = s.execute(select(Governorate.code, Governorate.name_ar).order_by(Governorate.code))
    return [RefItem(code, name) for code, name in rows]


def _categories(s: Session) -> list[RefItem]:
    query = select(Category.code, Category.name_ar).where(Category.active).order_by(Category.code)
    return [RefItem(code, name) for code, name in s.execute(query)]


def _entities(s: Session) -> list[RefItem]:
    query = select(Entity.code, Entity.name_ar).where(Entity.active).order_by(Entity.code)
    return [RefItem(code, name) for code, name in s.execute(query)]
