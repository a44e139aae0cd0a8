"""Compact storage: 16-byte ids, integer times and days, compact event data, a word index without a
second copy of the text, and only the indexes a query reads

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 12:00:00

Every table is rebuilt in place (SQLite's way to change a column's type: build, copy, drop, rename;
env.py turns foreign keys off and checks them all before committing), converting as it copies:

- ids: 32 hexadecimal characters → 16 bytes (db.types.CompactUuid);
- moments: 'YYYY-MM-DD HH:MM:SS.ffffff' UTC text → UTC milliseconds (db.types.UTCDateTime);
- days: 'YYYY-MM-DD' → days since 1970 (db.types.Day);
- JSON: \\u escapes and spaces → UTF-8 without spaces; a registration step no longer repeats the case's
  reference and first-answer day (services.cases puts them back when a timeline is read);
- case_events: stored by (case, seq) without a rowid, no other index;
- cases gain the citizen's gender as registered (reports count it without reading the citizen);
  citizens lose name_search (computed when needed);
- case_search: contentless (the index alone, with the rows' words copied from the old one as they
  are), so the case text is stored once.

The big tables are copied in slices so the progress callback (db.engine.Progress) moves. Measured at
1,000,000 cases: see bench/storage.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from alembic import context, op

from csd_desktop.i18n import N_

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

SLICE = 50_000

# Conversions, by the kind of column: u = id, t = moment, d = day, j = JSON (in Python, exactly as the
# application writes it), J = JSON of flat steps (in SQL, five times faster: texts, numbers and
# booleans without \\u escapes or spaces), anything else as it is.
_CONVERT = {
    "u": "uuid_bytes({0})",
    # Whole milliseconds, exactly: the seconds (without the fraction, which SQLite's date functions
    # round to the nearest millisecond), then the first three digits of the fraction.
    "t": "(CAST(strftime('%s', substr({0}, 1, 19)) AS INTEGER) * 1000"
    " + CAST(substr(substr({0}, 21) || '000', 1, 3) AS INTEGER))",
    "d": "CAST(julianday({0}) - 2440587.5 AS INTEGER)",
    "j": "compact_json({0})",
    "J": "(SELECT json_group_object(key, CASE type WHEN 'true' THEN json('true') WHEN 'false' THEN json('false') "
    "ELSE value END) FROM json_each({0}))",
}

# New table → its columns ("name:kind"), in the order of the CREATE TABLE below.
_COLUMNS: dict[str, str] = {
    "governorates": "id:u code iso_code name_ar name_en",
    "districts": "id:u code governorate_id:u name_ar",
    "categories": "id:u code name_ar parent_id:u active",
    "entities": "id:u code kind name_ar name_en liaison_officer liaison_phone active",
    "sla_rules": "id:u kind category_id:u first_answer_days entity_reply_days resolution_days",
    "holidays": "id:u day:d name_ar",
    "offices": "id:u code name_ar governorate_id:u public_key created_at:t",
    "stations": "id:u office_id:u number created_at:t",
    "users": "id:u office_id:u username full_name role password_hash active created_at:t created_by:u",
    "audit_log": "id:u at:t user_id:u action target_id:u detail:j",
    "kpi_definitions": "id:u code name_ar figure frequency target unit higher_is_better active position",
    "month_locks": "id:u office_id:u month locked_at:t locked_by:u figures:j pdf_sha256 synced_at:t",
    "citizens": (
        "id:u person_id:u full_name national_id phone gender governorate_id:u district_id:u address "
        "landmark elderly special_needs pregnant created_at:t created_by:u"
    ),
    "cases": (
        "id:u reference office_id:u station_id:u year sequence citizen_id:u kind channel category_id:u "
        "entity_id:u governorate_id:u district_id:u subject details reply_preference gender elderly "
        "special_needs pregnant registered_at:t registered_by:u due_first_answer:d status "
        "status_changed_at:t outcome assigned_to:u escalation_level due_on:d reply_due:d resolution_due:d "
        "first_answer_at:t closed_at:t satisfaction reopened_count search_rowid demo"
    ),
    "case_events": "case_id:u seq id:u type at:t user_id:u data:J",
    "attachments": "id:u case_id:u event_id:u file_name media_type size sha256 added_at:t added_by:u",
    "amendments": "id:u case_id:u lock_id:u month event_id:u at:t user_id:u",
}

_FK = "CONSTRAINT fk_{t}_{c}_{r} FOREIGN KEY({c}) REFERENCES {r} (id)"


def _fks(table: str, *pairs: str) -> str:
    return "".join(", " + _FK.format(t=table, c=c, r=r) for c, r in (p.split(">") for p in pairs))


_TABLES: dict[str, str] = {
    "governorates": "id BLOB NOT NULL, code VARCHAR(8) NOT NULL, iso_code VARCHAR(8), name_ar VARCHAR(100) "
    "NOT NULL, name_en VARCHAR(100) NOT NULL, CONSTRAINT pk_governorates PRIMARY KEY (id), "
    "CONSTRAINT uq_governorates_code UNIQUE (code)",
    "districts": "id BLOB NOT NULL, code VARCHAR(12) NOT NULL, governorate_id BLOB NOT NULL, name_ar "
    "VARCHAR(100) NOT NULL, CONSTRAINT pk_districts PRIMARY KEY (id), CONSTRAINT uq_districts_code UNIQUE "
    "(code)" + _fks("districts", "governorate_id>governorates"),
    "categories": "id BLOB NOT NULL, code VARCHAR(40) NOT NULL, name_ar VARCHAR(200) NOT NULL, parent_id BLOB, "
    "active BOOLEAN NOT NULL, CONSTRAINT pk_categories PRIMARY KEY (id), CONSTRAINT uq_categories_code "
    "UNIQUE (code)" + _fks("categories", "parent_id>categories"),
    "entities": "id BLOB NOT NULL, code VARCHAR(60) NOT NULL, kind VARCHAR(20) NOT NULL, name_ar VARCHAR(200) "
    "NOT NULL, name_en VARCHAR(200), liaison_officer VARCHAR(200), liaison_phone VARCHAR(20), active "
    "BOOLEAN NOT NULL, CONSTRAINT pk_entities PRIMARY KEY (id), CONSTRAINT uq_entities_code UNIQUE (code)",
    "sla_rules": "id BLOB NOT NULL, kind VARCHAR(20), category_id BLOB, first_answer_days INTEGER NOT NULL, "
    "entity_reply_days INTEGER, resolution_days INTEGER, CONSTRAINT pk_sla_rules PRIMARY KEY (id), "
    "CONSTRAINT uq_sla_rules_kind UNIQUE (kind, category_id)" + _fks("sla_rules", "category_id>categories"),
    "holidays": "id BLOB NOT NULL, day INTEGER NOT NULL, name_ar VARCHAR(200) NOT NULL, CONSTRAINT "
    "pk_holidays PRIMARY KEY (id), CONSTRAINT uq_holidays_day UNIQUE (day)",
    "offices": "id BLOB NOT NULL, code VARCHAR(10) NOT NULL, name_ar VARCHAR(200) NOT NULL, governorate_id "
    "BLOB NOT NULL, public_key BLOB, created_at BIGINT NOT NULL, CONSTRAINT pk_offices PRIMARY KEY (id), "
    "CONSTRAINT uq_offices_code UNIQUE (code)" + _fks("offices", "governorate_id>governorates"),
    "stations": "id BLOB NOT NULL, office_id BLOB NOT NULL, number INTEGER NOT NULL, created_at BIGINT NOT "
    "NULL, CONSTRAINT pk_stations PRIMARY KEY (id), CONSTRAINT uq_stations_office_id UNIQUE (office_id, "
    "number)" + _fks("stations", "office_id>offices"),
    "users": "id BLOB NOT NULL, office_id BLOB NOT NULL, username VARCHAR(50) NOT NULL, full_name VARCHAR(200) "
    "NOT NULL, role VARCHAR(20) NOT NULL, password_hash VARCHAR(200) NOT NULL, active BOOLEAN NOT NULL, "
    "created_at BIGINT NOT NULL, created_by BLOB, CONSTRAINT pk_users PRIMARY KEY (id), CONSTRAINT "
    "uq_users_username UNIQUE (username)" + _fks("users", "office_id>offices", "created_by>users"),
    "audit_log": "id BLOB NOT NULL, at BIGINT NOT NULL, user_id BLOB, action VARCHAR(50) NOT NULL, target_id "
    "BLOB, detail TEXT NOT NULL, CONSTRAINT pk_audit_log PRIMARY KEY (id)"
    + _fks("audit_log", "user_id>users"),
    "kpi_definitions": "id BLOB NOT NULL, code VARCHAR(40) NOT NULL, name_ar VARCHAR(200) NOT NULL, figure "
    "VARCHAR(80) NOT NULL, frequency VARCHAR(20) NOT NULL, target FLOAT NOT NULL, unit VARCHAR(20) NOT "
    "NULL, higher_is_better BOOLEAN NOT NULL, active BOOLEAN NOT NULL, position INTEGER NOT NULL, "
    "CONSTRAINT pk_kpi_definitions PRIMARY KEY (id), CONSTRAINT uq_kpi_definitions_code UNIQUE (code)",
    "month_locks": "id BLOB NOT NULL, office_id BLOB NOT NULL, month VARCHAR(7) NOT NULL, locked_at BIGINT NOT "
    "NULL, locked_by BLOB NOT NULL, figures TEXT NOT NULL, pdf_sha256 VARCHAR(64) NOT NULL, synced_at "
    "BIGINT, CONSTRAINT pk_month_locks PRIMARY KEY (id), CONSTRAINT uq_month_locks_office_id UNIQUE "
    "(office_id, month)" + _fks("month_locks", "office_id>offices", "locked_by>users"),
    "citizens": "id BLOB NOT NULL, person_id BLOB NOT NULL, full_name VARCHAR(200) NOT NULL, national_id "
    "VARCHAR(12), phone VARCHAR(11), gender VARCHAR(10), governorate_id BLOB, district_id BLOB, address "
    "VARCHAR(300), landmark VARCHAR(200), elderly BOOLEAN NOT NULL, special_needs BOOLEAN NOT NULL, "
    "pregnant BOOLEAN NOT NULL, created_at BIGINT NOT NULL, created_by BLOB, CONSTRAINT pk_citizens "
    "PRIMARY KEY (id)"
    + _fks("citizens", "governorate_id>governorates", "district_id>districts", "created_by>users"),
    "cases": "id BLOB NOT NULL, reference VARCHAR(32) NOT NULL, office_id BLOB NOT NULL, station_id BLOB NOT "
    "NULL, year INTEGER NOT NULL, sequence INTEGER NOT NULL, citizen_id BLOB NOT NULL, kind VARCHAR(20) NOT "
    "NULL, channel VARCHAR(20) NOT NULL, category_id BLOB NOT NULL, entity_id BLOB, governorate_id BLOB, "
    "district_id BLOB, subject VARCHAR(300) NOT NULL, details TEXT NOT NULL, reply_preference VARCHAR(20), "
    "gender VARCHAR(10), elderly BOOLEAN NOT NULL, special_needs BOOLEAN NOT NULL, pregnant BOOLEAN NOT "
    "NULL, registered_at BIGINT NOT NULL, registered_by BLOB NOT NULL, due_first_answer INTEGER NOT NULL, "
    "status VARCHAR(30) NOT NULL, status_changed_at BIGINT NOT NULL, outcome VARCHAR(30), assigned_to "
    "BLOB, escalation_level INTEGER NOT NULL, due_on INTEGER, reply_due INTEGER, resolution_due INTEGER, "
    "first_answer_at BIGINT, closed_at BIGINT, satisfaction INTEGER, reopened_count INTEGER NOT NULL, "
    "search_rowid INTEGER, demo BOOLEAN DEFAULT 0 NOT NULL, CONSTRAINT pk_cases PRIMARY KEY (id), "
    "CONSTRAINT uq_cases_reference UNIQUE (reference)"
    + _fks(
        "cases",
        "office_id>offices",
        "station_id>stations",
        "citizen_id>citizens",
        "category_id>categories",
        "entity_id>entities",
        "governorate_id>governorates",
        "district_id>districts",
        "registered_by>users",
        "assigned_to>users",
    ),
    "case_events": "case_id BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL, type VARCHAR(30) NOT NULL, "
    "at BIGINT NOT NULL, user_id BLOB NOT NULL, data TEXT NOT NULL, CONSTRAINT pk_case_events PRIMARY KEY "
    "(case_id, seq)" + _fks("case_events", "case_id>cases", "user_id>users"),
    "attachments": "id BLOB NOT NULL, case_id BLOB NOT NULL, event_id BLOB, file_name VARCHAR(255) NOT NULL, "
    "media_type VARCHAR(100) NOT NULL, size INTEGER NOT NULL, sha256 VARCHAR(64) NOT NULL, added_at BIGINT "
    "NOT NULL, added_by BLOB NOT NULL, CONSTRAINT pk_attachments PRIMARY KEY (id)"
    + _fks("attachments", "case_id>cases", "added_by>users"),
    "amendments": "id BLOB NOT NULL, case_id BLOB NOT NULL, lock_id BLOB NOT NULL, month VARCHAR(7) NOT NULL, "
    "event_id BLOB NOT NULL, at BIGINT NOT NULL, user_id BLOB NOT NULL, CONSTRAINT pk_amendments PRIMARY "
    "KEY (id), CONSTRAINT uq_amendments_event_id UNIQUE (event_id, lock_id)"
    + _fks("amendments", "case_id>cases", "lock_id>month_locks", "user_id>users"),
}

# Built after the rows are in (faster than keeping them up to date row by row); db/models.py says
# which query reads each.
_INDEXES = [
    "CREATE INDEX ix_districts_governorate_id ON districts (governorate_id)",
    "CREATE INDEX ix_citizens_person_id ON citizens (person_id)",
    "CREATE INDEX ix_citizens_phone ON citizens (phone)",
    "CREATE INDEX ix_citizens_national_id ON citizens (national_id) WHERE national_id IS NOT NULL",
    "CREATE INDEX ix_cases_citizen_id ON cases (citizen_id)",
    "CREATE INDEX ix_cases_registered_id ON cases (registered_at, id)",
    "CREATE INDEX ix_cases_due_sort ON cases ((due_on IS NULL), due_on, id)",
    "CREATE INDEX ix_cases_search_rowid ON cases (search_rowid)",
    "CREATE INDEX ix_cases_open_status_due ON cases (status, due_on) WHERE status != 'closed'",
    "CREATE INDEX ix_cases_open_due ON cases (due_on) WHERE status != 'closed'",
    "CREATE INDEX ix_cases_open_assigned_due ON cases (assigned_to, due_on) WHERE status != 'closed'",
    "CREATE INDEX ix_cases_open_entity_due ON cases (entity_id, due_on) WHERE status != 'closed'",
    "CREATE INDEX ix_cases_office_registered ON cases (office_id, registered_at)",
    "CREATE INDEX ix_cases_office_closed ON cases (office_id, closed_at, registered_at, reopened_count)",
    "CREATE INDEX ix_cases_office_due_first ON cases (office_id, due_first_answer, first_answer_at)",
    "CREATE INDEX ix_cases_office_reopened_closed ON cases (office_id, closed_at) WHERE reopened_count > 0",
    "CREATE INDEX ix_attachments_case_id ON attachments (case_id)",
    "CREATE INDEX ix_amendments_case_id ON amendments (case_id)",
    "CREATE INDEX ix_amendments_at ON amendments (at)",
]

# Contentless (content=''): the index alone. Words only, not their positions (detail=none): search
# asks for every word as a prefix, never a phrase; 2- to 4-letter prefixes have their own entries,
# so typing a short word is one lookup. services/search.py writes and reads it.
SEARCH_TABLE = (
    "CREATE VIRTUAL TABLE {name} USING fts5(name, body, content='', columnsize=0, detail=none, "
    "prefix='2 3 4', tokenize='unicode61 remove_diacritics 2')"
)

STEPS = {
    "citizens": N_("تحويل بيانات المواطنين"),
    "cases": N_("تحويل الطلبات"),
    "case_events": N_("تحويل سجلات متابعة الطلبات"),
    "search": N_("نقل فهرس البحث"),
    "indexes": N_("بناء الفهارس"),
    "tables": N_("تحويل الجداول الأخرى"),
}
Progress = Callable[[int, int, str], None]


def _progress() -> Progress:
    reported = context.config.attributes.get("progress")
    return reported if reported is not None else lambda done, total, step: None


# A registration step that holds only the case's own reference and first-answer day.
_REPEATS_CASE = (
    "(SELECT c.reference = json_extract(o.data, '$.reference') AND c.due_first_answer = "
    "json_extract(o.data, '$.due_first_answer') AND (SELECT count(*) FROM json_each(o.data)) = 2 "
    "FROM cases c WHERE c.id = o.case_id)"
)


def _select(table: str) -> tuple[str, str]:
    """The new table's column list, and the converting expressions that read the old one."""
    names, expressions = [], []
    for spec in _COLUMNS[table].split():
        name, _, kind = spec.partition(":")
        names.append(name)
        column = f"o.{name}"
        if table == "cases" and name == "gender":
            column = "(SELECT p.gender FROM citizens p WHERE p.id = o.citizen_id)"
        elif table == "case_events" and name == "data":
            column = f"CASE WHEN o.type = 'registered' AND {_REPEATS_CASE} THEN '{{}}' ELSE o.data END"
        expressions.append(_CONVERT[kind].format(column) if kind else column)
    return ", ".join(names), ", ".join(expressions)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        raise NotImplementedError("0007 converts a station's SQLite file")
    raw: Any = bind.connection.driver_connection
    _functions(raw)
    report = _progress()
    # Old pages are freed by the million: no need to overwrite each with zeros first (the compiled
    # default here); engine.migrate compacts the file right after, which drops them all.
    raw.execute("PRAGMA secure_delete=OFF")
    raw.execute("PRAGMA cache_size=-262144")  # 256 MB for this connection: the copies and index builds
    for table in _TABLES:
        raw.execute(f"CREATE TABLE {table}_new ({_TABLES[table]})" + _rowid_clause(table))
    small = [t for t in _TABLES if t not in ("citizens", "cases", "case_events")]
    for i, table in enumerate(small):
        report(i, len(small), STEPS["tables"])
        names, expressions = _select(table)
        raw.execute(f"INSERT INTO {table}_new ({names}) SELECT {expressions} FROM {table} o ORDER BY o.rowid")
    for table in ("citizens", "cases"):
        _copy_by_rowid(raw, table, report)
    _copy_events(raw, report)
    _copy_search(raw, report)
    raw.execute("DROP TABLE case_search")
    raw.execute("ALTER TABLE case_search_new RENAME TO case_search")
    for table in _TABLES:
        raw.execute(f"DROP TABLE {table}")
    for table in _TABLES:
        raw.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
    for i, sql in enumerate(_INDEXES):
        report(i, len(_INDEXES), STEPS["indexes"])
        raw.execute(sql)
    report(len(_INDEXES), len(_INDEXES), STEPS["indexes"])
    # The timeline stays append-only (DESIGN.md §4): the triggers went with the old table.
    for verb in ("UPDATE", "DELETE"):
        raw.execute(
            f"CREATE TRIGGER case_events_no_{verb.lower()} BEFORE {verb} ON case_events "
            "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END"
        )
    _index_unindexed_cases(raw)


