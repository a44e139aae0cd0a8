"""Column types shared by the models: compact on SQLite (every byte is paid a million times, in the
table and in each index), native on PostgreSQL (the central server).

| Python   | SQLite                                   | PostgreSQL  |
|----------|------------------------------------------|-------------|
| UUID     | BLOB, 16 bytes                           | uuid        |
| datetime | INTEGER, UTC milliseconds since 1970     | timestamptz |
| date     | INTEGER, days since 1970-01-01           | date        |
| JSON     | TEXT, UTF-8 without spaces               | jsonb       |

Milliseconds, not seconds: they keep the order of two steps taken within one second, and they stay
6 bytes long (seconds pass 4 bytes in 2038). Raw SQL on SQLite reads these numbers directly; the
conversions it needs (an Iraqi day's bounds, a day's number) are in `services/figures/sql.py`.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import uuid6
from sqlalchemy import JSON, BigInteger, Date, DateTime, Integer, LargeBinary, Text, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MS = timedelta(milliseconds=1)


def new_uuid7() -> UUID:
    """Time-ordered (v7) so that new rows land at the end of their indexes."""
    return UUID(bytes=uuid6.uuid7().bytes)


def to_millis(moment: datetime) -> int:
    """An aware moment as whole UTC milliseconds since 1970 (what SQLite stores)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; use services.clock.now()")
    return (moment - EPOCH) // _MS


def from_millis(value: int) -> datetime:
    return EPOCH + value * _MS


def to_day_number(day: date) -> int:
    """A calendar date as days since 1970-01-01 (what SQLite stores)."""
    return day.toordinal() - EPOCH_ORDINAL


def from_day_number(value: int) -> date:
    return date.fromordinal(value + EPOCH_ORDINAL)


def _sqlite(dialect: Dialect) -> bool:
    return dialect.name == "sqlite"


class CompactUuid(TypeDecorator[UUID]):
    """16 bytes on SQLite (not 32 hexadecimal characters), the native uuid on PostgreSQL."""

    impl = Uuid
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(LargeBinary(16) if _sqlite(dialect) else Uuid())

    def process_bind_param(self, value: UUID | str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, UUID):
            value = UUID(str(value))
        return value.bytes if _sqlite(dialect) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> UUID | None:
        if value is None:
            return None
        if _sqlite(dialect):
            return UUID(bytes=bytes(value))
        return value if isinstance(value, UUID) else UUID(str(value))


class UTCDateTime(TypeDecorator[datetime]):
    """An aware moment, returned in UTC: integer milliseconds on SQLite, timestamptz on PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(BigInteger() if _sqlite(dialect) else DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if _sqlite(dialect):
            return to_millis(value)
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use services.clock.now()")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if _sqlite(dialect):
            return from_millis(int(value))
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


class Day(TypeDecorator[date]):
    """A calendar date (Iraqi days: deadlines, holidays): days since 1970 on SQLite, date on PostgreSQL."""

    impl = Date
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(Integer() if _sqlite(dialect) else Date())

    def process_bind_param(self, value: date | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return to_day_number(value) if _sqlite(dialect) else value

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if value is None:
            return None
        return from_day_number(int(value)) if _sqlite(dialect) else value


def dumps(value: Any) -> str:
    """JSON as SQLite keeps it: UTF-8 letters (not \\u escapes, 6 bytes each), no spaces."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class CompactJSON(TypeDecorator[Any]):
    """A JSON document: compact text on SQLite (json_extract reads it), jsonb on PostgreSQL."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if _sqlite(dialect):
            return dialect.type_descriptor(Text())
        from sqlalchemy.dialects.postgresql import JSONB  # the central server only: not at a station's start

        return dialect.type_descriptor(JSONB())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if _sqlite(dialect):
            return None if value is None else dumps(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if _sqlite(dialect) and isinstance(value, str | bytes):
            return json.loads(value)
        return value
