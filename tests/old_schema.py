"""Databases as the code before compact storage (schema 0006 and earlier) wrote them, and both
formats read back as plain Python values, to test the upgrade (migration 0007).

The old format is SQLAlchemy's defaults on SQLite: ids as 32 hexadecimal characters, moments as
'YYYY-MM-DD HH:MM:SS.ffffff' UTC text, days as 'YYYY-MM-DD', JSON with \\u escapes and spaces; the
registration step repeated the case's reference and first-answer day; citizens kept name_search;
the word index kept its own copy of the text with the case's id.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from csd_desktop.db.migrate import upgrade
from csd_desktop.db.models import Base
from csd_desktop.db.types import CompactJSON, CompactUuid, Day, UTCDateTime, from_day_number, from_millis
from csd_desktop.domain.arabic import normalize_for_search
from csd_desktop.services.search import search_row

_OLD_KINDS = {"CHAR(32)": "uuid", "DATETIME": "moment", "DATE": "day", "JSON": "json"}


def _columns(con: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row[1]: row[2].upper() for row in con.execute(f"PRAGMA table_info({table})")}


def _tables(con: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if name != "alembic_version" and not name.startswith("case_search") and not name.startswith("sqlite_")
    ]


def _new_kinds() -> dict[tuple[str, str], str]:
    kinds = {CompactUuid: "uuid", UTCDateTime: "moment", Day: "day", CompactJSON: "json"}
    return {
        (table.name, column.name): kinds[type(column.type)]
        for table in Base.metadata.tables.values()
        for column in table.columns
        if type(column.type) in kinds
    }


def _old_text(value: Any, kind: str | None) -> Any:
    """A value of the new format written as the old code wrote it."""
    if value is None or kind is None:
        return value
    if kind == "uuid":
        return bytes(value).hex()
    if kind == "moment":
        return from_millis(value).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if kind == "day":
        return from_day_number(value).isoformat()
    return json.dumps(json.loads(value))  # SQLAlchemy's default: \u escapes, ", " and ": "


def write_old(source: Path, dest: Path, revision: str = "0006") -> None:
    """A database at `revision` (an empty file built by the old migrations) holding the rows of
    `source` (a database at head) as the old code stored them."""
    upgrade(dest, revision)
    new = sqlite3.connect(source)
    old = sqlite3.connect(dest)
    try:
        old.execute("PRAGMA foreign_keys=OFF")
        for table in _tables(old):
            old.execute(f"DELETE FROM {table}")  # the old migrations' own seeds (KPIs) come from source
            old_columns = _columns(old, table)
            new_columns = set(_columns(new, table))
            names = [c for c in old_columns if c in new_columns]
            rows = new.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            kinds = [_OLD_KINDS.get(old_columns[c]) for c in names]
            extra, extra_values = _old_only(table, old_columns)
            placeholders = ", ".join("?" * (len(names) + len(extra)))
            for row in rows:
                values = {n: _old_text(v, k) for n, v, k in zip(names, row, kinds, strict=True)}
                if table == "case_events" and values["type"] == "registered":
                    values["data"] = _registration_data(new, row[names.index("case_id")], values["data"])
                old.execute(
                    f"INSERT INTO {table} ({', '.join([*names, *extra])}) VALUES ({placeholders})",
                    [*values.values(), *(f(values) for f in extra_values)],
                )
        if "search_rowid" in _columns(old, "cases"):
            _write_old_word_index(new, old)
        old.commit()
    finally:
        new.close()
        old.close()


_OLD_ONLY = {
    ("citizens", "name_search"): lambda values: normalize_for_search(values["full_name"]),
    ("citizens", "updated_at"): lambda values: values["created_at"],
}


def _old_only(table: str, old_columns: dict[str, str]) -> tuple[list[str], list[Any]]:
    """Columns the old schema had and the new one dropped, with how the old code filled them."""
    found = [(c, f) for (t, c), f in _OLD_ONLY.items() if t == table and c in old_columns]
    return [c for c, _ in found], [f for _, f in found]


def _registration_data(new: sqlite3.Connection, case_id: bytes, data: str) -> str:
    reference, due = new.execute(
        "SELECT reference, due_first_answer FROM cases WHERE id = ?", (case_id,)
    ).fetchone()
    values = {
        "reference": reference,
        "due_first_answer": from_day_number(due).isoformat(),
        **json.loads(data),
    }
    return json.dumps(values)


def _write_old_word_index(new: sqlite3.Connection, old: sqlite3.Connection) -> None:
    rows = new.execute(
        "SELECT c.search_rowid, c.id, p.person_id, c.subject, c.details FROM cases c "
        "JOIN citizens p ON p.id = c.citizen_id ORDER BY c.search_rowid"
    ).fetchall()
    for rowid, case_id, person_id, subject, details in rows:
        names = [
            n
            for (n,) in new.execute(
                "SELECT full_name FROM citizens WHERE person_id = ? ORDER BY id", (person_id,)
            )
        ]
        name, body = search_row(names, subject, details)
        old.execute(
            "INSERT INTO case_search (rowid, case_id, name, body) VALUES (?, ?, ?, ?)",
            (rowid, bytes(case_id).hex(), name, body),
        )


# --- reading either format back as plain values ----------------------------------------------------


def _old_value(value: Any, kind: str | None) -> Any:
    if value is None or kind is None:
        return value
    if kind == "uuid":
        return UUID(hex=value)
    if kind == "moment":
        moment = datetime.fromisoformat(value).replace(tzinfo=UTC)
        return moment.replace(microsecond=moment.microsecond // 1000 * 1000)  # kept to the millisecond
    if kind == "day":
        return date.fromisoformat(value)
    return json.loads(value)


def _new_value(value: Any, kind: str | None) -> Any:
    if value is None or kind is None:
        return value
    if kind == "uuid":
        return UUID(bytes=bytes(value))
    if kind == "moment":
        return from_millis(value)
    if kind == "day":
        return from_day_number(value)
    return json.loads(value)


def read_rows(path: Path, *, old: bool) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (the word index aside), decoded, in a stable order."""
    con = sqlite3.connect(path)
    try:
        new_kinds = _new_kinds()
        tables: dict[str, list[dict[str, Any]]] = {}
        for table in _tables(con):
            columns = _columns(con, table)
            rows = []
            for row in con.execute(f"SELECT {', '.join(columns)} FROM {table}"):
                if old:
                    values = [
                        _old_value(v, _OLD_KINDS.get(columns[c])) for c, v in zip(columns, row, strict=True)
                    ]
                else:
                    values = [
                        _new_value(v, new_kinds.get((table, c))) for c, v in zip(columns, row, strict=True)
                    ]
                rows.append(dict(zip(columns, values, strict=True)))
            rows.sort(key=lambda r: repr(sorted(r.items(), key=lambda kv: kv[0])))
            tables[table] = rows
        return tables
    finally:
        con.close()


def old_word_search(path: Path, match: str) -> list[str]:
    """References the old word index finds for an FTS5 expression, newest first."""
    con = sqlite3.connect(path)
    try:
        return [
            ref
            for (ref,) in con.execute(
                "SELECT c.reference FROM case_search f JOIN cases c ON c.id = f.case_id "
                "WHERE case_search MATCH ? ORDER BY f.rowid DESC",
                (match,),
            )
        ]
    finally:
        con.close()
