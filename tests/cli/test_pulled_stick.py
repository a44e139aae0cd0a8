"""Exports to a USB stick that is pulled (the writer dies mid-file) or fills up: no file under its own
name that looks whole, and a full stick is said in Arabic with exit 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli.test_cli import CASE
from tests.cli.test_faults import csd, office, refused
from tests.fs_faults import tiny_disk

__all__ = ["office"]  # the fixture, shared

ROOT = Path(__file__).resolve().parents[2]

# The writer is killed the moment it asks the disk to keep its first exported file: every byte of it
# written, nothing yet renamed, as when the stick is pulled before the copy ends.
KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    real = os.fsync
    def pulled(fd):
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".partial"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(fd)
    os.fsync = pulled
    from csd_desktop.cli import main
    sys.argv = ["csd", *sys.argv[1:]]
    main()
    """
)

EXPORTS = {
    "report": lambda out, ref: ["report", "period", "--from", "2020-01-01", "--to", "2030-12-31",
                                "--out", str(out / "r.pdf"), "--xlsx", str(out / "r.xlsx")],
    "csv": lambda out, ref: ["report", "period", "--from", "2020-01-01", "--to", "2030-12-31",
                             "--out", str(out / "r.pdf"), "--csv", str(out / "r.csv")],
    "receipt": lambda out, ref: ["receipt", "print", ref, "--out", str(out / "receipt.pdf")],
    "letter": lambda out, ref: ["letter", "status", ref, "--out", str(out / "letter.pdf")],
}  # fmt: skip


def _reference(office: Path) -> str:
    r = csd(office, "--json", "case", "add", "--json", "-", stdin=json.dumps(CASE, ensure_ascii=False))
    assert r.returncode == 0, r.stderr
    return str(json.loads(r.stdout)["reference"])


@pytest.mark.parametrize("what", EXPORTS)
def test_a_writer_killed_mid_export_leaves_no_file_that_looks_whole(
    office: Path, tmp_path: Path, what: str
) -> None:
    reference = _reference(office)
    stick = tmp_path / "stick"
    stick.mkdir()
    r = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, *EXPORTS[what](stick, reference)],
        cwd=ROOT,
        env={**os.environ, "CSD_DB": str(office)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert r.returncode == -signal.SIGKILL, r.stderr
    left = sorted(p.name for p in stick.iterdir())
    assert left and all(name.startswith(".") and name.endswith(".partial") for name in left), left


def test_a_stick_that_fills_up_mid_export_is_said_and_leaves_nothing(office: Path, tmp_path: Path) -> None:
    reference = _reference(office)
    with tiny_disk(tmp_path / "stick", 48) as stick:
        r = csd(office, *EXPORTS["report"](stick, reference))
        refused(r, "القرص ممتلئ")
        assert list(stick.iterdir()) == []
        r = csd(office, *EXPORTS["receipt"](stick, reference))
        assert r.returncode == 0, r.stderr  # a small file still fits: the stick works after the refusal
        assert [p.name for p in stick.iterdir()] == ["receipt.pdf"]
