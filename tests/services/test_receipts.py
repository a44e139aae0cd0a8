"""Receipts: the data they show, reprints recorded, and QR signatures that any office can check."""

from __future__ import annotations

import pytest

from csd_desktop.db.engine import Database
from csd_desktop.errors import NotFound, ValidationError
from csd_desktop.services import cases, intake, receipts, signing
from csd_desktop.services.users import Actor
from tests.factories import intake_form


def test_receipt_carries_the_case_and_a_verifiable_signature(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    data = receipts.receipt_for(db, actor, saved.reference)
    assert (data.reference, data.expected_answer, data.kind) == (saved.reference, saved.due, "شكوى")
    assert data.entity == "أمانة بغداد" and data.reprinted_at is None
    verified = signing.verify_qr_text(db, data.qr_text)
    assert verified.reference == saved.reference and verified.office_code == "BGDGO"


def test_qr_text_with_one_reference_character_changed_is_refused(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    text = receipts.receipt_for(db, actor, saved.reference).qr_text
    prefix, reference, signature = text.split("|")
    for i, ch in enumerate(reference):
        if ch.isdigit():
            other = "1" if ch != "1" else "2"
            forged = f"{prefix}|{reference[:i]}{other}{reference[i + 1 :]}|{signature}"
            with pytest.raises(ValidationError):
                signing.verify_qr_text(db, forged)


@pytest.mark.parametrize(
    "text", ["", "hello", "CSD1|BGDGO-01-2026-000001-6", "CSD1|x|y", "CSD1|BGDGO-01-2026-000001-6|!!"]
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
