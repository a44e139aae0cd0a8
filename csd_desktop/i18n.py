"""The one door for user-visible strings, so Kurdish and English can be added without touching screens.

Today the source strings are Arabic and no catalogue is installed; `_` returns them unchanged.
"""

from __future__ import annotations

import gettext

_translation: gettext.NullTranslations = gettext.NullTranslations()


def install(translation: gettext.NullTranslations) -> None:
    global _translation
    _translation = translation


def _(text: str) -> str:
    return _translation.gettext(text)


def N_(text: str) -> str:
    """Mark a module-level string for translation; it is translated when shown."""
    return text
