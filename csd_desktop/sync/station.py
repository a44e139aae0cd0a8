"""A station's side of sync: joining an enrolled office, the bundle of what central has not yet
acknowledged, applying central's answer, and the status a screen shows. HTTP and the Sync screen are
thin layers over `export_bundle` and `import_answer`."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..config import attachments_dir
from ..db.changes import last_seq, station_id
from ..db.engine import SCHEMA_HEAD, Database
from ..db.models import LocalSetting, Office, Station
from ..db.sync_models import ChangeLog, SyncBundle
from ..db.types import new_uuid7
from ..errors import SetupRequired
from ..i18n import N_, _
from ..services import clock, setup
from .apply import Origin, apply_lines, check_ranges
from .bundle import BundleRefused, Party, read_bundle, write_bundle
from .files import attachment_parts, keep_files, received_files
from .identity import CENTRAL, b64, certify, private_key, public_bytes, read_enrolment, unb64
from .reference import unpack_json, upsert
from .wire import lines_for, outbox, pack, unpack

KEY = "sync_station_key"
AGE = "sync_station_age"
CERTIFICATE = "sync_certificate"
CENTRAL_KEYS = "sync_central"
DELIVERED = "sync_delivered"
LAST_EXPORT = "sync_last_export"
LAST_IMPORT = "sync_last_import"


def _get(s: Session, key: str) -> str | None:
    row = s.get(LocalSetting, key)
    return row.value if row else None


def _put(s: Session, key: str, value: str) -> None:
    s.merge(LocalSetting(key=key, value=value))


class _FromFile:
    """setup.Enrolment from an enrolment file: the office row, its receipt key, reference data, and
    this station's own keys and certificate."""

    def __init__(self, enrolment: dict[str, Any]) -> None:
        self.e = enrolment

    def office(self, s: Session) -> Office:
        upsert(s, self.e["reference"])
        upsert(s, self.e["directory"])
        office = s.get(Office, UUID(hex=self.e["office"]["id"]))
        assert office is not None
        _put(s, "signing_key", self.e["receipt_key"])  # the office's: every desk's receipts verify alike
        _put(s, CENTRAL_KEYS, json.dumps(self.e["central"]))
        return office

    def joined(self, s: Session, station: Station) -> None:
        key, age = Ed25519PrivateKey.generate(), x25519.Identity.generate()
        body = {
            "office": self.e["office"]["code"],
            "station": station.number,
            "station_id": station.id.hex,
            "signing_key": public_bytes(key).hex(),
            "age_recipient": str(age.to_public()),
        }
        _put(s, KEY, b64(key.private_bytes_raw()))
        _put(s, AGE, str(age))
        _put(s, CERTIFICATE, json.dumps(certify(private_key(self.e["enrolment_key"]), body)))
        _put(s, DELIVERED, "0")


def enrol_station(
    db: Database,
    data: bytes,
    *,
    station: int | str,
    admin_username: str,
    admin_full_name: str,
    admin_password: str,
) -> setup.SetupResult:
    """`csd init --enrol FILE`: a new station of an office enrolled at the central office."""
    e = read_enrolment(data)
    return setup.initialize_station(
        db,
        office_code=e["office"]["code"],
        office_name=e["office"]["name_ar"],
        governorate_code=e["office"]["governorate"],
        station=station,
        admin_username=admin_username,
        admin_full_name=admin_full_name,
        admin_password=admin_password,
        enrolment=_FromFile(e),
    )


@dataclass(frozen=True)
class Exported:
    data: bytes
    bundle_id: str
    first_seq: int
    last_seq: int
    changes: int


@dataclass(frozen=True)
class Imported:
    bundle_id: str
    delivered: int  # central holds this station's changes up to here
    added: dict[str, int]
    reference_rows: int


def _me(s: Session) -> tuple[UUID, Party, dict[str, Any]]:
    if _get(s, CERTIFICATE) is None:
        raise SetupRequired(
            N_("هذه المحطة غير مسجّلة لدى المكتب المركزي: أعدّها بملف تسجيل المكتب (csd init --enrol).")
        )
    info = setup.current_station(s)
    return (
        info.station_id,
        Party(info.office_code, info.station_number),
        json.loads(_get(s, CENTRAL_KEYS) or "{}"),
    )


