"""The options both screenshot scripts take: the window's language, and the screen it is shot on."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from csd_desktop import i18n

ROOT = Path(__file__).resolve().parent.parent


def parse(description: str) -> tuple[Path, tuple[int, int]]:
    """(folder, window size). Call before the QApplication exists: the scale is read when it starts."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=i18n.SOURCE_LANGUAGE)
    parser.add_argument(
        "--large", action="store_true", help="a 1920×1080 screen at 125 %% (default: 1366×768 at 100 %%)"
    )
    parser.add_argument("--out", type=Path, help="folder (default: shots/<lang>[-large])")
    args = parser.parse_args()
    size = (1366, 768)
    if args.large:
        os.environ["QT_SCALE_FACTOR"] = "1.25"
        size = (1536, 864)  # 1920×1080 pixels at 125 %
    i18n.set_language(args.lang)
    folder = args.out or ROOT / "shots" / (args.lang + ("-large" if args.large else ""))
    folder.mkdir(parents=True, exist_ok=True)
    return folder, size
