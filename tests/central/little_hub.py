"""A small hub for the transport's tests only, until the real hub (csd_desktop.central.hub) is on
main: real bundles (bundle.py: signed, age-encrypted), real certificates under an office enrolment
key, rows kept in a real database (SQLite or PostgreSQL), counted so a bundle applied twice shows. It
does what the web layer asks of a hub; the sync logic itself is tested with the real hub."""

from __future__ import annotations

import json
import os
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, insert, select

from csd_desktop.sync.auth import Credentials
from csd_desktop.sync.bundle import Party, read_bundle, write_bundle

CENTRAL = Party("", None)
SCHEMA = "0008"

metadata = MetaData()
rows = Table("t_rows", metadata, Column("station", String(20)), Column("seq", Integer))
applications = Table("t_applications", metadata, Column("bundle_id", String(36)), Column("rows", Integer))


def _certificate_body(station: Party, key: Ed25519PublicKey) -> bytes:
    return f"CSD-STATION-1\n{station.office}\n{station.station}\n".encode() + key.public_bytes_raw()


@dataclass
class LittleStation:
    """A station's keys and its outbox of `seq` numbers; an attachment of random bytes gives a
    bundle the size that makes it travel in many parts."""

    credentials: Credentials
    identity: x25519.Identity
    attachment: int = 0
    next_seq: int = 1
    acknowledged: int = 0
    answers: list[dict[str, Any]] = field(default_factory=list)

    def write(self, count: int) -> None:
        self.next_seq += count

    def export(self, hub: LittleHub) -> bytes:
        first, last = self.acknowledged + 1, self.next_seq - 1
        changes = json.dumps(list(range(first, last + 1))).encode()
        parts = {"changes": zlib.compress(changes), "attachments/scan.bin": os.urandom(self.attachment)}
        return write_bundle(
            parts,
            bundle_id=str(uuid.uuid4()),
            schema=SCHEMA,
            sender=self.credentials.station,
            recipient=CENTRAL,
            recipient_key=str(hub.identity.to_public()),
            signing_key=self.credentials.signing_key,
            first_seq=first if last >= first else 0,
            last_seq=last if last >= first else 0,
        )

    def import_answer(self, hub: LittleHub, data: bytes) -> dict[str, Any]:
        bundle = read_bundle(
            data,
            me=self.credentials.station,
            identity=self.identity,
            sender_key=lambda party: hub.signing_key.public_key() if party == CENTRAL else None,
            schema_known=lambda revision: revision <= SCHEMA,
        )
        self.acknowledged = max(self.acknowledged, int(bundle.manifest.extra["acknowledged"]))  # type: ignore[call-overload]
        self.answers.append(dict(bundle.manifest.extra))
        return dict(bundle.manifest.extra)


class LittleHub:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        metadata.create_all(self.engine)
        self.identity = x25519.Identity.generate()
        self.signing_key = Ed25519PrivateKey.generate()
        self.enrolment: dict[str, Ed25519PrivateKey] = {}
        self.keys: dict[Party, Ed25519PublicKey] = {}
        self.recipients: dict[Party, str] = {}
        self.answer_padding = 0  # random bytes added to each answer, as the office's other desks' cases

    def enrol(self, station: Party, attachment: int = 0) -> LittleStation:
        office_key = self.enrolment.setdefault(station.office, Ed25519PrivateKey.generate())
        key = Ed25519PrivateKey.generate()
        body = _certificate_body(station, key.public_key())
        identity = x25519.Identity.generate()
        self.recipients[station] = str(identity.to_public())
        return LittleStation(Credentials(station, key, body + office_key.sign(body)), identity, attachment)

    # ---- what the web layer asks ----

    def station_key(self, station: Party, certificate: bytes) -> Ed25519PublicKey | None:
        office_key = self.enrolment.get(station.office)
        body, signature = certificate[:-64], certificate[-64:]
        if (
            office_key is None
            or len(certificate) < 64
            or not body.startswith(_certificate_body(station, office_key.public_key())[:-32])
        ):
            return None
        try:
            office_key.public_key().verify(signature, body)
        except Exception:
            return None
        key = Ed25519PublicKey.from_public_bytes(body[-32:])
        self.keys[station] = key
        return key

    def accept(self, data: bytes) -> dict[str, Any]:
        bundle = read_bundle(
            data,
            me=CENTRAL,
            identity=self.identity,
            sender_key=self.keys.get,
            schema_known=lambda revision: revision <= SCHEMA,
        )
        sender = str(bundle.manifest.sender)
        seqs = json.loads(zlib.decompress(bundle.parts["changes"]))
        # No check for rows already held: a bundle applied twice would show as duplicates.
        with self.engine.begin() as conn:
            if seqs:
                conn.execute(insert(rows), [{"station": sender, "seq": s} for s in seqs])
            conn.execute(insert(applications).values(bundle_id=bundle.manifest.bundle_id, rows=len(seqs)))
        return {"bundle_id": bundle.manifest.bundle_id, "applied": len(seqs)}

    def answer_for(self, office: str, station: int) -> bytes:
        party = Party(office, station)
        with self.engine.connect() as conn:
            mark = conn.scalar(select(func.max(rows.c.seq)).where(rows.c.station == str(party))) or 0
        return write_bundle(
            {"changes": zlib.compress(b"[]"), "attachments/others.bin": os.urandom(self.answer_padding)},
            bundle_id=str(uuid.uuid4()),
            schema=SCHEMA,
            sender=CENTRAL,
            recipient=party,
            recipient_key=self.recipients[party],
            signing_key=self.signing_key,
            extra={"acknowledged": mark},
        )

    # ---- what the tests count ----

    def counts(self) -> tuple[int, int, int]:
        """Rows held, distinct rows, and bundle applications."""
        with self.engine.connect() as conn:
            held = conn.scalar(select(func.count()).select_from(rows)) or 0
            distinct = (
                conn.scalar(
                    select(func.count()).select_from(select(rows.c.station, rows.c.seq).distinct().subquery())
                )
                or 0
            )
            applied = conn.scalar(select(func.count()).select_from(applications)) or 0
        return held, distinct, applied
