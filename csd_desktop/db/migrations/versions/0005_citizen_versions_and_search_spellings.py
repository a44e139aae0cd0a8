"""Citizens' details kept per registration, and the word index rebuilt for compound names and hamza

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:00:00

A citizen row becomes one version of a person's details (person_id groups them), so a returning
citizen's new name or phone no longer rewrites earlier cases; the card number is no longer unique
(every version carries it). Existing rows are each their own person's first version. The word index
is rebuilt because its normalisation changed (عبد الله = عبدالله, ؤ/ئ typed as و/ي/ء).
"""

from __future__ import annotations

import logging

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

_COLUMNS = (
    "full_name, name_search, national_id, phone, gender, governorate_id, district_id, address, landmark, "
    "elderly, special_needs, pregnant, created_at, created_by"
)


def upgrade() -> None:
    # SQLite's documented way to change a table that others reference: build, copy, swap
    # (env.py turns foreign keys off for migrations and checks them all before committing).
    op.execute(
        """CREATE TABLE citizens_new (
        id CHAR(32) NOT NULL,
        person_id CHAR(32) NOT NULL,
        full_name VARCHAR(200) NOT NULL,
        name_search VARCHAR(200) NOT NULL,
        national_id VARCHAR(12),
        phone VARCHAR(11),
        gender VARCHAR(10),
        governorate_id CHAR(32),
        district_id CHAR(32),
        address VARCHAR(300),
        landmark VARCHAR(200),
        elderly BOOLEAN NOT NULL,
        special_needs BOOLEAN NOT NULL,
        pregnant BOOLEAN NOT NULL,
        created_at DATETIME NOT NULL,
        created_by CHAR(32),
        CONSTRAINT pk_citizens PRIMARY KEY (id),
        CONSTRAINT fk_citizens_created_by_users FOREIGN KEY(created_by) REFERENCES users (id),
        CONSTRAINT fk_citizens_district_id_districts FOREIGN KEY(district_id) REFERENCES districts (id),
        CONSTRAINT fk_citizens_governorate_id_governorates FOREIGN KEY(governorate_id)
            REFERENCES governorates (id)
        )"""
    )
    op.execute(
        f"INSERT INTO citizens_new (id, person_id, {_COLUMNS}) SELECT id, id, {_COLUMNS} FROM citizens"
    )
    op.execute("DROP TABLE citizens")
    op.execute("ALTER TABLE citizens_new RENAME TO citizens")
    op.execute("CREATE INDEX ix_citizens_person_id ON citizens (person_id)")
    op.execute("CREATE INDEX ix_citizens_name_search ON citizens (name_search)")
    op.execute("CREATE INDEX ix_citizens_phone ON citizens (phone)")
    op.execute("CREATE INDEX ix_citizens_national_id ON citizens (national_id) WHERE national_id IS NOT NULL")
    _rebuild_word_index()


def _rebuild_word_index() -> None:
    from csd_desktop.services.search import search_row

    conn = op.get_bind()
    conn.exec_driver_sql("DELETE FROM case_search")
    rows = conn.exec_driver_sql(
        "SELECT c.id, p.full_name, c.subject, c.details FROM cases c JOIN citizens p ON p.id = c.citizen_id "
        "ORDER BY c.registered_at, c.id"
    ).fetchall()
    batch: list[tuple[int, str, str, str]] = []
    done = 0
    # rowid in registration order: the newest-first word search reads the index backwards.
    for rowid, (case_id, name, subject, details) in enumerate(rows, start=1):
        names, body = search_row([name], subject, details)
        batch.append((rowid, case_id, names, body))
        if len(batch) == 5000:
            done += _insert(conn, batch)
    done += _insert(conn, batch)
    log.info("word index rebuilt for %d cases", done)


def _insert(conn: object, batch: list[tuple[int, str, str, str]]) -> int:
    count = len(batch)
    if batch:
        conn.exec_driver_sql(  # type: ignore[attr-defined]
            "INSERT INTO case_search (rowid, case_id, name, body) VALUES (?, ?, ?, ?)", batch
        )
        conn.exec_driver_sql(  # type: ignore[attr-defined]
            "UPDATE cases SET search_rowid = ? WHERE id = ?", [(row[0], row[1]) for row in batch]
        )
        batch.clear()
    return count


def downgrade() -> None:
    raise NotImplementedError("citizens' versions cannot be folded back into one row without losing history")
