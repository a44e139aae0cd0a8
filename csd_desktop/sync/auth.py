"""Signed HTTP requests between a station and the central server: who is asking, proven by the
station's Ed25519 key, and when, so a captured request cannot be replayed later.

A station sends its office and station number, its certificate (issued at enrolment under the office's
enrolment key; the hub checks it and answers with the station's public key) and a signature over the
method, the path with its query, the time and the body's SHA-256. No web framework here: the client and
the server's web layer both call these functions, with the headers as a plain mapping.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import CsdError
from ..i18n import N_
from .bundle import Party

OFFICE = "X-CSD-Office"
STATION = "X-CSD-Station"
CERTIFICATE = "X-CSD-Certificate"
TIME = "X-CSD-Time"
SIGNATURE = "X-CSD-Signature"

MAX_SKEW = 300  # seconds either way: a station's clock may be a few minutes off, not more


class NotAuthenticated(CsdError, code="not_authenticated"):
    """A request the central server does not accept as coming from an enrolled station."""


@dataclass(frozen=True)
class Credentials:
    """What a station signs its requests with (made at enrolment, kept in its database)."""

    station: Party
    signing_key: Ed25519PrivateKey
    certificate: bytes


def _message(method: str, target: str, moment: int, body: bytes, station: Party) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    fields = ("CSD-HTTP-1", method.upper(), target, str(moment), digest, station.office, str(station.station))
    return "\n".join(fields).encode()


def sign_request(
    credentials: Credentials, method: str, target: str, body: bytes, moment: int
) -> dict[str, str]:
    """The headers that prove `credentials.station` sent this request at `moment` (Unix seconds).
    `target` is the path with its query string, exactly as the server will see it."""
    station = credentials.station
    signature = credentials.signing_key.sign(_message(method, target, moment, body, station))
    return {
        OFFICE: station.office,
        STATION: str(station.station),
        CERTIFICATE: base64.b64encode(credentials.certificate).decode(),
        TIME: str(moment),
        SIGNATURE: base64.b64encode(signature).decode(),
    }


StationKey = Callable[[Party, bytes], Ed25519PublicKey | None]


def verify_request(
    headers: Mapping[str, str],
    method: str,
    target: str,
    body: bytes,
    now: int,
    station_key: StationKey,
) -> Party:
    """The station that signed this request; raises NotAuthenticated with the reason otherwise.
    `station_key(station, certificate)` is the hub's answer: the station's public key when the
    certificate is genuine and the office enrolled, else None."""
    lower = {k.lower(): v for k, v in headers.items()}
    try:
        station = Party(lower[OFFICE.lower()], int(lower[STATION.lower()]))
        certificate = base64.b64decode(lower[CERTIFICATE.lower()], validate=True)
        moment = int(lower[TIME.lower()])
        signature = base64.b64decode(lower[SIGNATURE.lower()], validate=True)
    except (KeyError, ValueError, binascii.Error):
        raise NotAuthenticated(
            N_(
                "الطلب لا يحمل توقيع محطة مسجّلة: الخادم لا يقبل إلا طلبات المحطات المسجّلة لدى المكتب المركزي."
            ),
            code="unsigned",
        ) from None
    if abs(now - moment) > MAX_SKEW:
        raise NotAuthenticated(
            N_(
                "وقت الطلب بعيد عن وقت الخادم بأكثر من خمس دقائق: صحّح تاريخ هذا الجهاز وساعته ثم أعد المزامنة."
            ),
            code="stale",
        )
    key = station_key(station, certificate)
    if key is None:
        raise NotAuthenticated(
            N_("المحطة {station} غير مسجّلة لدى المكتب المركزي، أو شهادتها غير صحيحة."),
            station=station,
            code="unknown_station",
        )
    try:
        key.verify(signature, _message(method, target, moment, body, station))
    except InvalidSignature:
        raise NotAuthenticated(
            N_("توقيع الطلب لا يطابق مفتاح المحطة {station}: رُفض الطلب ولم يتغير شيء."),
            station=station,
            code="bad_signature",
        ) from None
    return station
