"""Signed receipts: the QR code carries the reference and the office's Ed25519 signature of it,
so any office holding the signer's public key can check offline that a receipt is genuine."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.engine import Database
from ..db.models import LocalSetting, Office
from ..domain.arabic import strip_direction_marks
from ..domain.reference import parse_reference
from ..errors import CsdError, ValidationError
from ..i18n import N_

QR_PREFIX = "CSD1"
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


def _message(reference: str) -> bytes:
    return f"{QR_PREFIX}|{reference}".encode("ascii")


def qr_text(s: Session, reference: str) -> str:
    """`CSD1|<reference>|<signature>`: short enough for a small QR code, checkable offline."""
    stored = s.get(LocalSetting, _SIGNING_KEY)
    if stored is None:
        raise CsdError(N_("مفتاح توقيع المكتب غير موجود: أعد إعداد المحطة."))
    key = Ed25519PrivateKey.from_private_bytes(_unb64(stored.value))
    return f"{QR_PREFIX}|{reference}|{_b64(key.sign(_message(reference)))}"


@dataclass(frozen=True)
class VerifiedReceipt:
    reference: str
    office_code: str
    office_name: str


def verify_qr_text(db: Database, text: str) -> VerifiedReceipt:
    """Accept a receipt's QR text only if its reference is well formed and its signature is the office's."""
    refused = ValidationError(N_("الوصل غير صحيح: رمز الاستجابة السريعة لا يطابق توقيع أي مكتب معروف."))
    parts = strip_direction_marks(text).strip().split("|")
    if len(parts) != 3 or parts[0] != QR_PREFIX:
        raise refused
    _, reference, signature = parts
    parsed = parse_reference(reference)
    if parsed is None or not parsed.check_ok or str(parsed.reference) != reference:
        raise refused
    with db.read() as s:
        office = s.scalar(select(Office).where(Office.code == parsed.reference.office_code))
    if office is None or office.public_key is None:
        raise ValidationError(N_("الوصل صادر عن مكتب غير معروف لهذه المحطة: لا يمكن التحقق منه بعد."))
    try:
        Ed25519PublicKey.from_public_bytes(office.public_key).verify(_unb64(signature), _message(reference))
    except (InvalidSignature, ValueError):
        raise refused from None
    return VerifiedReceipt(reference, office.code, office.name_ar)
