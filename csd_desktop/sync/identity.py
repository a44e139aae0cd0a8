"""Keys and who is who: the central office's keys, an office's enrolment file, a station's certificate.

The enrolment file is made by the central office for one office and carried to each of its stations
like a key (it holds the office's receipt-signing key and the key that certifies its stations): on a
stick kept by the office's administrator, never sent by e-mail, deleted once the stations are set up.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..errors import ValidationError
from ..i18n import N_
from .bundle import Party

ENROLMENT_FORMAT = "csd-enrolment-1"
CENTRAL = Party("", None)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def private_key(text: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(unb64(text))


def canonical(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def certify(enrolment_key: Ed25519PrivateKey, body: Mapping[str, Any]) -> dict[str, Any]:
    """A station's certificate: its office, number, id and public keys, signed by its office."""
    return {"body": dict(body), "signature": b64(enrolment_key.sign(canonical(body)))}


def checked_certificate(certificate: Any, enrolment_public: bytes) -> dict[str, Any]:
    """The certificate's body if its office's enrolment key signed it, else None is never returned:
    a ValueError says it is not genuine."""
    try:
        body = certificate["body"]
        Ed25519PublicKey.from_public_bytes(enrolment_public).verify(
            unb64(certificate["signature"]), canonical(body)
        )
    except (KeyError, TypeError, ValueError, InvalidSignature) as e:
        raise ValueError("certificate not signed by the office") from e
    return dict(body)


def read_enrolment(data: bytes) -> dict[str, Any]:
    """An enrolment file's contents, or a clear refusal."""
    try:
        enrolment = json.loads(data)
        ok = enrolment.get("format") == ENROLMENT_FORMAT
    except (ValueError, AttributeError):
        ok = False
    if not ok:
        raise ValidationError(
            N_("ملف التسجيل غير صحيح: اطلب من المكتب المركزي ملف تسجيل المكتب (csd-central enrol)."),
            field="enrol",
        )
    return dict(enrolment)
