"""Reading PDFs back in tests: pdftotext's text with presentation forms and direction marks undone."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

# Embeddings/overrides that pdftotext wraps Arabic in, and LRM/RLM.
_MARKS = dict.fromkeys([*range(0x202A, 0x202F), 0x200E, 0x200F])


def normalise(text: str) -> str:
    """NFKC turns presentation forms (ﻻ, ﺔ) back into plain letters; the marks go."""
    return unicodedata.normalize("NFKC", text).translate(_MARKS)


def pdf_text(pdf: bytes | str | os.PathLike[str], *, layout: bool = True) -> str:
    """Text of every page as `pdftotext -layout` reads it, normalised for comparing Arabic."""
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext (poppler-utils) is not installed")
    if isinstance(pdf, bytes):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "doc.pdf"
            path.write_bytes(pdf)
            return pdf_text(path, layout=layout)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    out = subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")
    return normalise(out)
