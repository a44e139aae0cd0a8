"""Applying received changes inside the caller's transaction: each row inserted if absent (by id), a
station's changes only past what is held of it, timelines merged as a union and their cases replayed.
Applying the same changes twice, or an overlapping range, changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..db.changes import ORDER, last_seq
from ..i18n import N_
from ..services.search import search_row
from .bundle import BundleRefused
from .locks import insert_amendments, insert_locks
from .people import after_arrival, before_arrival
from .replay import replay
from .wire import chunks, codec_for, held_ids, insert_rows


@dataclass(frozen=True)
class Origin:
    """Who made a station's changes: its office code and number (a shadow user's name shows it)."""

    office: str
    number: int


def check_ranges(s: Session, ranges: Mapping[UUID, tuple[int, int]], names: Mapping[UUID, str]) -> None:
    """Refuse a range that starts past what is held of its station: the changes between are missing."""
    for station, (first, _last) in ranges.items():
        mark = last_seq(s, station)
        if first > mark + 1:
            raise BundleRefused(
                N_(
                    "الحزمة تبدأ بالتغيير {first} من {who}، وآخر ما وصل هنا منها {mark}: التغييرات "
                    "{missing_from}–{missing_to} مفقودة (حزمة لم تُستورد). استورد الحزمة السابقة أولاً، أو "
                    "اطلب من المرسل حزمة جديدة: تبدأ دائماً مما استُلم."
                ),
                first=first,
                who=names.get(station, station.hex),
                mark=mark,
                missing_from=mark + 1,
                missing_to=first - 1,
                code="gap",
            )


def apply_lines(
    s: Session, lines: Sequence[Mapping[str, Any]], origins: Mapping[UUID, Origin]
) -> Counter[str]:
    """Insert what is new of `lines` (wire lines of stations in `origins`); returns rows added per table."""
    marks = {station.hex: last_seq(s, station) for station in origins}
    who = {station.hex: origin for station, origin in origins.items()}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ORDER}
    logged: list[dict[str, Any]] = []
    for line in lines:
        try:
            station, seq, name = str(line["s"]), int(line["q"]), str(line["t"])
            row = None if line["r"] is None else dict(line["r"])
            row_id = str(line["i"] if row is None else row["id"])
        except (KeyError, ValueError, TypeError) as e:
            raise BundleRefused(N_("بيانات الحزمة لا تُقرأ: الحزمة تالفة."), code="tampered") from e
        if station not in marks or name not in ORDER:
            raise BundleRefused(N_("الحزمة تحمل تغييرات لا يُعرف مصدرها: الحزمة تالفة."), code="tampered")
        if seq <= marks[station]:
            continue
        if row is not None:
            rows[name].append(_shadow_user(row, who[station]) if name == "users" else row)
        case_id = row.get("case_id") if row is not None and name == "case_events" else None
        logged.append(
            {"station_id": station, "seq": seq, "table_name": name, "row_id": row_id, "case_id": case_id}
        )
    added: Counter[str] = Counter()
    instead: dict[str, str] = {}
    for name in ORDER:
        if name == "case_events":
            added[name] = _insert_events(s, rows[name])
            continue
        new = _absent(s, name, rows[name])
        if name == "month_locks":
            added[name], instead = insert_locks(s, new)
            continue
        if name == "amendments":
            added[name] = insert_amendments(s, new, instead)
            continue
        if name == "cases":
            _insert_cases(s, new)
        elif name == "citizens":
            arrival = before_arrival(s, new)
            insert_rows(s, name, new)
            after_arrival(s, arrival)
        else:
            insert_rows(s, name, new, **({"password_hash": ["!"] * len(new)} if name == "users" else {}))
        added[name] = len(new)
    insert_rows(s, "change_log", logged)
    touched = {r["case_id"] for r in rows["case_events"]} | {r["id"] for r in rows["cases"]}
    replay(s, [UUID(hex=h) for h in touched])
    return added


def _shadow_user(row: dict[str, Any], origin: Origin) -> dict[str, Any]:
    """A user of another station: shown by name in timelines, never able to sign in here."""
    suffix = f"@{origin.office}-{origin.number:02d}"
    return row | {
        "username": (str(row["username"])[: 50 - len(suffix)] + suffix).lower(),
        "active": False,
        "created_by": None,
    }


def _absent(s: Session, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    held = held_ids(s, name, (r["id"] for r in rows)) if rows else set()
    return [r for r in rows if r["id"] not in held]


def _insert_events(s: Session, rows: list[dict[str, Any]]) -> int:
    """A step already here (by id) is skipped; a new one goes after the case's last step here."""
    if not rows:
        return 0
    c = codec_for(s, "case_events")
    t, to_db, to_wire = c.target, c.from_wire["id"], c.to_wire["id"]
    held: set[str] = set()
    last: dict[str, int] = {}
    for part in chunks(sorted({r["case_id"] for r in rows})):
        for case_id, event_id, seq in s.execute(
            select(t.c.case_id, t.c.id, t.c.seq).where(t.c.case_id.in_([to_db(i) for i in part]))
        ):
            held.add(to_wire(event_id))
            key = to_wire(case_id)
            last[key] = max(seq, last.get(key, 0))
    new = []
    for r in sorted(rows, key=lambda r: (r["at"], r["id"])):
        if r["id"] in held:
            continue
        held.add(r["id"])
        last[r["case_id"]] = last.get(r["case_id"], 0) + 1
        new.append(r | {"seq": last[r["case_id"]]})
    insert_rows(s, "case_events", new)
    return len(new)


def _insert_cases(s: Session, cases: list[dict[str, Any]]) -> None:
    """Received cases, each with its row in this file's word index (SQLite's; the central server has
    none yet), numbered as they go in."""
    if not cases or s.get_bind().dialect.name != "sqlite":
        insert_rows(s, "cases", cases)
        return
    names = names_by_citizen(s, [c["citizen_id"] for c in cases])
    rowid = s.scalar(text("SELECT max(search_rowid) FROM cases")) or 0
    index = []
    for case in cases:
        rowid += 1
        name, body = search_row(names.get(case["citizen_id"], []), case["subject"], case["details"])
        index.append({"rowid": rowid, "name": name, "body": body})
    s.execute(text("INSERT INTO case_search (rowid, name, body) VALUES (:rowid, :name, :body)"), index)
    insert_rows(s, "cases", cases, search_rowid=[i["rowid"] for i in index])


def names_by_citizen(s: Session, citizen_ids: Sequence[str]) -> dict[str, list[str]]:
    """For each citizen version (hexadecimal id), every name its person is known by here."""
    c = codec_for(s, "citizens")
    t, to_db, to_wire = c.target, c.from_wire["id"], c.to_wire["id"]
    people: dict[str, Any] = {}
    for part in chunks(sorted(set(citizen_ids))):
        for i, person in s.execute(select(t.c.id, t.c.person_id).where(t.c.id.in_([to_db(x) for x in part]))):
            people[to_wire(i)] = person
    names: dict[Any, list[str]] = {}
    for part in chunks(sorted(set(people.values()))):
        for person, full_name in s.execute(
            select(t.c.person_id, t.c.full_name).where(t.c.person_id.in_(part)).order_by(t.c.id)
        ):
            names.setdefault(person, []).append(full_name)
    return {citizen: names.get(person, []) for citizen, person in people.items()}
