"""The command line logs in like the window: --user (or CSD_USER) with CSD_PASSWORD or --password-file.
Only `init` and `receipt verify` run without a login; a refusal is Arabic, exit 2, nothing done."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from csd_desktop.cli import main
from tests.cli.test_cli import CASE, csd
from tests.conftest import ADMIN, PASSWORD

LOGIN_FIRST = "سجّل الدخول أولاً"
WRONG = "اسم المستخدم أو كلمة المرور غير صحيحة."

# Reading, writing and exporting commands alike.
COMMANDS = [
    ("case", "find", "07701234567"),
    ("case", "add", "--json", "-"),
    ("ref", "list", "categories"),
    ("backup",),
    ("report", "figures", "--month", "2026-10"),
    ("sync", "status"),
    ("audit", "verify"),
    ("user", "add", "omar", "--name", "عمر صالح"),
    ("escalate-overdue",),
    ("check", "--quick"),
]


def run(db: Path, *args: str, stdin: str = "") -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=stdin)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def changes(db: Path) -> tuple[object, ...]:
    return tuple(rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in ("cases", "users", "case_events"))


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_every_command_without_a_user_is_refused_and_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.delenv("CSD_USER")
    before = changes(db_path)
    r = run(db_path, *args, stdin=json.dumps(CASE, ensure_ascii=False))
    assert r.exit_code == 2
    assert r.output.startswith(f"خطأ: {LOGIN_FIRST}") and "CSD_PASSWORD" in r.output
    assert changes(db_path) == before
    assert not (db_path.parent / "backups").exists()


@pytest.mark.parametrize("args", COMMANDS[:5], ids=[" ".join(a[:2]) for a in COMMANDS[:5]])
def test_a_wrong_or_missing_password_is_refused_with_exit_2(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setenv("CSD_PASSWORD", "not-the-password")
    before = changes(db_path)
    wrong = run(db_path, *args, stdin=json.dumps(CASE, ensure_ascii=False))
    assert (wrong.exit_code, wrong.output) == (2, f"خطأ: {WRONG}\n")
    monkeypatch.delenv("CSD_PASSWORD")
    missing = run(db_path, *args)
    assert missing.exit_code == 2 and "لم تُعطَ كلمة مرور المستخدم admin" in missing.output
    assert changes(db_path) == before


def test_a_refusal_says_so_in_json_too(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CSD_USER")
    r = run(db_path, "--json", "case", "find", "x")
    assert r.exit_code == 2
    assert json.loads(r.output)["error"] == "login_required"


def test_the_password_may_come_from_a_file_leaving_stdin_for_the_case(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CSD_USER")
    monkeypatch.delenv("CSD_PASSWORD")
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    r = run(
        db_path,
        "--user",
        ADMIN,
        "--password-file",
        str(secret),
        "--json",
        "case",
        "add",
        "--json",
        "-",
        stdin=json.dumps(CASE, ensure_ascii=False),
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["reference"].startswith("BGDGO-01-")


def test_init_and_receipt_verify_need_no_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CSD_USER")
    monkeypatch.delenv("CSD_PASSWORD")
    db = tmp_path / "new.sqlite"
    made = run(
        db,
        *("init", "--office-code", "BSRGO", "--office-name", "مكتب البصرة", "--governorate", "BSR"),
        *("--station", "1", "--admin", "admin"),
        stdin=PASSWORD + "\n",
    )
    assert made.exit_code == 0, made.output
    checked = run(db, "receipt", "verify", "CSD2|BSRGO-01-2026-000001-7|AAAA")
    assert checked.exit_code == 2 and LOGIN_FIRST not in checked.output  # refused for the QR, not the login
    assert run(db, "--help").exit_code == 0


def test_the_audit_log_credits_the_user_who_logged_in(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        run(
            db_path, "user", "add", "omar", "--name", "عمر صالح", "--role", "admin", stdin="tmp-word-2026x\n"
        ).exit_code
        == 0
    )
    monkeypatch.setenv("CSD_USER", "omar")
    monkeypatch.setenv("CSD_PASSWORD", "tmp-word-2026x")
    told = run(db_path, "user", "add", "sara", "--name", "سارة حسن", stdin="temp-word-2026\n")
    assert told.exit_code == 2 and "csd user password" in told.output  # a temporary password: change it first
    changed = run(db_path, "user", "password", stdin="his-own-pass-1\n")
    assert changed.exit_code == 0, changed.output
    monkeypatch.setenv("CSD_PASSWORD", "his-own-pass-1")
    assert run(db_path, "user", "add", "sara", "--name", "سارة حسن", stdin="temp-word-2026\n").exit_code == 0
    credited = rows(
        db_path,
        "SELECT u.username FROM audit_log a JOIN users u ON u.id = a.user_id "
        "WHERE a.action = 'user_created' ORDER BY a.seq",
    )
    assert credited == [(ADMIN,), ("omar",)]


def test_a_clerk_is_refused_an_administrators_command(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run(db_path, "user", "add", "sara", "--name", "سارة حسن", stdin="temp-word-2026\n")
    monkeypatch.setenv("CSD_USER", "sara")
    monkeypatch.setenv("CSD_PASSWORD", "temp-word-2026")
    assert run(db_path, "user", "password", stdin="her-own-pass-1\n").exit_code == 0
    monkeypatch.setenv("CSD_PASSWORD", "her-own-pass-1")
    r = run(db_path, "backup")
    assert (
        r.exit_code == 2 and "ليست لديك صلاحية النسخ الاحتياطي" in r.output and "«موظف استقبال»" in r.output
    )
    assert not (db_path.parent / "backups").exists()
    assert (
        run(db_path, "case", "add", "--json", "-", stdin=json.dumps(CASE, ensure_ascii=False)).exit_code == 0
    )


def test_user_commands_deactivate_reset_and_change_a_role(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(db_path, "user", "add", "sara", "--name", "سارة حسن", stdin="temp-word-2026\n").exit_code == 0
    assert run(db_path, "user", "role", "sara", "officer").exit_code == 0
    assert run(db_path, "user", "reset-password", "sara", stdin="temp-word-2027\n").exit_code == 0
    assert rows(db_path, "SELECT role, must_change_password, active FROM users WHERE username = 'sara'") == [
        ("officer", 1, 1)
    ]
    assert run(db_path, "user", "deactivate", "sara").exit_code == 0
    monkeypatch.setenv("CSD_USER", "sara")
    monkeypatch.setenv("CSD_PASSWORD", "temp-word-2027")
    assert run(db_path, "user", "password", stdin="her-own-pass-1\n").output == f"خطأ: {WRONG}\n"


def test_the_installed_command_refuses_without_a_login(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real `csd` process, as a script would run it: refusal on stderr, exit 2, no traceback."""
    monkeypatch.delenv("CSD_PASSWORD")
    r = csd(db_path, "case", "find", "07701234567")
    assert r.returncode == 2 and r.stdout == "" and "Traceback" not in r.stderr
    assert "لم تُعطَ كلمة مرور" in r.stderr


def test_five_wrong_passwords_lock_the_name_for_the_command_line_too(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSD_PASSWORD", "not-the-password")
    said = [run(db_path, "case", "find", "x").output for _ in range(5)]
    assert said[:4] == [f"خطأ: {WRONG}\n"] * 4 and "أعد المحاولة بعد الساعة" in said[4]
    monkeypatch.setenv("CSD_PASSWORD", PASSWORD)
    locked = run(db_path, "case", "find", "x")
    assert locked.exit_code == 2 and "أعد المحاولة بعد الساعة" in locked.output
    assert rows(db_path, "SELECT count(*) FROM audit_log WHERE action = 'login_failed'") == [(5,)]


def test_the_screen_lock_minutes_are_set_by_a_manager_or_administrator(db_path: Path) -> None:
    assert json.loads(run(db_path, "--json", "screen-lock").output) == {"minutes": 10}
    assert run(db_path, "screen-lock", "--minutes", "5").output == "تُقفل الشاشة بعد 5 دقيقة دون استعمال.\n"
    refused = run(db_path, "screen-lock", "--minutes", "0")
    assert refused.exit_code == 2 and "بين 1 و60" in refused.output
    assert json.loads(run(db_path, "--json", "screen-lock").output) == {"minutes": 5}
