"""The `.csdsync` bundle: a signed manifest and an encrypted payload, as carried on a USB stick or sent
over the network (DESIGN.md §5).

On disk:

    CSDSYNC1\\n  <header length: 4 bytes, big-endian>  <header: JSON>  <payload: age ciphertext>

The header holds the manifest and the sender's Ed25519 signature over it. The manifest names nothing
personal (offices, stations, sequence numbers, counts, sizes and SHA-256 digests), so it can be read
and checked before anything is decrypted: a bundle that is truncated, altered, from an unknown sender,
for another recipient or from a newer schema is refused before its payload is touched. The payload is
encrypted with age (X25519 recipients, authenticated chunks) for the recipient alone: a lost stick
reveals no name, card number or phone. Inside it, each part (the changes, each attachment) is framed by
its name and length; the manifest's digests tie every part to the signature.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519

from ..errors import CsdError
from ..i18n import N_, _

MAGIC = b"CSDSYNC1\n"
FORMAT = 1
_LENGTH = struct.Struct(">I")
_MAX_HEADER = 1 << 20  # a manifest is a few kilobytes; anything bigger is not ours


class BundleRefused(CsdError):
    """A bundle that must not be applied; the message says why, and nothing was changed."""

    code = "bundle_refused"


@dataclass(frozen=True, order=True)
class Party:
    """Who sends or receives: a station of an office, or the central office (station None)."""

    office: str
    station: int | None = None

    def __str__(self) -> str:
        if self.station is None:
            return (
                _("المكتب المركزي ({office})").format(office=self.office)
                if self.office
                else _("المكتب المركزي")
            )
        return _("{office}، المحطة {station}").format(office=self.office, station=self.station)


@dataclass(frozen=True)
class PartInfo:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    schema: str  # the sender's database schema revision
    sender: Party
    recipient: Party
    first_seq: int  # the sender's outbox range carried (0, 0 when it carries none)
    last_seq: int
    counts: Mapping[str, int]
    parts: tuple[PartInfo, ...]
    payload_size: int
    payload_sha256: str
    created_at: str
    format: int = FORMAT
    extra: Mapping[str, object] = field(default_factory=dict)  # acknowledgements, marks

    def to_json(self) -> bytes:
        """The exact bytes that are signed: sorted keys, no spaces, UTF-8."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Manifest:
        values = dict(data)
        values["sender"] = Party(**values["sender"])
        values["recipient"] = Party(**values["recipient"])
        values["parts"] = tuple(PartInfo(**p) for p in values["parts"])
        return Manifest(**values)


@dataclass(frozen=True)
class Bundle:
    manifest: Manifest
    parts: Mapping[str, bytes]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _frame(parts: Mapping[str, bytes]) -> bytes:
    out = bytearray()
    for name, data in parts.items():
        encoded = name.encode()
        out += _LENGTH.pack(len(encoded)) + encoded + struct.pack(">Q", len(data)) + data
    return bytes(out)


def _unframe(data: bytes) -> dict[str, bytes]:
    parts: dict[str, bytes] = {}
    at = 0
    while at < len(data):
        (name_len,) = _LENGTH.unpack_from(data, at)
        at += _LENGTH.size
        name = data[at : at + name_len].decode()
        at += name_len
        (size,) = struct.unpack_from(">Q", data, at)
        at += 8
        parts[name] = data[at : at + size]
        at += size
    return parts


