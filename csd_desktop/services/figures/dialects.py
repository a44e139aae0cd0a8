"""How the figures' SQL (sql.py) is spelt on each database: SQLite at a station, PostgreSQL at the
central server. One set of statements; only these few spellings differ.

SQLite keeps moments as UTC milliseconds and days as day numbers (db/types.py), so its arithmetic is
on integers, comparisons are already 0 or 1, and `+column` keeps the planner on the index named;
PostgreSQL has timestamptz, date, booleans and jsonb, and needs its casts said out loud.
"""

from __future__ import annotations

from functools import cache

from .. import clock

_DAY_MS = 86_400_000
_OFFSET_S = int(clock.IRAQ_TZ.utcoffset(None).total_seconds())


class Spelling:
    """SQLite's spellings (the station's, and the measured plans')."""

    name = "sqlite"
    temp_schema = "temp"
    cross_join = "CROSS JOIN"  # SQLite keeps the join order written
    row_id = "rowid"
    nulls_first = ""  # SQLite's NULLs come first already

    def day_end(self, day: str) -> str:
        """The moment an Iraqi day ends."""
        return f"(({day}) + 1) * {_DAY_MS} - {_OFFSET_S * 1000}"

    def days(self, later: str, earlier: str) -> str:
        """Days (with their fraction) between two moments."""
        return f"(({later}) - ({earlier})) / {float(_DAY_MS)}"

    def total(self, x: str) -> str:
        """A sum that is 0.0 (a float) over no rows."""
        return f"total({x})"

    def flag(self, condition: str) -> str:
        """A condition (or a boolean column) as the integer 0 or 1."""
        return condition

    def truth(self, x: str) -> str:
        """An integer used as a condition (nonzero is true)."""
        return x

    def as_text(self, x: str) -> str:
        return x

    def unindexed(self, column: str) -> str:
        """The column, with the planner told not to reach it through an index."""
        return f"+{column}"

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def day_param(self, name: str) -> str:
        return f":{name}"

    def moment_literal(self, millis: int) -> str:
        return str(millis)

    def day_literal(self, day_number: int) -> str:
        return str(day_number)


class PostgresSpelling(Spelling):
    """The central server's PostgreSQL."""

    name = "postgresql"
    temp_schema = "pg_temp"
    cross_join = "JOIN"  # PostgreSQL's CROSS JOIN takes no ON
    row_id = "id"
    nulls_first = " NULLS FIRST"  # as SQLite sorts them, so ties fall the same way

    def day_end(self, day: str) -> str:
        # date + 1 is the next day; less the offset, read as UTC: the moment Iraq's day ended
        return f"((({day}) + 1) - interval '{_OFFSET_S} seconds') AT TIME ZONE 'UTC'"

    def days(self, later: str, earlier: str) -> str:
        return f"extract(epoch FROM ({later}) - ({earlier})) / 86400.0"

    def total(self, x: str) -> str:
        return f"CAST(coalesce(sum({x}), 0) AS DOUBLE PRECISION)"

    def flag(self, condition: str) -> str:
        return f"CAST(({condition}) AS INTEGER)"

    def truth(self, x: str) -> str:
        return f"({x}) <> 0"

    def as_text(self, x: str) -> str:
        return f"CAST({x} AS TEXT)"

    def unindexed(self, column: str) -> str:
        return column

    def json_text(self, column: str, key: str) -> str:
        return f"{column} ->> '{key}'"

    def day_param(self, name: str) -> str:
        return f"CAST(:{name} AS DATE)"

    def moment_literal(self, millis: int) -> str:
        return f"to_timestamp({millis} / 1000.0)"

    def day_literal(self, day_number: int) -> str:
        return f"(DATE '1970-01-01' + {day_number})"


@cache
def spelling(dialect: str) -> Spelling:
    """The spellings for a SQLAlchemy dialect's name."""
    if dialect == "postgresql":
        return PostgresSpelling()
    if dialect == "sqlite":
        return Spelling()
    raise ValueError(f"figures are not spelt for {dialect}")
