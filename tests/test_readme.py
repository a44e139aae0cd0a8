"""The README's two set-up lines are what CI runs: a newcomer's first commands cannot drift from CI's."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setup_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_ci_runs_the_readme_test_line_exactly() -> None:
    tests = _setup_lines()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in ci


def test_readme_lines_install_into_a_virtual_environment() -> None:
    # Debian's own python3 refuses a plain `pip install` (PEP 668).
    for line in _setup_lines()[:2]:
        assert "python3 -m venv .venv" in line and ".venv/bin/pip install" in line
        assert "python3 -m pip" not in line
