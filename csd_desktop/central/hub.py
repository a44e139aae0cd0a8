"""The central office's library: its keys, enrolling offices, accepting a station's bundle and
answering a station. The command line (central.cli) and an HTTP server are thin layers over
`accept(store, bundle_bytes)` and `answer_for(store, office, station)`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.changes import last_seq
from ..db.engine import SCHEMA_HEAD
from ..db.models import Governorate, LocalSetting, Office, Station
from ..db.sync_models import SyncOffice, SyncStation
from ..db.types import new_uuid7
from ..domain.arabic import clean_text
from ..domain.reference import OFFICE_CODE_RE
from ..errors import NotFound, ValidationError
from ..i18n import N_, _
from ..services import clock
from ..sync.apply import Origin, apply_lines, check_ranges
from ..sync.bundle import BundleRefused, Party, read_bundle, read_manifest, write_bundle
from ..sync.files import attachment_parts, keep_files, received_files
from ..sync.identity import CENTRAL, ENROLMENT_FORMAT, b64, checked_certificate, private_key, public_bytes
from ..sync.reference import REFERENCE, dump, pack_json
from ..sync.station import record_bundle, refuse_replay, schema_known
from ..sync.wire import lines_for, outbox, pack, table, unpack
from .store import Store

NAME, KEY, AGE = "central_name", "central_signing_key", "central_age"


def _get(s: Session, key: str) -> str:
    row = s.get(LocalSetting, key)
    if row is None:
        raise NotFound(N_("لم يُعدّ المكتب المركزي بعد: شغّل csd-central init أولاً."))
    return row.value


def init_central(store: Store, name: str) -> str:
    """Create the central office's keys and reference data; returns its age recipient."""
    from ..services.reference_data import load_reference_data

    store.ensure_schema()
    with store.write() as s:
        if s.get(LocalSetting, KEY) is not None:
            raise ValidationError(N_("المكتب المركزي مُعدّ من قبل في قاعدة البيانات هذه."))
        age = x25519.Identity.generate()
        s.add(LocalSetting(key=NAME, value=clean_text(name) or _("المكتب المركزي")))
        s.add(LocalSetting(key=KEY, value=b64(Ed25519PrivateKey.generate().private_bytes_raw())))
        s.add(LocalSetting(key=AGE, value=str(age)))
        load_reference_data(s)
    return str(age.to_public())


def _central_public(s: Session) -> dict[str, str]:
    return {
        "name": _get(s, NAME),
        "signing_key": b64(public_bytes(private_key(_get(s, KEY)))),
        "age_recipient": str(x25519.Identity.from_str(_get(s, AGE)).to_public()),
    }


def enrol(store: Store, *, office: str, name_ar: str, governorate: str) -> bytes:
    """The enrolment file of a new office: its receipt key, the key that certifies its stations, the
    central office's public keys, reference data and the directory. Carried like a key."""
    code, name = clean_text(office).upper(), clean_text(name_ar)
    if not OFFICE_CODE_RE.match(code):
        raise ValidationError(N_("رمز المكتب من 2 إلى 10 أحرف لاتينية كبيرة (مثل BGDGO)."), field="office")
    if not name:
        raise ValidationError(N_("اسم المكتب مطلوب."), field="name_ar")
    with store.write() as s:
        gov = s.scalar(select(Governorate).where(Governorate.code == clean_text(governorate).upper()))
        if gov is None:
            raise ValidationError(N_("اختر محافظة المكتب من القائمة."), field="governorate")
        if s.scalar(select(Office.id).where(Office.code == code)) is not None:
            raise ValidationError(N_("المكتب {office} مسجّل من قبل."), office=code, field="office")
        receipt, enrolment = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
        row = Office(
            code=code,
            name_ar=name,
            governorate_id=gov.id,
            public_key=public_bytes(receipt),
            created_at=clock.now(),
        )
        s.add(row)
        s.flush()
        s.add(SyncOffice(office_id=row.id, enrolment_key=public_bytes(enrolment), enrolled_at=clock.now()))
        content = {
            "format": ENROLMENT_FORMAT,
            "office": {"id": row.id.hex, "code": code, "name_ar": name, "governorate": gov.code},
            "receipt_key": b64(receipt.private_bytes_raw()),
            "enrolment_key": b64(enrolment.private_bytes_raw()),
            "central": _central_public(s),
            "reference": dump(s, REFERENCE),
            "directory": _directory(s, row.id),
        }
    return json.dumps(content, ensure_ascii=False, indent=1).encode()


def _directory(s: Session, office_id: UUID) -> dict[str, list[Any]]:
    """Every office (with its receipt-checking key) and this office's stations."""
    return dump(s, ("offices", "stations"), {"stations": table("stations").c.office_id == office_id})


@dataclass(frozen=True)
class Accepted:
    bundle_id: str
    office: str
    station: int
    first_seq: int
    last_seq: int
    held_up_to: int  # what the answer acknowledges
    added: dict[str, int]


