"""The application's look, set once at start: right to left, the shipped fonts, Qt's Arabic, the style."""

from __future__ import annotations

import logging
import re
from functools import cache

from PySide6.QtCore import QLibraryInfo, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ... import config, i18n
from ...i18n import _

log = logging.getLogger(__name__)

FONT_FAMILIES = ["Noto Sans Arabic", "Noto Sans"]  # Arabic first; Latin letters and digits fall back
SCREEN_FONTS = (
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
)

_SIDE = re.compile(r"(?<![a-z])(left|right)(?![a-z])")
_translators: list[QTranslator] = []  # kept alive as long as the application


@cache
def stylesheet(right_to_left: bool = True) -> str:
    """resources/style/app.qss: every screen's look in one file, read once. It is written for Arabic;
    style sheets do not mirror, so for a left-to-right window its left and right are swapped."""
    text = (config.resources_dir() / "style" / "app.qss").read_text(encoding="utf-8")
    if right_to_left:
        return text
    return _SIDE.sub(lambda m: "left" if m.group(0) == "right" else "right", text)


def configure_application(app: QApplication) -> None:
    """Right to left, the shipped fonts, Qt's own Arabic buttons and the look — for the app and scripts."""
    app.setApplicationName("csd-desktop")
    app.setApplicationDisplayName(_("شؤون المواطنين"))
    # Arabic reads right to left; in English the whole window mirrors to left to right.
    rtl = i18n.is_right_to_left()
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    # One look on every office PC, whatever the system theme; style sheets sit on top of Fusion.
    app.setStyle("Fusion")
    fonts = config.fonts_dir()
    for name in SCREEN_FONTS:
        if QFontDatabase.addApplicationFont(str(fonts / name)) < 0:
            log.warning("font not loaded: %s", fonts / name)
    font = QFont()
    font.setFamilies(FONT_FAMILIES if rtl else FONT_FAMILIES[::-1])
    font.setPointSize(10)
    app.setFont(font)
    translator = QTranslator(app)
    qt_catalogue = f"qtbase_{i18n.language()}"  # Qt's own buttons (Yes, Cancel…) in the same language
    if rtl and translator.load(qt_catalogue, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        _translators.append(translator)
    app.setStyleSheet(stylesheet(rtl))
