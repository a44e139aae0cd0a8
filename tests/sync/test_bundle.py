"""The `.csdsync` bundle: what it refuses, and what a lost stick reveals (nothing personal)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyrage import x25519

from csd_desktop.sync.bundle import BundleRefused, Party, read_bundle, read_manifest, write_bundle

DESK_1 = Party("BGDGO", 1)
CENTRAL = Party("", None)
CHANGES = json.dumps(
    [{"citizen": "فاطمة علي حسين الجبوري", "national_id": "199012345678", "phone": "07701234567"}],
    ensure_ascii=False,
).encode()


@pytest.fixture
def keys() -> dict[str, Any]:
    return {
        "desk": Ed25519PrivateKey.generate(),
        "central": x25519.Identity.generate(),
        "other": x25519.Identity.generate(),
    }


def make(keys: dict[str, Any], **changes: Any) -> bytes:
    args: dict[str, Any] = {
        "bundle_id": "0193a1b2-0000-7000-8000-000000000001",
        "schema": "0006",
        "sender": DESK_1,
        "recipient": CENTRAL,
        "recipient_key": str(keys["central"].to_public()),
        "signing_key": keys["desk"],
        "first_seq": 1,
        "last_seq": 40,
        "counts": {"cases": 8, "events": 32},
    }
    args.update(changes)
    parts = {"changes": zlib.compress(CHANGES), "attachments/ab12.png": b"\x89PNG fake image"}
    return write_bundle(parts, **args)


def read(keys: dict[str, Any], data: bytes, **changes: Any) -> Any:
    known: dict[Party, Ed25519PublicKey] = {DESK_1: keys["desk"].public_key()}
    args: dict[str, Any] = {
        "me": CENTRAL,
        "identity": keys["central"],
        "sender_key": known.get,
        "schema_known": lambda revision: revision <= "0006",
    }
    args.update(changes)
    return read_bundle(data, **args)


def refused(code: str, reading: Callable[[], object]) -> BundleRefused:
    with pytest.raises(BundleRefused) as err:
        reading()
    assert err.value.code == code, err.value.message
    assert err.value.message  # an Arabic reason for the clerk
    return err.value


def test_a_bundle_opens_whole_for_its_recipient(keys: dict[str, Any]) -> None:
    bundle = read(keys, make(keys))
    assert zlib.decompress(bundle.parts["changes"]) == CHANGES
    assert bundle.parts["attachments/ab12.png"] == b"\x89PNG fake image"
    assert bundle.manifest.sender == DESK_1 and (bundle.manifest.first_seq, bundle.manifest.last_seq) == (
        1,
        40,
    )


def test_a_lost_stick_reveals_no_name_card_or_phone(keys: dict[str, Any]) -> None:
    data = make(keys, first_seq=1)
    for secret in ("فاطمة", "الجبوري", "199012345678", "07701234567"):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data
    manifest, _signed, _signature = read_manifest(data)
    assert manifest.counts == {"cases": 8, "events": 32}  # what can be read: counts, not people


@pytest.mark.parametrize("cut", [5, 20, 200, -1, -100])
def test_a_truncated_bundle_is_refused(keys: dict[str, Any], cut: int) -> None:
    data = make(keys)
    error = refused("truncated" if cut != 5 else "not_a_bundle", lambda: read(keys, data[:cut]))
    assert "الحزمة" in error.message or "ليس" in error.message


def test_any_flipped_byte_is_refused(keys: dict[str, Any]) -> None:
    data = make(keys)
    header_end = data.index(b'"}') + 2
    for at in (len(data) - 1, len(data) // 2, header_end + 40, header_end - 10, 30):
        changed = bytearray(data)
        changed[at] ^= 0x01
        with pytest.raises(BundleRefused) as err:
            read(keys, bytes(changed))
        assert err.value.code in ("tampered", "truncated", "wrong_recipient", "unknown_sender"), at


def test_a_bundle_for_someone_else_is_refused(keys: dict[str, Any]) -> None:
    desk_2 = Party("BGDGO", 2)
    data = make(keys, recipient=desk_2, recipient_key=str(keys["other"].to_public()))
    error = refused("wrong_recipient", lambda: read(keys, data))
    assert "BGDGO، المحطة 2" in error.message
    # Addressed to us in the manifest but encrypted for another key: cannot be opened either.
    mislabelled = make(keys, recipient_key=str(keys["other"].to_public()))
    refused("wrong_recipient", lambda: read(keys, mislabelled))


def test_an_unknown_sender_is_refused(keys: dict[str, Any]) -> None:
    stranger = make(keys, sender=Party("NINGO", 3), signing_key=Ed25519PrivateKey.generate())
    error = refused("unknown_sender", lambda: read(keys, stranger))
    assert "NINGO" in error.message
    impostor = make(keys, signing_key=Ed25519PrivateKey.generate())  # says desk 1, signed by another key
    refused("tampered", lambda: read(keys, impostor))


def test_a_bundle_from_a_newer_schema_is_refused(keys: dict[str, Any]) -> None:
    refused("newer_schema", lambda: read(keys, make(keys, schema="0099")))


def test_something_else_is_not_a_bundle(keys: dict[str, Any]) -> None:
    refused("not_a_bundle", lambda: read(keys, b"PK\x03\x04 a zip file"))
