"""The one door for user-visible strings: Arabic is the source and the default, English a catalogue.

`_()` translates now; `N_()` marks a string kept at module level, translated where it is shown (so
an enum's label or an error's template follows the language chosen after import). `D_()` marks the
wording of official documents (receipt, letters, the monthly report and its workbook): those stay
Arabic whatever the window speaks, so they are built inside `official_arabic()`, where `_()` also
returns the Arabic source (enum labels, measure names and error messages inside a document included).
The English catalogue is resources/translations/en.json, Arabic source → English.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

SOURCE_LANGUAGE = "ar"
LANGUAGES = ("ar", "en")
LANG_ENV = "CSD_LANG"

_catalogue: dict[str, str] = {}
_language = SOURCE_LANGUAGE
# Per thread (a worker building a PDF does not turn the window Arabic): inside a document, Arabic.
_documents: ContextVar[bool] = ContextVar("csd_official_arabic", default=False)


@cache
def catalogue(language: str) -> dict[str, str]:
    """The shipped catalogue of one language (empty for Arabic, the source)."""
    if language == SOURCE_LANGUAGE:
        return {}
    from .config import resources_dir

    path = resources_dir() / "translations" / f"{language}.json"
    with path.open(encoding="utf-8") as f:
        data: dict[str, str] = json.load(f)
    return {source: text for source, text in data.items() if text}


def set_language(language: str) -> None:
    """Choose the language of everything shown from now on (documents excepted)."""
    global _catalogue, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    _catalogue = catalogue(language)
    _language = language


def language() -> str:
    return _language


def is_right_to_left() -> bool:
    return _language == "ar"


def choose_language(explicit: str | None = None) -> str:
    """`--lang` wins, then the CSD_LANG environment variable, then the saved setting, then Arabic.
    An unknown code is passed over (a typo in the environment never stops the program)."""
    from .config import load_settings

    for candidate in (explicit, os.environ.get(LANG_ENV), load_settings().language):
        if candidate in LANGUAGES:
            return candidate
    return SOURCE_LANGUAGE


def _(text: str) -> str:
    if not _catalogue or _documents.get():
        return text
    return _catalogue.get(text, text)


def N_(text: str) -> str:
    """Mark a module-level string for translation; it is translated when shown."""
    return text


def D_(text: str) -> str:
    """Mark the wording of an official document: Arabic by rule, listed by the extractor, never translated."""
    return text


@contextmanager
def official_arabic() -> Iterator[None]:
    """Build a document in Arabic even when the window is in English: receipts, letters and reports are
    official papers of an Iraqi office."""
    token = _documents.set(True)
    try:
        yield
    finally:
        _documents.reset(token)
