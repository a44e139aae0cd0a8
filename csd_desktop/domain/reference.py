"""Reference numbers: OFFICE-SS-YYYY-NNNNNN-C, unique nationally without asking anyone.

C is a Damm check digit over the digits (station, year, sequence): it catches every single mistyped
digit and every swap of two adjacent digits, the errors of a citizen reading it over the phone. (An
alphanumeric ISO 7064 MOD 37,36 character was tried first: it misses some adjacent swaps.) The office
code is checked by being a known office.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .arabic import ascii_digits, strip_direction_marks

# The Damm quasigroup of order 10 (weakly totally anti-symmetric, zero diagonal).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

OFFICE_CODE_RE = re.compile(r"^[A-Z]{2,10}$")
_REFERENCE_RE = re.compile(
    r"^(?P<office>[A-Z]{2,10})-?(?P<station>\d{2})-?(?P<year>\d{4})-?(?P<seq>\d{6})(?:-?(?P<check>\d))?$"
)


def check_digit(digits: str) -> str:
    """The Damm check digit of a string of ASCII digits."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return str(interim)


@dataclass(frozen=True)
class ReferenceNumber:
    office_code: str
    station: int
    year: int
    sequence: int

    @property
    def digits(self) -> str:
        return f"{self.station:02d}{self.year:04d}{self.sequence:06d}"

    @property
    def check(self) -> str:
        return check_digit(self.digits)

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
    if not isinstance(text, str):
        return None
    compact = ascii_digits(strip_direction_marks(text)).upper().replace(" ", "")
    m = _REFERENCE_RE.match(compact)
    if m is None:
        return None
    ref = ReferenceNumber(m["office"], int(m["station"]), int(m["year"]), int(m["seq"]))
    return ParsedReference(ref, m["check"])


def likely_meant(parsed: ParsedReference) -> list[ReferenceNumber]:
    """The references a mistyped one may have meant: one digit changed, or two neighbours swapped,
    anywhere in its digits and check character, giving a number whose check agrees."""
    typed = parsed.reference.digits + (parsed.check_typed or "")
    found: list[ReferenceNumber] = []
    variants = [typed[:i] + typed[i + 1] + typed[i] + typed[i + 2 :] for i in range(len(typed) - 1)]
    variants += [
        typed[:i] + d + typed[i + 1 :] for i in range(len(typed)) for d in "0123456789" if d != typed[i]
    ]
    for candidate in variants:
        digits, check = candidate[:-1], candidate[-1]
        if check_digit(digits) == check:
            ref = ReferenceNumber(
                parsed.reference.office_code, int(digits[:2]), int(digits[2:6]), int(digits[6:])
            )
            if ref not in found:
                found.append(ref)
    return found


def compact_reference(text: str) -> str:
    """What was typed, cleaned for repeating it back (upper case, ASCII digits, no spaces)."""
    return ascii_digits(strip_direction_marks(text)).upper().replace(" ", "")
