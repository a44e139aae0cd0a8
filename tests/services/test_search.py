"""The search box and the filters: Arabic spelling variants, digits, references, paging and sorting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from csd_desktop.db.engine import Database
from csd_desktop.domain.reference import ReferenceNumber, parse_reference
from csd_desktop.errors import ReferenceCheckMismatch
from csd_desktop.services import cases, clock, followup, intake, search, worklists
from csd_desktop.services.search import CaseFilter, SortKey
from csd_desktop.services.users import Actor
from csd_desktop.services.worklists import Worklist
from tests.factories import citizen_form, intake_form

PEOPLE = [
    ("أحمد إبراهيم مصطفى العبيدي", "199000000001", "07700000001", "تسرب المياه في شارع فاطمة الزهراء"),
    ("فاطمة علي حسين الجبوري", "199000000002", "07800000002", "طلب تعيين على ملاك التربية"),
    ("كرار جبار ستار الموسوي", "199000000003", "07500000003", "انقطاع الكهرباء عن المحلة"),
]


@pytest.fixture
def refs(db: Database, actor: Actor) -> list[str]:
    out = []
    for name, card, phone, subject in PEOPLE:
        form = intake_form(citizen_form(full_name=name, national_id=card, phone=phone), subject=subject)
        out.append(intake.register_case(db, actor, form).reference)
    return out


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("أحمد", 0),
        ("احمد", 0),
        ("إحمد", 0),
        ("إبراهيم", 0),
        ("ابراهيم", 0),
        ("مصطفي", 0),
        ("مُصْطَفَى", 0),
        ("أحـــمد", 0),
        ("فاطمه", 1),
        ("على", 1),
        ("فاطمة الجبوري", 1),
        ("كرار الموسوي", 2),
        ("الكهرباء", 2),
        ("الكهربا", 2),
        ("٠٧٥٠٠٠٠٠٠٠٣", 2),
        ("+964 750 000 0003", 2),
        ("١٩٩٠٠٠٠٠٠٠٠٢", 1),
    ],
)
def test_each_spelling_finds_its_case_and_only_it(
    db: Database, refs: list[str], query: str, who: int
) -> None:
    found = [b.reference for b in search.find_cases(db, query)]
    # "فاطمة" is also a word in the first case's subject; the name search must still find case 1.
    assert refs[who] in found
    unrelated = [r for i, r in enumerate(refs) if i != who]
    if query not in ("فاطمه",):
        assert not set(found) & set(unrelated), found


def test_fatima_in_a_subject_is_found_too(db: Database, refs: list[str]) -> None:
    assert {b.reference for b in search.find_cases(db, "فاطمه")} == {refs[0], refs[1]}


@pytest.mark.parametrize("shape", ["plain", "no_dashes", "no_check", "arabic_digits", "lowercase"])
def test_reference_is_found_however_typed(db: Database, refs: list[str], shape: str) -> None:
    ref = refs[1]
    typed = {
        "plain": ref,
        "no_dashes": ref.replace("-", ""),
        "no_check": ref[:-2],
        "arabic_digits": ref.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        "lowercase": ref.lower(),
    }[shape]
    assert [b.reference for b in search.find_cases(db, typed)] == [ref]


def test_unknown_things_find_nothing(db: Database, refs: list[str]) -> None:
    for query in ("زينب", "07711111111", "123456789012", "BGDGO-01-2026-999999", "!!!", "   "):
        assert search.find_cases(db, query) == [], query


def test_filters_combine_with_the_box(db: Database, actor: Actor, refs: list[str]) -> None:
    followup.refer(db, actor, refs[2], entity="electricity", letter_no="5", letter_date=clock.today())
    awaiting = CaseFilter(statuses=frozenset({"awaiting_reply"}))
    assert [b.reference for b in search.search(db, "", awaiting)] == [refs[2]]
    assert search.search(db, "أحمد", awaiting) == []
    assert [b.reference for b in search.search(db, "", CaseFilter(entity="electricity"))] == [refs[2]]
    assert search.count(db, "", CaseFilter(category="water")) == 3
    assert search.count(db, "", CaseFilter(district="BGD-05", kind="complaint")) == 3
    assert search.count(db, "", CaseFilter(district="BGD-01")) == 0
    today = clock.today()
    assert search.count(db, "", CaseFilter(registered_from=today, registered_to=today)) == 3
    assert search.count(db, "", CaseFilter(registered_to=today - timedelta(days=1))) == 0


def test_pages_are_sorted_in_sql_and_do_not_overlap(db: Database, actor: Actor) -> None:
    start = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
    for i in range(7):
        clock.set_clock(lambda i=i: start + timedelta(days=i))
        intake.register_case(db, actor, intake_form(subject=f"طلب رقم {i}"))
    newest = [b.subject for b in search.search(db, "", sort=SortKey.NEWEST, limit=3)]
    nxt = [b.subject for b in search.search(db, "", sort=SortKey.NEWEST, offset=3, limit=3)]
    assert newest == ["طلب رقم 6", "طلب رقم 5", "طلب رقم 4"] and nxt == [
        "طلب رقم 3",
        "طلب رقم 2",
        "طلب رقم 1",
    ]
    oldest = [b.subject for b in search.search(db, "", sort=SortKey.OLDEST, limit=2)]
    assert oldest == ["طلب رقم 0", "طلب رقم 1"]
    words = [b.subject for b in search.search(db, "طلب", limit=2, offset=1)]
    assert words == ["طلب رقم 5", "طلب رقم 4"]


def test_overdue_worklist_shows_a_late_case_until_it_is_closed(db: Database, actor: Actor) -> None:
    clock.set_clock(lambda: datetime(2026, 11, 1, 6, 0, tzinfo=UTC))
    late = intake.register_case(db, actor, intake_form()).reference
    clock.set_clock(lambda: datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    fresh = intake.register_case(db, actor, intake_form(subject="جديد")).reference
    counted = {c.worklist: c.count for c in worklists.counts(db, actor)}
    assert counted[Worklist.OVERDUE] == 1 and counted[Worklist.MINE] == 2
    assert [b.reference for b in worklists.page(db, actor, Worklist.OVERDUE)] == [late]
    assert [b.reference for b in worklists.page(db, actor, Worklist.MINE)] == [
        late,
        fresh,
    ]  # most urgent first
    followup.close(db, actor, late, outcome="resolved", summary="عولجت")
    assert worklists.page(db, actor, Worklist.OVERDUE) == []
    assert {c.worklist: c.count for c in worklists.counts(db, actor)}[Worklist.OVERDUE] == 0


def test_due_today_worklist(db: Database, actor: Actor) -> None:
    clock.set_clock(lambda: datetime(2026, 11, 23, 6, 0, tzinfo=UTC))  # Monday: due Thursday 26
    ref = intake.register_case(db, actor, intake_form()).reference
    clock.set_clock(lambda: datetime(2026, 11, 26, 6, 0, tzinfo=UTC))
    assert clock.today() == date(2026, 11, 26)
    assert [b.reference for b in worklists.page(db, actor, Worklist.DUE_TODAY)] == [ref]


def test_sorting_by_deadline_reads_the_index_instead_of_sorting(db: Database) -> None:
    from sqlalchemy import select

    from csd_desktop.db.models import Case

    query = search._sorted(select(Case.id), SortKey.DUE).limit(100)
    sql = str(query.compile(db.read_engine, compile_kwargs={"literal_binds": True}))
    with db.read() as s:
        plan = " ".join(str(row[-1]) for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "ix_cases_due_sort" in plan and "TEMP B-TREE" not in plan, plan


def test_a_wrong_check_character_opens_nothing_and_names_the_case_on_file(
    db: Database, refs: list[str]
) -> None:
    ref = refs[1]  # BGDGO-01-YYYY-000002-C
    wrong = ref[:-1] + str((int(ref[-1]) + 1) % 10)
    for look in (search.find_cases, search.count, lambda d, q: cases.case_detail(d, q)):
        with pytest.raises(ReferenceCheckMismatch) as refused:
            look(db, wrong)
        assert refused.value.suggestions[0] == ref
        assert f"هل تقصد {ref}" in refused.value.message


def test_two_swapped_digits_suggest_the_case_they_meant(db: Database, actor: Actor) -> None:
    made = [intake.register_case(db, actor, intake_form()).reference for _ in range(21)]
    meant = made[20]  # …-000021-C
    parsed = parse_reference(meant)
    assert parsed is not None
    swapped = str(parsed.reference)[:-4] + "12-" + parsed.reference.check  # 000012 with 000021's check
    with pytest.raises(ReferenceCheckMismatch) as refused:
        search.find_cases(db, swapped)
    # First the case on file with the digits as typed, then the one the swap most likely meant.
    assert refused.value.suggestions[0] == made[11]
    assert meant in refused.value.suggestions


def test_a_wrong_check_character_with_nothing_near_it_says_so(db: Database, refs: list[str]) -> None:
    right = str(ReferenceNumber("BGDGO", 1, 2026, 777777))
    wrong = right[:-1] + str((int(right[-1]) + 1) % 10)
    with pytest.raises(ReferenceCheckMismatch) as refused:
        search.find_cases(db, wrong)
    assert refused.value.suggestions == () and "لا يوجد طلب قريب منه" in refused.value.message


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("عبد الله كاظم جاسم الربيعي", "عبدالله الربيعي"),
        ("عبدالله كاظم جاسم الربيعي", "عبد الله الربيعي"),
        ("نور الدين كاظم جاسم", "نورالدين"),
        ("أبو بكر علي حسين", "ابوبكر"),
        ("رائد مؤيد عبد الأمير", "رايد مويد عبدالامير"),
        ("رايد مويد عبد الأمير", "رائد مؤيد"),
        ("رائد مؤيد عبد الأمير", "راءد مءيد"),
        ("راءد مءيد عبد الأمير", "رائد مؤيد"),
    ],
)
def test_names_are_found_however_compounds_and_hamza_are_typed(
    db: Database, actor: Actor, stored: str, typed: str
) -> None:
    ref = intake.register_case(db, actor, intake_form(citizen_form(full_name=stored))).reference
    assert [b.reference for b in search.find_cases(db, typed)] == [ref]


@pytest.mark.parametrize("typed", ["مسؤول الهيئة", "مسوول الهييه", "مسءول الهيءة"])
def test_free_text_is_found_however_hamza_is_typed(db: Database, actor: Actor, typed: str) -> None:
    form = intake_form(subject="لم يرد مسؤول الهيئة على الكتاب")
    ref = intake.register_case(db, actor, form).reference
    assert [b.reference for b in search.find_cases(db, typed)] == [ref]


def _word_index(db: Database) -> list[tuple[str, int]]:
    """Every word of the index with the number of cases it finds (fts5vocab reads the index itself)."""
    with db.read() as s:
        conn = s.connection()
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, case_search, row)"
        )
        return [tuple(r) for r in conn.exec_driver_sql("SELECT term, doc FROM temp.words ORDER BY term")]


def test_a_new_name_leaves_the_index_as_a_rebuild_would(db: Database, actor: Actor) -> None:
    """The index keeps no text: a person's cases are taken out under the very words they went in
    with, or stale words would stay behind (or the index break)."""
    first = intake.register_case(db, actor, intake_form(subject="انقطاع الماء_الصالح للشرب"))
    renamed = citizen_form(full_name="محمد جاسم كاظم البغدادي")
    intake.register_case(db, actor, intake_form(renamed, confirm_citizen_update=True, category="roads"))
    again = citizen_form(full_name="محمد جاسم كاظم الكرخي", phone="07811112222")
    intake.register_case(db, actor, intake_form(again, confirm_citizen_update=True))
    intake.register_case(
        db, actor, intake_form(citizen_form(full_name="زينب علي حسين", national_id="199087654321"))
    )
    live = _word_index(db)
    with db.write() as s:
        assert search.rebuild_index(s) == 4
    assert _word_index(db) == live
    for name in ("الساعدي", "البغدادي", "الكرخي"):  # every case of the person under every name
        assert {b.reference for b in search.find_cases(db, name)} >= {first.reference}, name
    assert [b.reference for b in search.find_cases(db, "الماء الصالح")] == [first.reference]
