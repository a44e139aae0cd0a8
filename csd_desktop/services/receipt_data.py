"""What a receipt shows: a plain value the PDF renderer draws, with nothing left to look up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class ReceiptData:
    office_name: str  # Arabic, e.g. "مكتب شؤون المواطنين — ديوان محافظة بغداد"
    governorate: str  # Arabic governorate name
    reference: str  # "BGDGO-01-2026-000123-0"
    qr_text: str  # the QR code: reference, digest of what the receipt says, the office's signature
    registered_at: datetime  # local time of registration
    citizen_name: str
    kind: str  # Arabic label, e.g. "شكوى"
    category: str  # Arabic category name
    entity: str | None  # Arabic entity name, None if not chosen yet
    subject: str  # may be long: wrapped over several lines
    expected_answer: date  # the date by which the citizen can expect a first answer
    follow_up: str  # Arabic sentence: how to follow up (reference number or phone)
    clerk_name: str
    reprinted_at: datetime | None = None  # set on a reprint: the receipt says نسخة with this time