def _rowid_clause(table: str) -> str:
    return " WITHOUT ROWID" if table == "case_events" else ""


def _functions(raw: Any) -> None:
    import json

    from csd_desktop.db.types import dumps

    def uuid_bytes(value: str | bytes | None) -> bytes | None:
        if value is None or isinstance(value, bytes):
            return value
        return bytes.fromhex(value.replace("-", ""))

    def compact_json(value: str | None) -> str | None:
        return None if value is None else dumps(json.loads(value))

    raw.create_function("uuid_bytes", 1, uuid_bytes, deterministic=True)
    raw.create_function("compact_json", 1, compact_json, deterministic=True)


def _copy_by_rowid(raw: Any, table: str, report: Progress) -> None:
    """Rows in their order (registration order), a slice at a time."""
    names, expressions = _select(table)
    last = raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]
    for start in range(0, last, SLICE):
        report(start, last, STEPS[table])
        raw.execute(
            f"INSERT INTO {table}_new ({names}) SELECT {expressions} FROM {table} o "
            "WHERE o.rowid > ? AND o.rowid <= ? ORDER BY o.rowid",
            (start, start + SLICE),
        )
    report(last, last, STEPS[table])


def _copy_events(raw: Any, report: Progress) -> None:
    """In (case, seq) order, the new table's own: each page is written once, full."""
    names, expressions = _select("case_events")
    total = raw.execute("SELECT count(*) FROM case_events").fetchone()[0]
    done, key = 0, ("", 0)
    while True:
        report(done, total, STEPS["case_events"])
        rows = raw.execute(
            f"INSERT INTO case_events_new ({names}) SELECT {expressions} FROM case_events o "
            "WHERE (o.case_id, o.seq) > (?, ?) ORDER BY o.case_id, o.seq LIMIT ? RETURNING case_id, seq",
            (*key, SLICE),
        ).fetchall()
        if not rows:
            break
        done += len(rows)
        case_id, seq = max(rows)
        key = (case_id.hex(), seq)
    report(total, total, STEPS["case_events"])


