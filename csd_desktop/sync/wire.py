"""Rows as they travel in a bundle: each logged change as one compact JSON line, compressed.

A line is `{"s": station, "q": seq, "t": table, "r": row}`: the station that made the change, its place
in that station's sequence, and the row's columns with ids as hexadecimal, moments as UTC milliseconds
and days as day numbers (what SQLite stores; PostgreSQL converts on insert). What is local to one file
(a case's row in the word index, a password hash) stays home.

Speed: 100,000 changes go through here (DESIGN.md §6). On SQLite the wire form is nearly the stored
form, so rows are read and written untyped (no per-value type processing): only ids and bytes change
between hexadecimal and bytes, JSON between text and objects. PostgreSQL goes through the models' types.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Boolean, LargeBinary, Table, column, insert, select
from sqlalchemy import table as light_table
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from ..db.models import Base
from ..db.types import (
    CompactJSON,
    CompactUuid,
    Day,
    UTCDateTime,
    dumps,
    from_day_number,
    from_millis,
    to_day_number,
    to_millis,
)
from ..i18n import N_
from .bundle import BundleRefused

LOCAL_COLUMNS = {"cases": {"search_rowid"}, "users": {"password_hash", "must_change_password"}}
CHUNK = 500
_Fn = Callable[[Any], Any]


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _same(v: Any) -> Any:
    return v


def _typed(col: Any) -> tuple[_Fn, _Fn]:
    """(to wire, from wire) for the models' Python values."""
    kind = type(col.type)
    if kind is CompactUuid:
        return (lambda v: v.hex), (lambda v: UUID(hex=v))
    if kind is UTCDateTime:
        return to_millis, from_millis
    if kind is Day:
        return to_day_number, from_day_number
    if isinstance(col.type, LargeBinary):
        return (lambda v: bytes(v).hex()), bytes.fromhex
    return _same, _same


def _stored(col: Any) -> tuple[_Fn, _Fn]:
    """(to wire, from wire) for SQLite's stored values: moments and days are already numbers."""
    kind = type(col.type)
    if kind is CompactUuid or isinstance(col.type, LargeBinary):
        return bytes.hex, bytes.fromhex
    if kind is CompactJSON:
        return json.loads, dumps
    if isinstance(col.type, Boolean):
        return bool, _same
    return _same, _same


@dataclass(frozen=True)
class Codec:
    """One table's columns on the wire and how each goes to and from this database's values."""

    name: str
    columns: tuple[str, ...]  # what travels
    to_wire: dict[str, _Fn]
    from_wire: dict[str, _Fn]
    target: TableClause  # untyped on SQLite: values are bound and read as they are stored
    encoders: tuple[_Fn, ...]  # to_wire in the order of `columns`

    def encode(self, values: Sequence[Any]) -> dict[str, Any]:
        """A row read as `self.columns` (in that order) as its wire form."""
        return {
            c: None if v is None else f(v)
            for c, f, v in zip(self.columns, self.encoders, values, strict=True)
        }

    def decode(self, row: dict[str, Any]) -> dict[str, Any]:
        """A wire row as this database's values; extra local columns pass as they are."""
        try:
            out = {c: None if row.get(c) is None else f(row[c]) for c, f in self.from_wire.items()}
        except (ValueError, TypeError, AttributeError) as e:
            raise BundleRefused(_DAMAGED, code="tampered") from e
        return out


@cache
def codec(name: str, sqlite: bool) -> Codec:
    t = table(name)
    skip = LOCAL_COLUMNS.get(name, set())
    cols = [c for c in t.columns if c.name not in skip]
    pairs = {c.name: (_stored if sqlite else _typed)(c) for c in cols}
    target = light_table(name, *(column(c.name) for c in t.columns)) if sqlite else t
    return Codec(
        name,
        tuple(pairs),
        {k: v[0] for k, v in pairs.items()},
        {k: v[1] for k, v in pairs.items()},
        target,
        tuple(v[0] for v in pairs.values()),
    )


def codec_for(s: Session, name: str) -> Codec:
    return codec(name, s.get_bind().dialect.name == "sqlite")


