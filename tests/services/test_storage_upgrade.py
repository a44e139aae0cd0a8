"""A database made before compact storage (schema 0006) opens after the upgrade (0007) with every
case, event and search result it had."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from csd_desktop.db.engine import SCHEMA_HEAD, open_database, stored_revision
from csd_desktop.domain.arabic import search_words
from csd_desktop.services import attachments, cases, demo, followup, intake, month_close, search, users
from csd_desktop.services.figures import Period
from tests import old_schema, report_scenario
from tests.conftest import ADMIN, PASSWORD
from tests.factories import citizen_form, intake_form
from tests.report_scenario import Scenario, local, stand_on

scenario = report_scenario.scenario

# Names, hamza and compound spellings, words of subjects, phones, cards: what clerks type.
QUERIES = [
    "علي",
    "فاطمه",
    "فاطمة الربيعي",
    "عبدالله",
    "عبد الله الجبوري",
    "كرار التميمي",
    "الماء",
    "انقطاع",
    "مسوول",
    "الكهرباء",
    "النفايات",
    "رائد",
    "رايد مؤيد",
    "07701111111",
    "199044444444",
]


def _office_with_history(scenario: Scenario, tmp_path: Path) -> tuple[Path, list[str]]:
    """The report scenario (reopenings, referrals, a holiday), October locked and then amended, a
    citizen who came back under a new name, an attachment."""
    path = tmp_path / "head.sqlite"
    shutil.copy(scenario.path, path)
    db = open_database(path)
    admin = users.authenticate(db, ADMIN, PASSWORD)
    stand_on(local(11, 10))
    data = month_close.report_data(db, admin, Period.month(2026, 10), final=True)
    month_close.lock_month(db, admin, data, b"%PDF-1.4 locked")
    stand_on(local(11, 11))
    followup.reopen(db, admin, scenario.refs["A"], reason="عاد الانقطاع")
    followup.correct(db, admin, scenario.refs["D"], event_seq=2, correction="تصحيح تاريخ الإبلاغ")
    first = citizen_form(full_name="رائد مؤيد عبد الأمير", national_id="198812121212", phone="07712121212")
    intake.register_case(db, admin, intake_form(first, subject="مسؤول الهيئة لم يرد على الكتاب"))
    renamed = replace(first, full_name="رائد مؤيد عبد الله")
    intake.register_case(db, admin, intake_form(renamed, confirm_citizen_update=True, category="roads"))
    note = tmp_path / "letter.pdf"
    note.write_bytes(b"%PDF-1.4 a letter")
    attachments.add_attachment(db, admin, scenario.refs["F"], note)
    refs = [b.reference for b in search.search(db, "", limit=1000)]
    db.dispose()
    return path, refs


def _demo_office(tmp_path: Path) -> tuple[Path, list[str]]:
    """What the bulk generator writes (its own insert path), two hundred cases."""
    path = tmp_path / "head.sqlite"
    db = open_database(path)
    demo.create_demo_office(db, cases=200, seed=5)
    refs = [b.reference for b in search.search(db, "", limit=1000)]
    db.dispose()
    return path, refs


def _expected_after(before: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """What 0007 is meant to change, applied to the old rows: citizens lose name_search, cases gain
    their citizen's gender, a registration step drops what its case holds."""
    citizens = {c["id"]: c for c in before["citizens"]}
    cases_by_id = {c["id"]: c for c in before["cases"]}
    expected = dict(before)
    expected["citizens"] = [{k: v for k, v in c.items() if k != "name_search"} for c in before["citizens"]]
    expected["cases"] = [{**c, "gender": citizens[c["citizen_id"]]["gender"]} for c in before["cases"]]
    events = []
    for e in before["case_events"]:
        case = cases_by_id[e["case_id"]]
        own = {"reference": case["reference"], "due_first_answer": case["due_first_answer"].isoformat()}
        if e["type"] == "registered" and e["data"] == own:
            e = {**e, "data": {}}
        events.append(e)
    expected["case_events"] = events
    return expected


def _comparable(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    return {t: sorted(rows, key=lambda r: repr(sorted(r.items()))) for t, rows in tables.items()}


@pytest.mark.parametrize("make", [_office_with_history, _demo_office], ids=["history", "demo"])
def test_an_old_database_keeps_every_case_event_and_search_result(
    make: Callable[..., tuple[Path, list[str]]], scenario: Scenario, tmp_path: Path
) -> None:
    head, refs = make(scenario, tmp_path) if make is _office_with_history else make(tmp_path)
    old = tmp_path / "old.sqlite"
    old_schema.write_old(head, old)
    before = old_schema.read_rows(old, old=True)
    tables = ["cases", "case_events", "citizens"]
    if make is _office_with_history:
        tables += ["amendments", "attachments", "month_locks", "holidays", "audit_log"]
    assert all(before[t] for t in tables), {t: len(before[t]) for t in tables}
    old_found = {
        q: old_schema.old_word_search(old, search._match_expression(search_words(q))) for q in QUERIES
    }
    assert sum(map(len, old_found.values())) > 0
    head_db = open_database(head)
    details = {ref: cases.case_detail(head_db, ref) for ref in refs}
    head_found = {q: [b.reference for b in search.find_cases(head_db, q, limit=1000)] for q in QUERIES}
    head_db.dispose()

    db = open_database(old)  # upgraded, after a copy
    assert stored_revision(old) == SCHEMA_HEAD
    assert list((tmp_path / "backups").glob("old-before-*.sqlite"))
    after = old_schema.read_rows(old, old=False)
    new_tables = {t: [] for t in ("change_log", "sync_bundles", "sync_offices", "sync_stations")}  # 0008
    seal = ("seq", "prev_hash", "hash")  # 0009's audit chain (tests/services/test_audit_chain.py)
    after["audit_log"] = [{k: v for k, v in r.items() if k not in seal} for r in after["audit_log"]]
    new_tables["login_failures"] = []  # 0011: nobody has to change a password they already chose
    assert [u.pop("must_change_password") for u in after["users"]] == [0] * len(after["users"])
    assert _comparable(after) == _comparable(_expected_after(before) | new_tables)
    for query, found in old_found.items():
        if not search_words(query) or query.isdigit():
            continue
        assert [b.reference for b in search.find_cases(db, query, limit=1000)] == found, query
    for ref in refs:  # timelines read as they were written, registration steps whole again
        assert cases.case_detail(db, ref) == details[ref], ref
    for query in QUERIES:  # and phones and cards, through every version of the person
        assert [b.reference for b in search.find_cases(db, query, limit=1000)] == head_found[query], query
    db.dispose()


def test_moments_keep_their_milliseconds(tmp_path: Path, template_db: Path) -> None:
    """Old text moments carry microseconds; the upgrade keeps whole milliseconds, never rounding up."""
    head = tmp_path / "head.sqlite"
    shutil.copy(template_db, head)
    old = tmp_path / "old.sqlite"
    old_schema.write_old(head, old)
    con = old_schema.sqlite3.connect(old)
    con.execute("UPDATE users SET created_at = '2026-11-30 08:15:42.999999'")
    con.execute("UPDATE offices SET created_at = '2026-11-30 08:15:42'")
    con.commit()
    con.close()
    open_database(old).dispose()
    con = old_schema.sqlite3.connect(old)
    (user_ms,) = con.execute("SELECT created_at FROM users").fetchone()
    (office_ms,) = con.execute("SELECT created_at FROM offices").fetchone()
    con.close()
    assert user_ms % 1000 == 999 and office_ms % 1000 == 0 and user_ms - office_ms == 999
