"""The README's command-line examples parse: none lacks an option the command requires."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from csd_desktop.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _report_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1].split("\n## ", 1)[0]
    lines = [line.split("#", 1)[0].strip() for line in section.splitlines()]
    return [line for line in lines if re.match(r"csd report (monthly|period|lock|open311)\b", line)]


def test_the_readme_shows_the_lock_command() -> None:
    assert any(line.startswith("csd report lock") for line in _report_examples())


@pytest.mark.parametrize("line", _report_examples())
def test_a_readme_report_example_has_every_required_option(line: str) -> None:
    words = shlex.split(line)[1:]
    group = main
    context = group.make_context("csd", [], resilient_parsing=True)
    command = group.get_command(context, words[0])
    assert isinstance(command, click.Group)
    sub = command.get_command(context, words[1])
    assert sub is not None
    sub.make_context(words[1], words[2:])  # raises MissingParameter when a required option is absent


def _user_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    lines = [line.split("#", 1)[0].split("|")[-1].split("<<<")[0].strip() for line in section.splitlines()]
    return [line[line.index("csd user") :] for line in lines if "csd user " in line]


def test_the_readme_shows_how_the_command_line_logs_in_and_manages_users() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CSD_PASSWORD" in text and "--password-file" in text
    assert {line.split()[2] for line in _user_examples()} == {
        "add",
        "password",
        "role",
        "reset-password",
        "deactivate",
    }


@pytest.mark.parametrize("line", _user_examples())
def test_a_readme_user_example_parses(line: str) -> None:
    words = shlex.split(line)[1:]
    context = main.make_context("csd", [], resilient_parsing=True)
    group = main.get_command(context, words[0])
    assert isinstance(group, click.Group)
    sub = group.get_command(context, words[1])
    assert sub is not None
    sub.make_context(words[1], words[2:])