def encode_row(name: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row of the models' Python values (reference data) as its wire form."""
    c = codec(name, False)
    return c.encode([row[k] for k in c.columns])


def decode_row(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """A wire row as the models' Python values (reference data)."""
    return codec(name, False).decode(data)


_DAMAGED = N_("بيانات الحزمة لا تُقرأ: الحزمة تالفة أو من إصدار لا يعرفه هذا البرنامج.")


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


class Entry(NamedTuple):
    """A logged change, ids as hexadecimal (their wire form)."""

    station: str
    seq: int
    table_name: str
    row_id: str
    case_id: str | None


def outbox(s: Session, station: UUID, after: int) -> list[Entry]:
    """A station's logged changes past `after`, in sequence order."""
    c = codec_for(s, "change_log")
    t = c.target
    rows = s.execute(
        select(t.c.seq, t.c.table_name, t.c.row_id, t.c.case_id)
        .where(t.c.station_id == c.from_wire["station_id"](station.hex), t.c.seq > after)
        .order_by(t.c.seq)
    )
    hexed = c.to_wire["row_id"]
    return [
        Entry(station.hex, seq, name, hexed(row), None if case is None else hexed(case))
        for seq, name, row, case in rows
    ]


def read_rows(s: Session, name: str, entries: Sequence[Entry]) -> dict[str, dict[str, Any]]:
    """The current wire rows behind logged changes of one table, by hexadecimal id (a step is read
    through its case: case_events' key)."""
    c = codec_for(s, name)
    t, to_db = c.target, c.from_wire["id"]
    cols = [t.c[k] for k in c.columns]
    at = c.columns.index("id")
    found: dict[str, dict[str, Any]] = {}
    if name == "case_events":
        wanted = {e.row_id for e in entries}
        for part in chunks(sorted({e.case_id for e in entries if e.case_id})):
            for values in s.execute(select(*cols).where(t.c.case_id.in_([to_db(i) for i in part]))):
                key = c.to_wire["id"](values[at])
                if key in wanted:
                    found[key] = c.encode(values)
        return found
    for part in chunks(sorted({e.row_id for e in entries})):
        for values in s.execute(select(*cols).where(t.c.id.in_([to_db(i) for i in part]))):
            found[c.to_wire["id"](values[at])] = c.encode(values)
    return found


def lines_for(s: Session, entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """The wire lines of logged changes (in sequence order)."""
    by_table: dict[str, list[Entry]] = {}
    for e in entries:
        by_table.setdefault(e.table_name, []).append(e)
    rows = {name: read_rows(s, name, group) for name, group in by_table.items()}
    return [_line(e, rows[e.table_name].get(e.row_id)) for e in entries]


def _line(e: Entry, row: dict[str, Any] | None) -> dict[str, Any]:
    if row is None:  # a change the receiver left out (sync.locks): its place in the sequence travels
        return {"s": e.station, "q": e.seq, "t": e.table_name, "r": None, "i": e.row_id}
    return {"s": e.station, "q": e.seq, "t": e.table_name, "r": row}


def held_ids(s: Session, name: str, ids: Iterable[str]) -> set[str]:
    """Which of these (hexadecimal) ids are already rows of the table."""
    c = codec_for(s, name)
    t, to_db, to_wire = c.target, c.from_wire["id"], c.to_wire["id"]
    held: set[str] = set()
    for part in chunks(sorted(set(ids))):
        held.update(to_wire(i) for i in s.scalars(select(t.c.id).where(t.c.id.in_([to_db(i) for i in part]))))
    return held


def insert_rows(s: Session, name: str, rows: Sequence[dict[str, Any]], **local: Sequence[Any]) -> None:
    """Insert wire rows; `local` gives columns that do not travel, one value per row."""
    if not rows:
        return
    c = codec_for(s, name)
    if s.get_bind().dialect.name == "sqlite":  # straight to the driver: the values are as stored
        _insert_stored(s, c, rows, local)
        return
    values = [c.decode(r) for r in rows]
    for key, column_values in local.items():
        for v, x in zip(values, column_values, strict=True):
            v[key] = x
    for part in chunks(values, 5000):
        s.execute(insert(c.target), list(part))


def _insert_stored(
    s: Session, c: Codec, rows: Sequence[dict[str, Any]], local: dict[str, Sequence[Any]]
) -> None:
    names = [*c.columns, *local]
    quoted = ", ".join(f'"{k}"' for k in names)
    sql = f'INSERT INTO "{c.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
    convert = [(i, c.from_wire[k]) for i, k in enumerate(c.columns) if c.from_wire[k] is not _same]
    extra = list(zip(*local.values(), strict=True)) if local else None
    values = []
    try:
        for n, r in enumerate(rows):
            row = [r.get(k) for k in c.columns]
            for i, f in convert:
                if row[i] is not None:
                    row[i] = f(row[i])
            values.append((*row, *extra[n]) if extra else tuple(row))
    except (ValueError, TypeError, AttributeError) as e:
        raise BundleRefused(_DAMAGED, code="tampered") from e
    s.connection().exec_driver_sql(sql, values)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def pack(lines: Iterable[dict[str, Any]]) -> bytes:
    text = "\n".join(_ENCODER.encode(line) for line in lines)
    return zlib.compress(text.encode(), 6)


def unpack(data: bytes) -> list[dict[str, Any]]:
    """The lines, read as one JSON array (one call, not one per line): a line break never occurs inside
    a line (JSON writes it as \\n)."""
    try:
        text = zlib.decompress(data).decode()
        lines = json.loads(f"[{text.replace(chr(10), ',')}]") if text else []
    except (zlib.error, UnicodeDecodeError, ValueError) as e:
        raise BundleRefused(_DAMAGED, code="tampered") from e
    if not all(isinstance(line, dict) for line in lines):
        raise BundleRefused(_DAMAGED, code="tampered")
    return lines
