"""`csd case add --json -` with arbitrary JSON (any shape, any Unicode, wrong types, SQL-looking text):
exit 0 with the case saved, or exit 2 with an Arabic message and nothing saved; never a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from csd_desktop.cli import main
from tests.cli.test_bad_input import cases_in, office
from tests.cli.test_cli import CASE
from tests.services.test_entry_points_properties import NOT_TEXT, TEXT

UNEXPECTED = "غير متوقع"
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=8,
)
__all__ = ["office"]  # the fixture, shared
KEYS = [*CASE, *(f"citizen.{k}" for k in CASE["citizen"])]


def _changed(key: str, value: Any) -> dict[str, Any]:
    case = json.loads(json.dumps(CASE))
    if key.startswith("citizen."):
        case["citizen"][key.removeprefix("citizen.")] = value
    else:
        case[key] = value
    return case


def _add(office: Path, payload: str) -> None:
    before = cases_in(office)
    r = CliRunner().invoke(main, ["--db", str(office), "case", "add", "--json", "-"], input=payload)
    assert r.exit_code in (0, 2), r.output
    assert UNEXPECTED not in r.output and "Traceback" not in r.output
    if r.exit_code == 2:
        assert "خطأ" in r.output and cases_in(office) == before
    else:
        assert cases_in(office) == before + 1


@settings(max_examples=40)
@given(key=st.sampled_from(KEYS), value=st.one_of(JSON, NOT_TEXT))
def test_any_value_in_any_field_is_saved_or_refused_in_arabic(office: Path, key: str, value: Any) -> None:
    _add(office, json.dumps(_changed(key, value), ensure_ascii=False))


@settings(max_examples=25)
@given(document=JSON)
def test_any_json_document_is_refused_in_arabic_or_saved(office: Path, document: Any) -> None:
    _add(office, json.dumps(document, ensure_ascii=False))


def _answered_or_refused(office: Path, args: list[str]) -> None:
    before = cases_in(office)
    r = CliRunner().invoke(main, ["--db", str(office), *args])
    assert r.exit_code in (0, 2), r.output
    assert UNEXPECTED not in r.output and "Traceback" not in r.output
    assert r.exit_code == 0 or "خطأ" in r.output
    assert cases_in(office) == before


PERIOD = st.one_of(
    st.sampled_from(["2026-02-30", "2026-13", "2026-00", "0000-01", "٢٠٢٦-١١", "99999-01"]), TEXT
)


@settings(max_examples=30)
@given(month=PERIOD, start=PERIOD, last=PERIOD)
def test_any_report_period_is_answered_or_refused_in_arabic(
    office: Path, month: str, start: str, last: str
) -> None:
    _answered_or_refused(office, ["report", "figures", "--month", month])
    _answered_or_refused(office, ["report", "figures", "--from", start, "--to", last])


@settings(max_examples=30)
@given(typed=TEXT)
def test_any_reference_typed_at_the_cli_is_found_or_refused_in_arabic(office: Path, typed: str) -> None:
    _answered_or_refused(office, ["case", "show", typed])
    _answered_or_refused(office, ["case", "find", typed])
