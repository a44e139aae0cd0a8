"""Every visible word through one translation function: no unmarked Arabic in the package, an English
entry for every marked string, English on demand (--lang, CSD_LANG, the setting) and documents Arabic."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from csd_desktop import config, i18n
from csd_desktop.db.engine import Database
from csd_desktop.domain.enums import Kind, Status
from csd_desktop.errors import FormErrors, NotFound, ValidationError
from csd_desktop.i18n import N_, _
from csd_desktop.reports import documents
from csd_desktop.services import intake
from csd_desktop.services.users import Actor
from tests.cli.test_cli import csd_command
from tests.factories import intake_form
from tests.pdf_text import pdf_text

ROOT = Path(__file__).resolve().parent.parent


def _extractor():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("extract_strings", ROOT / "scripts" / "extract_strings.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


extract = _extractor()


@pytest.fixture(scope="module")
def found():  # type: ignore[no-untyped-def]
    return extract.scan()


@pytest.fixture(scope="module")
def catalogue() -> dict[str, str]:
    return extract.load_catalogue()


def test_no_arabic_literal_outside_the_translation_marks(found) -> None:  # type: ignore[no-untyped-def]
    assert found.unmarked == []


def test_every_marked_string_has_an_english_entry(found, catalogue: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert len(found.translated) > 600
    assert extract.missing_english(found, catalogue) == []


def test_english_entries_take_the_same_placeholders(catalogue: dict[str, str]) -> None:
    assert extract.placeholder_mismatches(catalogue) == []


def test_english_entries_hold_no_arabic_words(catalogue: dict[str, str]) -> None:
    assert [source for source, text in catalogue.items() if extract.is_arabic(text)] == []


def test_the_checker_finds_an_unmarked_literal_but_not_a_docstring_or_a_mark(tmp_path: Path) -> None:
    package = tmp_path / "csd_desktop"
    package.mkdir()
    (package / "sample.py").write_text(
        '"""وحدة."""\nfrom .i18n import N_, _\nA = N_("مسجّل")\n\n\ndef f() -> str:\n'
        '    """يعيد نصاً."""\n    return _("نعم") + "لا" + f"{A} مغلق"\n',
        encoding="utf-8",
    )
    result = extract.Scan()
    original = extract.PACKAGE
    extract.PACKAGE = package
    try:
        extract.scan_file(package / "sample.py", result)
    finally:
        extract.PACKAGE = original
    assert sorted(text for _place, text in result.unmarked) == [" مغلق", "لا"]
    assert set(result.translated) == {"مسجّل", "نعم"}


def test_labels_and_errors_are_translated_where_shown() -> None:
    error = NotFound(N_("لا يوجد طلب بالرقم المرجعي {reference}."), reference="BGDGO-01-2026-000001-7")
    assert Kind.COMPLAINT.label == "شكوى"
    i18n.set_language("en")
    assert Kind.COMPLAINT.label == "Complaint"
    assert Status.CLOSED.label == "Closed"
    assert error.message == "No case with reference number BGDGO-01-2026-000001-7."
    assert error.code == "not_found"
    both = FormErrors([ValidationError(N_("اسم المكتب مطلوب.")), ValidationError(N_("الملف غير موجود."))])
    assert both.message == "The office name is required.; The file does not exist."
    i18n.set_language("ar")
    assert error.message == "لا يوجد طلب بالرقم المرجعي BGDGO-01-2026-000001-7."


def test_inside_a_document_everything_is_arabic_even_in_english() -> None:
    i18n.set_language("en")
    with i18n.official_arabic():
        assert Kind.REQUEST.label == "طلب"
        assert _("نعم") == "نعم"
    assert _("نعم") == "Yes"


def test_a_receipt_made_while_the_window_speaks_english_is_arabic(db: Database, actor: Actor) -> None:
    saved = intake.register_case(db, actor, intake_form())
    i18n.set_language("en")
    _data, pdf = documents.case_receipt(db, actor, saved.reference)
    text = pdf_text(pdf)
    assert "وصل استلام" in text
    assert "شكوى" in text
    assert "Complaint" not in text and "Receipt" not in text


def test_language_comes_from_the_option_then_the_environment_then_the_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert i18n.choose_language() == "ar"
    config.save_settings(config.Settings(language="en"))
    assert i18n.choose_language() == "en"
    monkeypatch.setenv(i18n.LANG_ENV, "ar")
    assert i18n.choose_language() == "ar"
    assert i18n.choose_language("en") == "en"
    monkeypatch.setenv(i18n.LANG_ENV, "xx")  # a typo passes over to the setting
    assert i18n.choose_language() == "en"


def test_an_unreadable_settings_file_means_the_defaults() -> None:
    config.settings_path().write_text("{not json", encoding="utf-8")
    assert config.load_settings() == config.Settings()


def _csd(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*csd_command(), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "CSD_DB": str(db), **env},
        timeout=60,
    )


def test_the_command_speaks_english_with_lang_and_keeps_the_error_code(db_path: Path) -> None:
    r = _csd(db_path, "--lang", "en", "case", "show", "BGDGO-01-2026-999999-X")
    assert r.returncode == 2
    assert "Error:" in r.stderr and not extract.is_arabic(r.stderr)
    r = _csd(db_path, "--json", "case", "show", "BGDGO-01-2026-999999-X", CSD_LANG="en")
    payload = json.loads(r.stderr)
    assert r.returncode == 2
    assert payload["error"] in {"invalid", "not_found", "reference_check_mismatch"}
    assert payload["message"] and not extract.is_arabic(payload["message"])


def test_the_command_speaks_arabic_by_default(db_path: Path) -> None:
    r = _csd(db_path, "case", "show", "BGDGO-01-2026-999999-X")
    assert r.returncode == 2
    assert "خطأ:" in r.stderr