def export_bundle(db: Database) -> Exported:
    """Everything past the delivered mark, encrypted for central and signed by this station. The same
    changes go again until central's answer acknowledges them: a lost stick loses nothing."""
    with db.read() as s:
        me, party, central = _me(s)
        delivered = int(_get(s, DELIVERED) or 0)
        entries = outbox(s, me, delivered)
        lines = lines_for(s, entries)
        received = {
            str(st.hex): mark
            for st, mark in s.execute(
                select(ChangeLog.station_id, func.max(ChangeLog.seq))
                .where(ChangeLog.station_id != me)
                .group_by(ChangeLog.station_id)
            )
        }
        key, certificate = private_key(_get(s, KEY) or ""), json.loads(_get(s, CERTIFICATE) or "{}")
    bundle_id = str(new_uuid7())
    first, last = (entries[0].seq, entries[-1].seq) if entries else (delivered + 1, delivered)
    data = write_bundle(
        {"changes": pack(lines)} | attachment_parts(attachments_dir(db.path), lines),
        bundle_id=bundle_id,
        schema=SCHEMA_HEAD,
        sender=party,
        recipient=CENTRAL,
        recipient_key=central["age_recipient"],
        signing_key=key,
        first_seq=first,
        last_seq=last,
        counts=dict(Counter(e.table_name for e in entries)),
        extra={"certificate": certificate, "received": received},
    )
    with db.write() as s:
        _put(s, LAST_EXPORT, clock.now().isoformat(timespec="seconds"))
    return Exported(data, bundle_id, first, last, len(entries))


def schema_known(revision: str) -> bool:
    return revision <= SCHEMA_HEAD  # revisions are zero-padded numbers


def import_answer(db: Database, data: bytes) -> Imported:
    """Apply central's answer in one transaction: reference data, offices' keys, the office's other
    stations' changes, and the acknowledgement of this station's own."""
    with db.read() as s:
        me, party, central = _me(s)
        identity = x25519.Identity.from_str(_get(s, AGE) or "")
    central_key = Ed25519PublicKey.from_public_bytes(unb64(central["signing_key"]))
    bundle = read_bundle(
        data,
        me=party,
        identity=identity,
        sender_key=lambda p: central_key if p == CENTRAL else None,
        schema_known=schema_known,
    )
    m = bundle.manifest
    files = received_files(bundle.parts)
    with db.write() as s:
        refuse_replay(s, m.bundle_id)
        written = upsert(s, unpack_json(bundle.parts["reference"]))
        written += upsert(s, unpack_json(bundle.parts["directory"]))
        origins = _origins(s, me)
        ranges = {UUID(hex=k): (int(v[0]), int(v[1])) for k, v in dict(m.extra.get("ranges", {})).items()}  # type: ignore[call-overload]
        check_ranges(
            s,
            ranges,
            {
                k: _("{office}، المحطة {number}").format(office=v.office, number=v.number)
                for k, v in origins.items()
            },
        )
        added = apply_lines(s, unpack(bundle.parts["changes"]), origins)
        keep_files(attachments_dir(db.path), files)  # before the rows pointing at them are committed
        ack = min(int(m.extra.get("ack", 0)), last_seq(s, me))  # type: ignore[call-overload]
        delivered = max(ack, int(_get(s, DELIVERED) or 0))
        _put(s, DELIVERED, str(delivered))
        _put(s, LAST_IMPORT, clock.now().isoformat(timespec="seconds"))
        record_bundle(s, m.bundle_id, str(m.sender.office or "central"), m.first_seq, m.last_seq)
    return Imported(m.bundle_id, delivered, dict(added), written)


def _origins(s: Session, me: UUID) -> dict[UUID, Origin]:
    rows = s.execute(
        select(Station.id, Office.code, Station.number).join(Office, Station.office_id == Office.id)
    )
    return {i: Origin(code, number) for i, code, number in rows if i != me}


def refuse_replay(s: Session, bundle_id: str) -> None:
    done = s.get(SyncBundle, bundle_id)
    if done is not None:
        raise BundleRefused(
            N_("هذه الحزمة استُوردت من قبل ({at}): لم يتغير شيء. لاستلام الجديد صدّر حزمة جديدة."),
            at=clock.to_local(done.applied_at).strftime("%Y-%m-%d %H:%M"),
            code="replayed",
        )


def record_bundle(s: Session, bundle_id: str, sender: str, first: int, last: int) -> None:
    s.add(
        SyncBundle(
            bundle_id=bundle_id, sender=sender[:20], first_seq=first, last_seq=last, applied_at=clock.now()
        )
    )


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    last_export: str | None
    last_import: str | None
    waiting: int  # changes central has not acknowledged
    delivered: int
    last_seq: int


def sync_status(db: Database) -> SyncStatus:
    with db.read() as s:
        me = station_id(s)
        enrolled = _get(s, CERTIFICATE) is not None
        delivered = int(_get(s, DELIVERED) or 0)
        last = last_seq(s, me) if me else 0
        return SyncStatus(
            enrolled, _get(s, LAST_EXPORT), _get(s, LAST_IMPORT), max(0, last - delivered), delivered, last
        )