def _copy_search(raw: Any, report: Progress) -> None:
    """The words each case is indexed under, as they are (the same rowids: newest-first order holds).
    Nothing above the cases' highest row is copied: a new case's row comes after it, and a
    contentless index must never be given a row twice."""
    raw.execute(SEARCH_TABLE.format(name="case_search_new"))
    last = raw.execute("SELECT coalesce(max(search_rowid), 0) FROM cases_new").fetchone()[0]
    for start in range(0, last, SLICE):
        report(start, last, STEPS["search"])
        raw.execute(
            "INSERT INTO case_search_new (rowid, name, body) SELECT rowid, name, body FROM case_search "
            "WHERE rowid > ? AND rowid <= ? ORDER BY rowid",
            (start, min(start + SLICE, last)),
        )
    report(last, last, STEPS["search"])


def _index_unindexed_cases(raw: Any) -> None:
    """A case the old index missed (none is expected) is indexed now, under a new row."""
    from csd_desktop.services.search import search_row

    missing = raw.execute(
        "SELECT c.id, p.person_id, c.subject, c.details FROM cases c JOIN citizens p ON p.id = c.citizen_id "
        "WHERE c.search_rowid IS NULL ORDER BY c.registered_at"
    ).fetchall()
    for case_id, person_id, subject, details in missing:
        names = [
            n
            for (n,) in raw.execute(
                "SELECT full_name FROM citizens WHERE person_id = ? ORDER BY id", (person_id,)
            )
        ]
        rowid = raw.execute("SELECT coalesce(max(search_rowid), 0) + 1 FROM cases").fetchone()[0]
        raw.execute(
            "INSERT INTO case_search (rowid, name, body) VALUES (?, ?, ?)",
            (rowid, *search_row(names, subject, details)),
        )
        raw.execute("UPDATE cases SET search_rowid = ? WHERE id = ?", (rowid, case_id))
    if missing:
        log.info("indexed %d cases the old word index had missed", len(missing))


def downgrade() -> None:
    raise NotImplementedError("the compact storage is not converted back; restore the copy made before")