def write_bundle(
    parts: Mapping[str, bytes],
    *,
    bundle_id: str,
    schema: str,
    sender: Party,
    recipient: Party,
    recipient_key: str,
    signing_key: Ed25519PrivateKey,
    first_seq: int = 0,
    last_seq: int = 0,
    counts: Mapping[str, int] | None = None,
    extra: Mapping[str, object] | None = None,
    created_at: datetime | None = None,
) -> bytes:
    """The bundle's bytes: `parts` encrypted for `recipient_key` (an age X25519 recipient, age1…),
    the manifest signed with the sender's key."""
    payload = pyrage.encrypt(_frame(parts), [x25519.Recipient.from_str(recipient_key)])
    manifest = Manifest(
        bundle_id=bundle_id,
        schema=schema,
        sender=sender,
        recipient=recipient,
        first_seq=first_seq,
        last_seq=last_seq,
        counts=dict(counts or {}),
        parts=tuple(PartInfo(name, len(data), _sha256(data)) for name, data in parts.items()),
        payload_size=len(payload),
        payload_sha256=_sha256(payload),
        created_at=(created_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        extra=dict(extra or {}),
    )
    body = manifest.to_json()
    header = json.dumps(
        {"manifest": json.loads(body), "signature": signing_key.sign(body).hex()},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    return MAGIC + _LENGTH.pack(len(header)) + header + payload


def read_manifest(data: bytes) -> tuple[Manifest, bytes, bytes]:
    """The manifest, the signed bytes and the signature, without checking them yet."""
    if not data.startswith(MAGIC):
        raise BundleRefused(N_("هذا الملف ليس حزمة مزامنة من نظام شؤون المواطنين."), code="not_a_bundle")
    start = len(MAGIC) + _LENGTH.size
    if len(data) < start:
        raise BundleRefused(_TRUNCATED, code="truncated")
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    if length > _MAX_HEADER:
        raise BundleRefused(N_("رأس الحزمة تالف: الملف معدَّل أو ليس حزمة مزامنة."), code="tampered")
    if len(data) < start + length:
        raise BundleRefused(_TRUNCATED, code="truncated")
    try:
        header = json.loads(data[start : start + length])
        manifest = Manifest.from_dict(header["manifest"])
        signature = bytes.fromhex(header["signature"])
    except (ValueError, KeyError, TypeError) as e:
        raise BundleRefused(N_("رأس الحزمة تالف: الملف معدَّل أو ليس حزمة مزامنة."), code="tampered") from e
    return manifest, manifest.to_json(), signature


_TRUNCATED = N_(
    "الحزمة ناقصة: انقطع نسخها أو نقلها قبل أن يكتمل. انسخها من جديد من الجهاز المرسل، ولا يتغير شيء قبل ذلك."
)


def read_bundle(
    data: bytes,
    *,
    me: Party,
    identity: x25519.Identity,
    sender_key: Callable[[Party], Ed25519PublicKey | None],
    schema_known: Callable[[str], bool],
) -> Bundle:
    """Check everything the manifest promises, then decrypt and check every part. Raises
    BundleRefused with the reason; returns only a bundle that is whole, genuine and ours."""
    manifest, signed, signature = read_manifest(data)
    if manifest.format > FORMAT:
        raise BundleRefused(
            N_("صيغة هذه الحزمة أحدث من هذا الإصدار من البرنامج: حدّث البرنامج ثم أعد استيرادها."),
            code="newer_format",
        )
    key = sender_key(manifest.sender)
    if key is None:
        raise BundleRefused(
            N_(
                "مرسل الحزمة ({sender}) غير معروف لهذا الجهاز، فلا يُوثق بها. تأكد أن المحطة مسجّلة لدى "
                "المكتب المركزي."
            ),
            sender=manifest.sender,
            code="unknown_sender",
        )
    try:
        key.verify(signature, signed)
    except InvalidSignature:
        raise BundleRefused(
            N_("توقيع الحزمة لا يطابق محتواها: عُدّلت بعد إرسالها أو تلفت. اطلب من المرسل حزمة جديدة."),
            code="tampered",
        ) from None
    if manifest.recipient != me:
        raise BundleRefused(
            N_("هذه الحزمة موجهة إلى {recipient}، لا إلى هذا الجهاز ({me})."),
            recipient=manifest.recipient,
            me=me,
            code="wrong_recipient",
        )
    if not schema_known(manifest.schema):
        raise BundleRefused(
            N_("الحزمة مصنوعة بإصدار أحدث من البرنامج (بنية بيانات أحدث): حدّث البرنامج ثم أعد استيرادها."),
            code="newer_schema",
        )
    payload = data[_payload_start(data) :]
    if len(payload) < manifest.payload_size:
        raise BundleRefused(_TRUNCATED, code="truncated")
    if len(payload) != manifest.payload_size or _sha256(payload) != manifest.payload_sha256:
        raise BundleRefused(
            N_("محتوى الحزمة لا يطابق ما وقّعه المرسل: عُدّلت بعد إرسالها أو تلفت. اطلب من المرسل حزمة جديدة."),
            code="tampered",
        )
    try:
        plain = pyrage.decrypt(payload, [identity])
    except pyrage.DecryptError:
        raise BundleRefused(
            N_("تعذّر فتح الحزمة بمفتاح هذا الجهاز: ليست مشفرة له."), code="wrong_recipient"
        ) from None
    parts = _unframe(plain)
    expected = {p.name: p for p in manifest.parts}
    if set(parts) != set(expected) or any(
        len(parts[n]) != p.size or _sha256(parts[n]) != p.sha256 for n, p in expected.items()
    ):
        raise BundleRefused(
            N_("أجزاء الحزمة لا تطابق بيانها الموقّع: الحزمة تالفة. اطلب من المرسل حزمة جديدة."),
            code="tampered",
        )
    return Bundle(manifest, parts)


def _payload_start(data: bytes) -> int:
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    return len(MAGIC) + _LENGTH.size + length
