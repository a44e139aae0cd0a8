"""Receipts: the data they show, reprints recorded, and QR signatures that any office can check."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from csd_desktop.db.engine import Database
from csd_desktop.db.models import LocalSetting
from csd_desktop.domain.enums import Kind
from csd_desktop.errors import NotFound, ValidationError
from csd_desktop.services import cases, intake, receipts, signing
from csd_desktop.services.receipt_data import ReceiptData
from csd_desktop.services.users import Actor
from tests.factories import intake_form


def test_receipt_carries_the_case_and_a_verifiable_signature(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, saved.reference)
    assert (data.reference, data.expected_answer, data.kind) == (saved.reference, saved.due, "شكوى")
    assert data.entity == "أمانة بغداد" and data.reprinted_at is None
    verified = signing.verify_qr_text(db, data.qr_text, paper(data))
    assert verified.reference == saved.reference and verified.office_code == "BGDGO"
    assert verified.content_checked


def paper(data: ReceiptData, **changes: Any) -> signing.ReceiptContent:
    """What a receipt says, as an officer types it from the paper."""
    kind = {k.label: k for k in Kind}[data.kind]
    said = signing.ReceiptContent(data.citizen_name, data.registered_at.date(), kind, data.subject)
    return replace(said, **changes)


@pytest.mark.parametrize(
    "changes",
    [
        {"citizen_name": "علي حسين كاظم الساعدي"},
        {"day": date(2026, 1, 1)},
        {"kind": Kind.PRAISE},
        {"subject": "تعويض عن أرض"},
    ],
    ids=["name", "date", "kind", "subject"],
)
def test_a_genuine_qr_on_a_doctored_receipt_is_refused(db: Database, actor: Actor, changes: Any) -> None:
    saved = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, saved.reference)
    with pytest.raises(ValidationError) as err:
        signing.verify_qr_text(db, data.qr_text, paper(data, **changes))
    assert "ليس ما سُجّل" in err.value.message


def test_the_receipt_text_typed_with_other_spellings_still_verifies(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form(subject="إنقطاع الماء  عن المحلة"))
    data = receipts.receipt_for(db, actor, saved.reference)
    typed = paper(data, subject="انقطاع الماء عن المحله", citizen_name=f" {data.citizen_name}")
    assert signing.verify_qr_text(db, data.qr_text, typed).content_checked


def test_a_current_qr_without_the_receipt_text_is_not_called_genuine(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, saved.reference)
    with pytest.raises(ValidationError) as err:
        signing.verify_qr_text(db, data.qr_text)
    assert "اسم المواطن" in err.value.message


def test_an_old_reference_only_qr_still_verifies_and_says_so(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    with db.read() as s:
        stored = s.get(LocalSetting, "signing_key")
        assert stored is not None
        key = Ed25519PrivateKey.from_private_bytes(signing._unb64(stored.value))
    signature = signing._b64(key.sign(f"CSD1|{saved.reference}".encode("ascii")))
    verified = signing.verify_qr_text(db, f"CSD1|{saved.reference}|{signature}")
    assert verified.reference == saved.reference and not verified.content_checked


def test_qr_text_with_one_reference_character_changed_is_refused(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, saved.reference)
    prefix, reference, digest, signature = data.qr_text.split("|")
    for i, ch in enumerate(reference):
        if ch.isdigit():
            other = "1" if ch != "1" else "2"
            forged = f"{prefix}|{reference[:i]}{other}{reference[i + 1 :]}|{digest}|{signature}"
            with pytest.raises(ValidationError):
                signing.verify_qr_text(db, forged, paper(data))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "CSD1|BGDGO-01-2026-000001-6",
        "CSD1|x|y",
        "CSD1|BGDGO-01-2026-000001-6|!!",
        "CSD2|BGDGO-01-2026-000001-6|abc|!!",
        "CSD2|BGDGO-01-2026-000001-6|دا|AAAA",
    ],
)
def test_malformed_qr_text_is_refused_with_a_message(db: Database, text: str) -> None:
    with pytest.raises(ValidationError) as err:
        signing.verify_qr_text(db, text)
    assert err.value.message


def test_reprint_is_marked_and_recorded_in_the_timeline(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, saved.reference, reprint=True)
    assert data.reprinted_at is not None
    events = cases.case_detail(db, saved.reference).events
    assert [(e.type, e.data) for e in events] == [
        ("registered", events[0].data),
        ("receipt_printed", {"reprint": True}),
    ]


def test_receipt_of_unknown_reference_is_not_found(db: Database, actor: Actor) -> None:
    with pytest.raises(NotFound):
        receipts.receipt_for(db, actor, "BGDGO-01-2026-999999")
