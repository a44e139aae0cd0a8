"""Applying received changes inside the caller's transaction: each row inserted if absent (by id), a
station's changes only past what is held of it, timelines merged as a union and their cases replayed.
Applying the same changes twice, or an overlapping range, changes nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from ..db.changes import ORDER, last_seq
from ..db.models import Citizen
from ..db.sync_models import ChangeLog
from ..i18n import _
from ..services.search import search_row
from .bundle import BundleRefused
from .replay import replay
from .wire import chunks, decode_row, table


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
                _(
                    "الحزمة تبدأ بالتغيير {first} من {who}، وآخر ما وصل هنا منها {mark}: التغييرات "
                    "{missing_from}–{missing_to} مفقودة (حزمة لم تُستورد). استورد الحزمة السابقة أولاً، أو "
                    "اطلب من المرسل حزمة جديدة: تبدأ دائماً مما استُلم."
                ).format(
                    first=first,
                    who=names.get(station, station.hex),
                    mark=mark,
                    missing_from=mark + 1,
                    missing_to=first - 1,
                ),
                code="gap",
            )


def apply_lines(
    s: Session, lines: Sequence[Mapping[str, Any]], origins: Mapping[UUID, Origin]
) -> Counter[str]:
    """Insert what is new of `lines` (wire lines of stations in `origins`); returns rows added per table."""
    marks = {station: last_seq(s, station) for station in origins}
    fresh: list[tuple[UUID, Mapping[str, Any]]] = []
    for line in lines:
        try:
            station, seq, name = UUID(hex=line["s"]), int(line["q"]), str(line["t"])
        except (KeyError, ValueError, TypeError) as e:
            raise BundleRefused(_("بيانات الحزمة لا تُقرأ: الحزمة تالفة."), code="tampered") from e
        if station not in origins or name not in ORDER:
            raise BundleRefused(_("الحزمة تحمل تغييرات لا يُعرف مصدرها: الحزمة تالفة."), code="tampered")
        if seq > marks[station]:
            fresh.append((station, line))
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ORDER}
    for station, line in fresh:
        row = decode_row(line["t"], line["r"])
        if line["t"] == "users":
            row = _shadow_user(row, origins[station])
        rows[line["t"]].append(row)
    added: Counter[str] = Counter()
    for name in ORDER:
        if name == "case_events":
            added[name] = _insert_events(s, rows[name])
        else:
            added[name] = _insert_absent(s, name, rows[name])
    if fresh:
        s.execute(
            insert(ChangeLog.__table__),
            [
                {
                    "station_id": station,
                    "seq": int(line["q"]),
                    "table_name": line["t"],
                    "row_id": UUID(hex=line["r"]["id"]),
                    "case_id": UUID(hex=line["r"]["case_id"]) if line["t"] == "case_events" else None,
                }
                for station, line in fresh
            ],
        )
    touched = {r["case_id"] for r in rows["case_events"]} | {r["id"] for r in rows["cases"]}
    replay(s, touched)
    _index_new_cases(s, [r for r in rows["cases"] if r["id"] in touched])
    return added


def _shadow_user(row: dict[str, Any], origin: Origin) -> dict[str, Any]:
    """A user of another station: shown by name in timelines, never able to sign in here."""
    suffix = f"@{origin.office}-{origin.number:02d}"
    return row | {
        "username": (row["username"][: 50 - len(suffix)] + suffix).lower(),
        "password_hash": "!",
        "active": False,
        "created_by": None,
    }


def _insert_absent(s: Session, name: str, rows: list[dict[str, Any]]) -> int:
    t = table(name)
    if not rows:
        return 0
    held: set[UUID] = set()
    for part in chunks([r["id"] for r in rows]):
        held.update(s.scalars(select(t.c.id).where(t.c.id.in_(part))))
    new = [r for r in rows if r["id"] not in held]
    for part in chunks(new, 5000):
        s.execute(insert(t), list(part))
    return len(new)


def _insert_events(s: Session, rows: list[dict[str, Any]]) -> int:
    """A step already here (by id) is skipped; a new one goes after the case's last step here."""
    t = table("case_events")
    if not rows:
        return 0
    held: set[UUID] = set()
    last: dict[UUID, int] = {}
    for part in chunks(sorted({r["case_id"] for r in rows})):
        for case_id, event_id, seq in s.execute(
            select(t.c.case_id, t.c.id, t.c.seq).where(t.c.case_id.in_(part))
        ):
            held.add(event_id)
            last[case_id] = max(seq, last.get(case_id, 0))
    new = []
    for r in sorted(rows, key=lambda r: (r["at"], r["id"])):
        if r["id"] in held:
            continue
        held.add(r["id"])
        last[r["case_id"]] = last.get(r["case_id"], 0) + 1
        new.append(r | {"seq": last[r["case_id"]]})
    for part in chunks(new, 5000):
        s.execute(insert(t), list(part))
    return len(new)


def _index_new_cases(s: Session, cases: list[dict[str, Any]]) -> None:
    """Received cases go into this file's word index (SQLite's; the central server has none yet)."""
    if not cases or s.get_bind().dialect.name != "sqlite":
        return
    people = dict(
        s.execute(
            select(Citizen.id, Citizen.person_id).where(Citizen.id.in_([c["citizen_id"] for c in cases]))
        ).all()
    )
    names: dict[UUID, list[str]] = {}
    for part in chunks(sorted(set(people.values()))):
        for person, full_name in s.execute(
            select(Citizen.person_id, Citizen.full_name)
            .where(Citizen.person_id.in_(part))
            .order_by(Citizen.id)
        ):
            names.setdefault(person, []).append(full_name)
    rowid = s.scalar(text("SELECT max(search_rowid) FROM cases")) or 0
    index, numbers = [], []
    for case in cases:
        rowid += 1
        name, body = search_row(names.get(people[case["citizen_id"]], []), case["subject"], case["details"])
        index.append({"rowid": rowid, "name": name, "body": body})
        numbers.append({"b_id": case["id"], "b_rowid": rowid})
    s.execute(text("INSERT INTO case_search (rowid, name, body) VALUES (:rowid, :name, :body)"), index)
    t = table("cases")
    s.execute(update(t).where(t.c.id == bindparam("b_id")).values(search_rowid=bindparam("b_rowid")), numbers)