def _sender(s: Session, data: bytes) -> tuple[Party, dict[str, Any], Office]:
    """Who sent it, from the certificate it carries: a station certified by an enrolled office."""
    manifest, _signed, _signature = read_manifest(data)
    unknown = BundleRefused(
        N_("مرسل الحزمة ({sender}) غير معروف للمكتب المركزي: لا تحمل شهادة من مكتب مسجّل."),
        sender=manifest.sender,
        code="unknown_sender",
    )
    office = s.scalar(select(Office).where(Office.code == manifest.sender.office))
    enrolled = s.get(SyncOffice, office.id) if office is not None else None
    if office is None or enrolled is None:
        raise unknown
    try:
        body = checked_certificate(manifest.extra.get("certificate"), enrolled.enrolment_key)
    except ValueError:
        raise unknown from None
    if Party(str(body.get("office")), int(body.get("station", 0))) != manifest.sender:
        raise unknown
    return manifest.sender, body, office


def accept(store: Store, data: bytes) -> Accepted:
    """Check and apply one station's bundle in one transaction; a refusal changes nothing."""
    with store.write() as s:
        sender, cert, office = _sender(s, data)
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(cert["signing_key"]))
        bundle = read_bundle(
            data,
            me=CENTRAL,
            identity=x25519.Identity.from_str(_get(s, AGE)),
            sender_key=lambda p: key if p == sender else None,
            schema_known=schema_known,
        )
        m = bundle.manifest
        refuse_replay(s, m.bundle_id)
        files = received_files(bundle.parts)
        station_id = UUID(hex=cert["station_id"])
        _remember_station(s, station_id, office, cert, dict(m.extra.get("received", {})))  # type: ignore[call-overload]
        origin = Origin(office.code, int(cert["station"]))
        if m.last_seq >= m.first_seq:
            check_ranges(s, {station_id: (m.first_seq, m.last_seq)}, {station_id: str(sender)})
        added = apply_lines(s, unpack(bundle.parts["changes"]), {station_id: origin})
        keep_files(store.files, files)  # before the rows pointing at them are committed
        record_bundle(s, m.bundle_id, f"{office.code}-{origin.number:02d}", m.first_seq, m.last_seq)
        return Accepted(
            m.bundle_id,
            office.code,
            origin.number,
            m.first_seq,
            m.last_seq,
            last_seq(s, station_id),
            dict(added),
        )


def _remember_station(
    s: Session, station_id: UUID, office: Office, cert: dict[str, Any], received: dict[str, Any]
) -> None:
    if s.get(Station, station_id) is None:
        s.add(
            Station(id=station_id, office_id=office.id, number=int(cert["station"]), created_at=clock.now())
        )
        s.flush()
    row = s.get(SyncStation, station_id)
    if row is None:
        row = SyncStation(station_id=station_id)
        s.add(row)
    row.signing_key = bytes.fromhex(cert["signing_key"])
    row.age_recipient = str(cert["age_recipient"])
    row.reported = {str(k): int(v) for k, v in received.items()}
    row.last_bundle_at = clock.now()


def answer_for(store: Store, office: str, station: int) -> bytes:
    """The answer for one station: what central holds of it (its acknowledgement), its office's other
    stations' changes past what it reported holding, reference data, and every office's receipt key."""
    with store.write() as s:
        found = s.execute(
            select(Station, SyncStation)
            .join(Office, Station.office_id == Office.id)
            .join(SyncStation, SyncStation.station_id == Station.id)
            .where(Office.code == clean_text(office).upper(), Station.number == station)
        ).one_or_none()
        if found is None:
            raise NotFound(
                N_(
                    "لم تصل إلى المكتب المركزي أي حزمة من {office}، المحطة {station}: صدّر منها حزمة واستوردها "
                    "هنا أولاً."
                ),
                office=office,
                station=station,
            )
        me, peer = found
        lines: list[dict[str, Any]] = []
        ranges: dict[str, list[int]] = {}
        others = s.scalars(select(Station.id).where(Station.office_id == me.office_id, Station.id != me.id))
        for other in others:
            mark = int(peer.reported.get(other.hex, 0))  # type: ignore[call-overload]
            entries = outbox(s, other, mark)
            if entries:
                ranges[other.hex] = [entries[0].seq, entries[-1].seq]
                lines += lines_for(s, entries)
        parts = {
            "reference": pack_json(dump(s, REFERENCE)),
            "directory": pack_json(_directory(s, me.office_id)),
            "changes": pack(lines),
        } | attachment_parts(store.files, lines)
        return write_bundle(
            parts,
            bundle_id=str(new_uuid7()),
            schema=SCHEMA_HEAD,
            sender=CENTRAL,
            recipient=Party(clean_text(office).upper(), station),
            recipient_key=peer.age_recipient,
            signing_key=private_key(_get(s, KEY)),
            counts={"changes": len(lines)},
            extra={"ack": last_seq(s, me.id), "ranges": ranges},
        )
