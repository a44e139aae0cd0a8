"""Reference numbers: format, and a check character that catches what a phone call gets wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csd_desktop.domain.reference import ReferenceNumber, check_digit, parse_reference

references = st.builds(
    ReferenceNumber,
    office_code=st.from_regex(r"[A-Z]{2,10}", fullmatch=True),
    station=st.integers(1, 99),
    year=st.integers(2020, 2099),
    sequence=st.integers(1, 999_999),
)


def test_reference_has_the_agreed_shape() -> None:
    ref = ReferenceNumber("BGDGO", 1, 2026, 123)
    assert str(ref).startswith("BGDGO-01-2026-000123-")
    assert len(str(ref).split("-")[-1]) == 1


@given(references)
def test_reference_check_char_catches_every_single_digit_error(ref: ReferenceNumber) -> None:
    # Every digit a citizen reads out, the check digit itself included.
    full = ref.digits + ref.check
    for i, original in enumerate(full):
        for other in "0123456789":
            if other != original:
                typo = full[:i] + other + full[i + 1 :]
                assert check_digit(typo[:-1]) != typo[-1]


@given(references)
def test_reference_check_char_catches_every_adjacent_swap(ref: ReferenceNumber) -> None:
    full = ref.digits + ref.check
    for i in range(len(full) - 1):
        if full[i] != full[i + 1]:
            swapped = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
            assert check_digit(swapped[:-1]) != swapped[-1]


def test_parse_reference_flags_a_mistyped_check_digit() -> None:
    ref = ReferenceNumber("BGDGO", 1, 2026, 123)
    wrong = str(ref)[:-1] + ("0" if ref.check != "0" else "1")
    parsed = parse_reference(wrong)
    assert parsed is not None and not parsed.check_ok


@pytest.mark.parametrize(
    "typed",
    [
        "BGDGO-01-2026-000123-{c}",
        "bgdgo-01-2026-000123-{c}",
        "BGDGO0120260001 23{c}",
        "BGDGO-٠١-٢٠٢٦-٠٠٠١٢٣-{c}",
        "\u200fBGDGO-01-2026-000123-{c}\u200e",
        "BGDGO-01-2026-000123",
    ],
)
def test_parse_reference_accepts_the_ways_people_type_it(typed: str) -> None:
    ref = ReferenceNumber("BGDGO", 1, 2026, 123)
    parsed = parse_reference(typed.format(c=ref.check))
    assert parsed is not None and parsed.reference == ref


@pytest.mark.parametrize("typed", ["", "07701234567", "BGDGO-01-26-000123", "محمد", "BGDGO-1-2026-000123-X"])
def test_parse_reference_refuses_what_is_not_a_reference(typed: str) -> None:
    assert parse_reference(typed) is None
