"""Rows as they travel in a bundle: each logged change as one compact JSON line, compressed.

A line is `{"s": station, "q": seq, "t": table, "r": row}`: the station that made the change, its place
in that station's sequence, and the row's columns with ids as hexadecimal, moments as UTC milliseconds
and days as day numbers (what SQLite stores; PostgreSQL converts on insert). What is local to one file
(a case's row in the word index, a password hash) stays home."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import LargeBinary, Table, select
from sqlalchemy.orm import Session

from ..db.models import Base
from ..db.sync_models import ChangeLog
from ..db.types import CompactUuid, Day, UTCDateTime, from_day_number, from_millis, to_day_number, to_millis
from ..i18n import N_
from .bundle import BundleRefused

LOCAL_COLUMNS = {"cases": {"search_rowid"}, "users": {"password_hash"}}
CHUNK = 500


def table(name: str) -> Table:
    return Base.metadata.tables[name]


def _codec(column: Any) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    kind = type(column.type)
    if kind is CompactUuid:
        return (lambda v: v.hex), (lambda v: UUID(hex=v))
    if kind is UTCDateTime:
        return to_millis, from_millis
    if kind is Day:
        return to_day_number, from_day_number
    if isinstance(column.type, LargeBinary):
        return (lambda v: bytes(v).hex()), bytes.fromhex
    return (lambda v: v), (lambda v: v)


def _codecs(name: str) -> dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]]:
    skip = LOCAL_COLUMNS.get(name, set())
    return {c.name: _codec(c) for c in table(name).columns if c.name not in skip}


def encode_row(name: str, row: dict[str, Any]) -> dict[str, Any]:
    return {k: None if row[k] is None else enc(row[k]) for k, (enc, _dec) in _codecs(name).items()}


def decode_row(name: str, data: dict[str, Any]) -> dict[str, Any]:
    codecs = _codecs(name)
    try:
        return {k: None if data.get(k) is None else dec(data[k]) for k, (_enc, dec) in codecs.items()}
    except (ValueError, TypeError, AttributeError) as e:
        raise BundleRefused(_DAMAGED, code="tampered") from e


_DAMAGED = N_("بيانات الحزمة لا تُقرأ: الحزمة تالفة أو من إصدار لا يعرفه هذا البرنامج.")


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


def read_rows(s: Session, name: str, entries: Sequence[ChangeLog | Any]) -> dict[UUID, dict[str, Any]]:
    """The current rows behind logged changes of one table, by id (a step is read through its case)."""
    t = table(name)
    found: dict[UUID, dict[str, Any]] = {}
    if name == "case_events":
        wanted = {e.row_id for e in entries}
        case_ids = sorted({e.case_id for e in entries})
        for part in chunks(case_ids):
            for row in s.execute(select(t).where(t.c.case_id.in_(part))).mappings():
                if row["id"] in wanted:
                    found[row["id"]] = dict(row)
        return found
    ids = sorted({e.row_id for e in entries})
    for part in chunks(ids):
        for row in s.execute(select(t).where(t.c.id.in_(part))).mappings():
            found[row["id"]] = dict(row)
    return found


def lines_for(s: Session, entries: Sequence[Any]) -> list[dict[str, Any]]:
    """The wire lines of logged changes (ChangeLog rows, in sequence order)."""
    by_table: dict[str, list[Any]] = {}
    for e in entries:
        by_table.setdefault(e.table_name, []).append(e)
    rows = {name: read_rows(s, name, group) for name, group in by_table.items()}
    return [
        {
            "s": e.station_id.hex,
            "q": e.seq,
            "t": e.table_name,
            "r": encode_row(e.table_name, rows[e.table_name][e.row_id]),
        }
        for e in entries
    ]


def pack(lines: Iterable[dict[str, Any]]) -> bytes:
    text = "\n".join(json.dumps(line, ensure_ascii=False, separators=(",", ":")) for line in lines)
    return zlib.compress(text.encode(), 6)


def unpack(data: bytes) -> list[dict[str, Any]]:
    try:
        text = zlib.decompress(data).decode()
        return [json.loads(line) for line in text.split("\n") if line]
    except (zlib.error, UnicodeDecodeError, ValueError) as e:
        raise BundleRefused(_DAMAGED, code="tampered") from e
