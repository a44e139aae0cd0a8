"""What must hold after any number of power cuts: the file is sound, everything confirmed is there,
nothing is half-written, no reference number is skipped or repeated, and the audit chain is whole."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csd_desktop.config import attachments_dir
from csd_desktop.db.engine import open_database
from csd_desktop.errors import CsdError
from csd_desktop.services import audit
from csd_desktop.sync.bundle import _payload_start, read_manifest

# Rows the services write in one transaction with their case: any of these is a half-written case.
HALF = {
    "case without its registration event": """
        SELECT c.reference FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'registered')""",
    "event without its case": """
        SELECT e.id FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)""",
    "citizen version without a case": """
        SELECT z.id FROM citizens z WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.citizen_id = z.id)""",
    "case missing from the search index": """
        SELECT c.reference FROM cases c WHERE c.search_rowid IS NULL""",
    "outbox entry without its row": """
        SELECT l.seq FROM change_log l WHERE l.table_name = 'cases'
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = l.row_id)""",
    "attachment without its event": """
        SELECT a.id FROM attachments a WHERE a.event_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM case_events e WHERE e.id = a.event_id)""",
    "case not in the outbox": """
        SELECT c.reference FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM change_log l WHERE l.row_id = c.id AND l.table_name = 'cases')""",
}


@dataclass
class Verdict:
    cases_checked: int = 0
    events_checked: int = 0
    exports_checked: int = 0
    audit_records: int = 0
    attachments_checked: int = 0
    partial_files: int = 0  # hidden leftovers of a killed export, never under the bundle's name
    lost: list[str] = field(default_factory=list)
    half: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.half or self.problems)


def bundle_is_whole(data: bytes) -> bool:
    """A bundle file whose signed manifest promises exactly the payload that follows it."""
    try:
        manifest, _signed, _sig = read_manifest(data)
    except CsdError:
        return False
    payload = data[_payload_start(data) :]
    return (
        len(payload) == manifest.payload_size
        and hashlib.sha256(payload).hexdigest() == manifest.payload_sha256
    )


def _sequences_whole(con: sqlite3.Connection, v: Verdict) -> None:
    rows = con.execute("SELECT station_id, year, sequence FROM cases ORDER BY station_id, year, sequence")
    seen: dict[tuple[Any, int], list[int]] = {}
    for station, year, seq in rows:
        seen.setdefault((station, year), []).append(seq)
    for (_station, year), seqs in seen.items():
        if seqs != list(range(1, len(seqs) + 1)):
            dupes = [s for s, n in Counter(seqs).items() if n > 1]
            v.problems.append(f"reference sequence of {year} has gaps or repeats (repeated: {dupes[:5]})")
    outbox = con.execute(
        "SELECT station_id, count(*), min(seq), max(seq) FROM change_log GROUP BY station_id"
    )
    for _station, count, first, last in outbox:
        if (first, last) != (1, count):
            v.problems.append(f"outbox sequence {first}..{last} holds {count} entries")


def check(db_path: Path, confirmed: list[dict[str, Any]], exports: Path) -> Verdict:
    v = Verdict()
    con = sqlite3.connect(db_path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            v.problems.append(f"integrity_check: {result[:3]}")
        if con.execute("PRAGMA foreign_key_check").fetchall():
            v.problems.append("foreign_key_check found orphans")
        for what, sql in HALF.items():
            v.half += [f"{what}: {row[0]}" for row in con.execute(sql).fetchmany(5)]
        _sequences_whole(con, v)
        usernames = {row[0] for row in con.execute("SELECT username FROM users")}
        stored = {
            (ref, sha)
            for ref, sha in con.execute(
                "SELECT c.reference, a.sha256 FROM attachments a JOIN cases c ON c.id = a.case_id"
            )
        }
        events = Counter(
            (ref, kind)
            for ref, kind in con.execute(
                "SELECT c.reference, e.type FROM case_events e JOIN cases c ON c.id = e.case_id"
            )
        )
    finally:
        con.close()
    wanted: Counter[tuple[str, str]] = Counter()
    for line in confirmed:
        if line["op"] == "case":
            wanted[(line["ref"], "registered")] += 1
            v.cases_checked += 1
        elif line["op"] == "event":
            wanted[(line["ref"], line["type"])] += 1
            v.events_checked += 1
        elif line["op"] == "user" and line["name"] not in usernames:
            v.lost.append(f"user {line['name']}")
        elif line["op"] == "attachment":
            v.attachments_checked += 1
            if (line["ref"], line["sha"]) not in stored:
                v.lost.append(f"attachment {line['sha'][:12]} of {line['ref']}")
        elif line["op"] == "export":
            v.exports_checked += 1
            path = Path(line["path"])
            if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != line["sha"]:
                v.lost.append(f"export {path.name}")
    folder = attachments_dir(db_path)
    for _ref, sha in stored:  # a row whose file is missing or not what was hashed: half an attachment
        kept = folder / sha
        if not kept.is_file() or hashlib.sha256(kept.read_bytes()).hexdigest() != sha:
            v.half.append(f"attachment row without its whole file: {sha[:12]}")
    v.lost += [f"{ref} {kind}" for (ref, kind), n in wanted.items() if events[(ref, kind)] < n]
    # A bundle under its own name is whole: a killed writer leaves only its hidden partial file.
    v.problems += [
        f"half bundle {p.name}" for p in exports.glob("*.csd") if not bundle_is_whole(p.read_bytes())
    ]
    v.partial_files = len(list(exports.glob(".*.partial")))
    db = open_database(db_path, migrate_schema=False)
    try:
        verdict = audit.verify(db)
        v.audit_records = verdict.records
        if not verdict.ok:
            v.problems.append(f"audit chain: {verdict.first_break} {verdict.missing_guards}")
    finally:
        db.dispose()
    return v
