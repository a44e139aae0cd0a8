"""Signed receipts: the QR code carries the reference, a digest of what the receipt says (the citizen's
name as registered, the date, the kind, the subject) and the office's Ed25519 signature of both, so any
office holding the signer's public key can check offline that a receipt is genuine and undoctored.

`CSD2|<reference>|<digest>|<signature>` since issue 11; the older `CSD1|<reference>|<signature>` signed
the reference alone: such receipts still verify, said to be of the old format (reference only), since
citizens hold them and cannot be asked to come back.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import LocalSetting, Office
from ..domain.arabic import normalize_for_search, strip_direction_marks
from ..domain.enums import Kind
from ..domain.reference import parse_reference
from ..errors import CsdError, ValidationError
from ..i18n import N_

QR_PREFIX = "CSD2"
OLD_PREFIX = "CSD1"
_SIGNING_KEY = "signing_key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_office_key(s: Session, office: Office) -> None:
    """Create the office's key pair: the public half on the office row, the private half kept locally."""
    private = Ed25519PrivateKey.generate()
    office.public_key = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    s.merge(LocalSetting(key=_SIGNING_KEY, value=_b64(private.private_bytes_raw())))


@dataclass(frozen=True)
class ReceiptContent:
    """What a receipt says that a forger would change."""

    citizen_name: str  # as registered with the case
    day: date  # the registration's date, in Iraq
    kind: Kind
    subject: str


def content_digest(content: ReceiptContent) -> str:
    """16 bytes of SHA-256 over the content, spelling folded as search folds it (a verifier types the
    name and subject from paper: أ for ا or a doubled space must not refuse a genuine receipt)."""
    parts = [
        normalize_for_search(content.citizen_name),
        content.day.isoformat(),
        content.kind.value,
        normalize_for_search(content.subject),
    ]
    return _b64(hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:16])


def _message(*fields: str) -> bytes:
    return "|".join(fields).encode("ascii")


def qr_text(s: Session, reference: str, content: ReceiptContent) -> str:
    """`CSD2|<reference>|<digest>|<signature>`: short enough for a small QR code, checkable offline."""
    stored = s.get(LocalSetting, _SIGNING_KEY)
    if stored is None:
        raise CsdError(N_("مفتاح توقيع المكتب غير موجود: أعد إعداد المحطة."))
    key = Ed25519PrivateKey.from_private_bytes(_unb64(stored.value))
    digest = content_digest(content)
    signature = key.sign(_message(QR_PREFIX, reference, digest))
    return f"{QR_PREFIX}|{reference}|{digest}|{_b64(signature)}"


@dataclass(frozen=True)
class VerifiedReceipt:
    reference: str
    office_code: str
    office_name: str
    content_checked: bool  # False: an old receipt, whose signature covers the reference only


def verify_qr_text(db: Database, text: str, content: ReceiptContent | None = None) -> VerifiedReceipt:
    """Accept a receipt's QR text only if its reference is well formed, its signature is the office's
    and (for the current format) the receipt's `content` is what was signed."""
    refused = ValidationError(N_("الوصل غير صحيح: رمز الاستجابة السريعة لا يطابق توقيع أي مكتب معروف."))
    parts = strip_direction_marks(text).strip().split("|")
    if parts[0] == QR_PREFIX and len(parts) == 4:
        prefix, reference, digest, signature = parts
    elif parts[0] == OLD_PREFIX and len(parts) == 3:
        prefix, reference, signature = parts
        digest = ""
    else:
        raise refused
    parsed = parse_reference(reference)
    if parsed is None or not parsed.check_ok or str(parsed.reference) != reference or not digest.isascii():
        raise refused
    signed = _message(prefix, reference, digest) if digest else _message(prefix, reference)
    with db.read() as s:
        office = s.scalar(select(Office).where(Office.code == parsed.reference.office_code))
    if office is None or office.public_key is None:
        raise ValidationError(N_("الوصل صادر عن مكتب غير معروف لهذه المحطة: لا يمكن التحقق منه بعد."))
    try:
        Ed25519PublicKey.from_public_bytes(office.public_key).verify(_unb64(signature), signed)
    except (InvalidSignature, ValueError):
        raise refused from None
    if digest:
        if content is None:
            raise ValidationError(
                N_("أدخل ما يقوله الوصل (اسم المواطن والتاريخ والنوع والموضوع) للتحقق من أنه لم يُعدَّل.")
            )
        if content_digest(content) != digest:
            raise ValidationError(
                N_(
                    "الوصل غير صحيح: رمز الاستجابة السريعة أصلي لكن ما كُتب في الوصل (الاسم أو التاريخ أو "
                    "النوع أو الموضوع) ليس ما سُجّل ووُقّع. راجع المكتب الذي أصدره."
                )
            )
    return VerifiedReceipt(reference, office.code, office.name_ar, content_checked=bool(digest))
