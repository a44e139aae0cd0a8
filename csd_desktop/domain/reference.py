"""Reference numbers: OFFICE-SS-YYYY-NNNNNN-C, unique nationally without asking anyone.

C is an ISO 7064 MOD 37,36 check character over the other parts, which catches every single
mistyped character and every swap of two adjacent characters (a citizen reading it over the phone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import ascii_digits, strip_direction_marks

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_MODULUS = 36

OFFICE_CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
_REFERENCE_RE = re.compile(
    r"^(?P<office>[A-Z][A-Z0-9]{1,9})-?(?P<station>\d{2})-?(?P<year>\d{4})-?(?P<seq>\d{6})(?:-?(?P<check>[0-9A-Z]))?$"
)


def check_character(payload: str) -> str:
    """ISO 7064 hybrid MOD 37,36 over upper-case letters and digits."""
    product = _MODULUS
    for ch in payload:
        total = (product + ALPHABET.index(ch)) % _MODULUS or _MODULUS
        product = (total * 2) % (_MODULUS + 1)
    return ALPHABET[(_MODULUS + 1 - product) % _MODULUS]


def is_valid_check(payload_with_check: str) -> bool:
    return check_character(payload_with_check[:-1]) == payload_with_check[-1]


@dataclass(frozen=True)
class ReferenceNumber:
    office_code: str
    station: int
    year: int
    sequence: int

    @property
    def payload(self) -> str:
        return f"{self.office_code}{self.station:02d}{self.year:04d}{self.sequence:06d}"

    @property
    def check(self) -> str:
        return check_character(self.payload)

    def __str__(self) -> str:
        return f"{self.office_code}-{self.station:02d}-{self.year:04d}-{self.sequence:06d}-{self.check}"


@dataclass(frozen=True)
class ParsedReference:
    """What someone typed: the reference it names, and whether the check character agreed."""

    reference: ReferenceNumber
    check_typed: str | None

    @property
    def check_ok(self) -> bool:
        return self.check_typed == self.reference.check


def parse_reference(text: str) -> ParsedReference | None:
    """Read a reference as typed: any case, Arabic digits, spaces or dashes missing. None if it is not one."""
    compact = ascii_digits(strip_direction_marks(text)).upper().replace(" ", "")
    m = _REFERENCE_RE.match(compact)
    if m is None:
        return None
    ref = ReferenceNumber(m["office"], int(m["station"]), int(m["year"]), int(m["seq"]))
    return ParsedReference(ref, m["check"])
