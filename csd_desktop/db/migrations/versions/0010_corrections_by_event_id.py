"""A correction points at the step it corrects by the step's id, not by its number in this file

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 07:00:00

A step's number (`seq`) is where it landed in one file: after a sync the same step has another number
at another desk, so `{"corrects": 2}` would point at a different step there. Written before sync
existed, every number still names the right step in its own file, so each becomes that step's id
(hexadecimal). A number that names no step is left as it was (the timeline shows it as written).
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_SQLITE = """
UPDATE case_events SET data = json_set(data, '$.corrects', (
    SELECT lower(hex(t.id)) FROM case_events AS t
    WHERE t.case_id = case_events.case_id AND t.seq = json_extract(case_events.data, '$.corrects')))
WHERE type = 'correction' AND json_type(data, '$.corrects') = 'integer'
  AND EXISTS (SELECT 1 FROM case_events AS t
              WHERE t.case_id = case_events.case_id AND t.seq = json_extract(case_events.data, '$.corrects'))
"""
_POSTGRESQL = """
UPDATE case_events AS c SET data = jsonb_set(c.data, '{corrects}', to_jsonb(replace(t.id::text, '-', '')))
FROM case_events AS t
WHERE c.type = 'correction' AND jsonb_typeof(c.data -> 'corrects') = 'number'
  AND t.case_id = c.case_id AND t.seq = (c.data ->> 'corrects')::int
"""


# The timeline is append-only (DESIGN.md §4): its trigger steps aside for this one rewrite alone.
_NO_UPDATE = (
    "CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events "
    "BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute(_POSTGRESQL)
        return
    op.execute("DROP TRIGGER IF EXISTS case_events_no_update")
    op.execute(_SQLITE)
    op.execute(_NO_UPDATE)


def downgrade() -> None:
    pass  # an id names its step in any file: nothing to undo
