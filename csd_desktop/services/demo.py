"""Realistic synthetic Arabic cases for demos and benchmarks (`csd demo-data`, `csd-desktop --demo`)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from ..config import resources_dir
from ..db.engine import Database
from ..db.models import Case, CaseEvent, Category, Citizen, District, Entity, Governorate, MonthLock, User
from ..db.types import new_uuid7
from ..domain import lifecycle
from ..domain.enums import Channel, EventType, Kind, Outcome
from ..domain.reference import ReferenceNumber
from ..domain.workdays import add_working_days
from ..errors import CsdError, PermissionDenied
from ..i18n import N_
from . import clock, setup
from .permissions import Permission, require
from .search import search_row
from .sign_in import Actor
from .sla import deadlines, holidays
from .timeline import state_columns

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "csd-demo-2026"
_BATCH = 10_000

SUBJECTS: dict[str, list[str]] = {
    "water": [
        "انقطاع ماء الشرب عن المحلة",
        "ضعف ضغط الماء في ساعات النهار",
        "تلوث ماء الإسالة وتغير لونه",
        "كسر في أنبوب الماء الرئيسي",
    ],
    "electricity": [
        "انقطاع التيار الكهربائي لساعات طويلة",
        "احتراق محولة الكهرباء في الزقاق",
        "تجاوز على الشبكة الكهربائية",
        "ارتفاع قوائم أجور الكهرباء",
    ],
    "sewage": ["طفح مياه المجاري في الشارع", "انسداد شبكة الصرف الصحي", "غطاء منهول مفتوح يهدد المارة"],
    "roads": ["تكسر الشارع الرئيسي وكثرة الحفر", "طلب تبليط شارع المحلة", "جسر المشاة بحاجة إلى صيانة"],
    "waste": ["تراكم النفايات قرب المدرسة", "عدم مرور سيارة رفع النفايات منذ أسبوعين"],
    "employment": ["طلب تعيين لحملة الشهادات", "الاستفسار عن نتائج التعيين على الملاك"],
    "social_protection": ["تأخر صرف راتب الرعاية الاجتماعية", "طلب شمول بشبكة الحماية الاجتماعية"],
    "ration_card": ["حذف أفراد من البطاقة التموينية دون سبب", "نقص مفردات الحصة التموينية"],
    "salaries_pensions": ["تأخر صرف الراتب التقاعدي", "خطأ في احتساب الخدمة التقاعدية"],
    "health": ["نقص الأدوية في المركز الصحي", "سوء معاملة في ردهة الطوارئ"],
    "education": ["اكتظاظ الصفوف في المدرسة الابتدائية", "طلب ترميم بناية المدرسة"],
    "land": ["تجاوز على قطعة أرض سكنية", "طلب تمليك دار سكن", "نزاع على حدود قطعة زراعية"],
    "delays": ["تأخير إنجاز معاملة في الدائرة", "ضياع معاملة بين الأقسام"],
    "documents": ["تأخر إصدار البطاقة الوطنية", "طلب تصحيح خطأ في شهادة الجنسية"],
    "corruption": ["طلب رشوة لإنجاز معاملة", "شبهة فساد في إحالة مشروع"],
    "compensation": ["تأخر صرف تعويض المتضررين", "طلب تعويض عن أضرار الفيضان"],
    "public_safety": ["أسلاك كهرباء متدلية فوق الرصيف", "بناية آيلة للسقوط في السوق"],
    "municipal": ["انطفاء أعمدة الإنارة في الشارع", "تجاوز محال على الرصيف"],
}
DETAILS = [
    "يذكر المواطن أن المشكلة مستمرة منذ أكثر من شهر رغم المراجعات المتكررة.",
    "سبق للمواطن أن راجع الدائرة المعنية دون نتيجة، ويطلب تدخل المكتب.",
    "المشكلة تشمل عدداً من العوائل في المنطقة نفسها.",
    "قدم المواطن نسخة من المستمسكات المطلوبة.",
]
_KIND_WEIGHTS = [
    (Kind.COMPLAINT, 60),
    (Kind.REQUEST, 25),
    (Kind.INQUIRY, 7),
    (Kind.SUGGESTION, 4),
    (Kind.REPORT, 3),
    (Kind.PRAISE, 1),
]
_CHANNEL_WEIGHTS = [
    (Channel.WALK_IN, 70),
    (Channel.PHONE, 12),
    (Channel.LETTER, 10),
    (Channel.SOCIAL, 5),
    (Channel.EMAIL, 3),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str


def create_demo_office(db: Database, *, cases: int = 2000, seed: int = 1) -> DemoLogin:
    """A demo office in an empty database, filled with cases, so a newcomer sees something."""
    if not setup.is_initialized(db):
        setup.initialize_station(
            db,
            office_code="BGDGO",
            office_name="مكتب شؤون المواطنين — ديوان محافظة بغداد",
            governorate_code="BGD",
            station=1,
            admin_username=DEMO_USERNAME,
            admin_full_name="مدير النظام التجريبي",
            admin_password=DEMO_PASSWORD,
        )
        generate_demo_data(db, cases=cases, seed=seed)
    return DemoLogin(DEMO_USERNAME, DEMO_PASSWORD)


def _refuse_real_office(s: Session) -> None:
    """Demo data goes only where nothing real is: an empty office or one the generator filled.
    Fake cases among real ones would be counted in reports, credited to staff and sent to the
    central office; inside a locked month they would change figures already sent."""
    if s.scalar(select(Case.id).where(Case.demo.is_(False)).limit(1)) is not None:
        raise CsdError(
            N_(
                "في قاعدة البيانات هذه طلبات حقيقية سجّلها موظفون، فلا تُضاف إليها بيانات تجريبية أبداً. "
                "للتجربة استعمل ملفاً جديداً، مثل: csd --db demo.sqlite demo-data"
            ),
            code="real_office",
        )
    if s.scalar(select(MonthLock.id).limit(1)) is not None:
        raise CsdError(
            N_(
                "في قاعدة البيانات أشهر مقفلة أُرسلت تقاريرها، فلا تُضاف إليها بيانات تجريبية. "
                "للتجربة استعمل ملفاً جديداً، مثل: csd --db demo.sqlite demo-data"
            ),
            code="real_office",
        )


def _names() -> dict[str, list[str]]:
    with (resources_dir() / "reference" / "names.json").open(encoding="utf-8") as f:
        data: dict[str, list[str]] = json.load(f)
    return data


def add_demo_data(
    db: Database,
    actor: Actor | None,
    *,
    cases: int,
    seed: int = 1,
    months: int = 24,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """The door people use (`csd demo-data`): a new, empty file becomes a demo office with no login
    needed (nothing is in it to protect); an office that exists is filled only by its administrator."""
    if setup.is_initialized(db):
        if actor is None:
            raise PermissionDenied(N_("هذه المحطة معدّة: سجّل الدخول بحساب مدير النظام لإضافة بيانات تجريبية."))
        require(actor, Permission.DEMO_DATA)
    return generate_demo_data(db, cases=cases, seed=seed, months=months, progress=progress)


def generate_demo_data(
    db: Database,
    *,
    cases: int,
    seed: int = 1,
    months: int = 24,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Add `cases` cases (with their citizens and first events) spread over the last `months` months,
    each marked as demo. Refuses a database holding any case a person registered (or a locked month).
    Bulk inserts in batches: 100,000 cases in well under a minute."""
    if not setup.is_initialized(db):
        create_demo_office(db, cases=0, seed=seed)
    rng = random.Random(seed)
    names = _names()
    with db.read() as s:
        _refuse_real_office(s)
        station = setup.current_station(s)
        user_ids = list(s.scalars(select(User.id)))
        categories = {code: id_ for code, id_ in s.execute(select(Category.code, Category.id))}
        entity_ids = {code: id_ for code, id_ in s.execute(select(Entity.code, Entity.id))}
        # Referrals name the entity in Arabic, as follow-up's refer() does: timelines, the desk and
        # the referral letter print the name, never the code.
        entities = sorted(s.execute(select(Entity.code, Entity.name_ar).where(Entity.active)).tuples())
        search_rowid = s.scalar(select(func.max(Case.search_rowid))) or 0
        gov_id = s.scalar(select(Governorate.id).where(Governorate.code == station.governorate_code))
        district_ids = list(s.scalars(select(District.id).where(District.governorate_id == gov_id)))
        days_off = holidays(s)
        rules = deadlines(s, Kind.COMPLAINT.value, next(iter(categories.values())))
        citizens_before = s.scalar(select(func.count(Citizen.id))) or 0
        last_seq: dict[int, int] = dict(
            s.execute(
                select(Case.year, func.max(Case.sequence))
                .where(Case.station_id == station.station_id)
                .group_by(Case.year)
            ).all()
        )
    end = clock.now()
    start = end - timedelta(days=months * 30.4)
    span = (end - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(cases))
    # Office hours in Iraq (08:00–14:00 local): shift each moment into the working day.
    moments = [_office_hours(m, rng) for m in moments]
    moments.sort()
    category_codes = [c for c in SUBJECTS if c in categories]
    done = made = 0
    while done < cases:
        batch = moments[done : done + _BATCH]
        citizens: list[dict[str, Any]] = []
        words: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        citizen_id: Any = None
        citizen_name, citizen_gender = "", None
        for at in batch:
            if citizen_id is None or rng.random() < 0.8:  # some citizens come back with a second case
                made += 1  # a running count keeps card numbers unique across runs
                citizen = _citizen(rng, names, gov_id, district_ids, user_ids, at, citizens_before + made)
                citizens.append(citizen)
                citizen_id = citizen["id"]
                citizen_name = citizen["full_name"]
                citizen_gender = citizen["gender"]
            year = at.astimezone(clock.IRAQ_TZ).year
            last_seq[year] = last_seq.get(year, 0) + 1
            code = rng.choice(category_codes)
            kind = _weighted(rng, _KIND_WEIGHTS)
            case_id = new_uuid7()
            reference = str(
                ReferenceNumber(station.office_code, station.station_number, year, last_seq[year])
            )
            clerk = rng.choice(user_ids)
            due = add_working_days(at.astimezone(clock.IRAQ_TZ).date(), rules.first_answer, days_off)
            # The registration step holds nothing the case does not (services.cases puts it back).
            story: list[tuple[datetime, EventType, Any, dict[str, Any]]] = [
                (at, EventType.REGISTERED, clerk, {})
            ]
            story += _story(rng, at, end, entities, user_ids)
            timeline = [
                lifecycle.Event(i + 1, t, when, str(who), data)
                for i, (when, t, who, data) in enumerate(story)
            ]
            state = lifecycle.derive(timeline, rules, days_off, clock.IRAQ_TZ)
            search_rowid += 1
            rows.append(
                {
                    "id": case_id,
                    "reference": reference,
                    "office_id": station.office_id,
                    "station_id": station.station_id,
                    "year": year,
                    "sequence": last_seq[year],
                    "citizen_id": citizen_id,
                    "kind": kind.value,
                    "channel": _weighted(rng, _CHANNEL_WEIGHTS).value,
                    "category_id": categories[code],
                    "entity_id": entity_ids[state.entity] if state.entity else None,
                    "governorate_id": gov_id,
                    "district_id": rng.choice(district_ids),
                    "subject": rng.choice(SUBJECTS[code]),
                    "details": rng.choice(DETAILS),
                    "reply_preference": "phone_call",
                    "gender": citizen_gender,
                    "elderly": rng.random() < 0.08,
                    "special_needs": rng.random() < 0.03,
                    "pregnant": False,
                    "registered_at": at,
                    "registered_by": clerk,
                    "due_first_answer": due,
                    **state_columns(state),
                    "status_changed_at": story[-1][0],
                    "assigned_to": clerk,
                    "search_rowid": search_rowid,
                    "demo": True,
                }
            )
            events += [
                {
                    "id": new_uuid7(),
                    "case_id": case_id,
                    "seq": i + 1,
                    "type": t.value,
                    "at": when,
                    "user_id": who,
                    "data": data,
                }
                for i, (when, t, who, data) in enumerate(story)
            ]
            name_words, body_words = search_row([citizen_name], rows[-1]["subject"], rows[-1]["details"])
            words.append({"rowid": search_rowid, "name": name_words, "body": body_words})
        with db.write() as s:
            s.execute(insert(Citizen), citizens)
            s.execute(insert(Case), rows)
            s.execute(insert(CaseEvent), events)
            s.execute(
                text("INSERT INTO case_search (rowid, name, body) VALUES (:rowid, :name, :body)"),
                words,
            )
        done += len(batch)
        if progress is not None:
            progress(done, cases)
    return done


def _story(
    rng: random.Random, at: datetime, now: datetime, entities: list[tuple[str, str]], users: list[Any]
) -> list[tuple[datetime, EventType, Any, dict[str, Any]]]:
    """What happened after registration, as far as `now`: a plausible follow-up of one case."""
    steps: list[tuple[datetime, EventType, Any, dict[str, Any]]] = []
    officer = rng.choice(users)
    t = at

    def step(kind: EventType, days: float, data: dict[str, Any]) -> bool:
        nonlocal t
        t = t + timedelta(days=days, minutes=rng.randrange(5, 300))
        if t > now:
            return False
        steps.append((t, kind, officer, data))
        return True

    def inform_and_close(outcome: Outcome, summary: str) -> None:
        satisfaction = _weighted(rng, [(5, 35), (4, 30), (3, 15), (2, 10), (1, 10)])
        if outcome is Outcome.NOT_RESOLVED:
            satisfaction = _weighted(rng, [(1, 40), (2, 30), (3, 30)])
        if step(
            EventType.CITIZEN_INFORMED, rng.uniform(0, 3), {"how": "phone_call", "satisfaction": satisfaction}
        ):
            step(EventType.CLOSED, rng.uniform(0, 1), {"outcome": outcome.value, "summary": summary})

    r = rng.random()
    if r < 0.07:
        step(
            EventType.CLOSED,
            rng.uniform(0, 1),
            {
                "outcome": Outcome.OUTSIDE_JURISDICTION.value,
                "summary": "أُرشد المواطن إلى المحكمة المختصة.",
                "guidance": "المحكمة المختصة",
            },
        )
        return steps
    if r < 0.10:
        step(
            EventType.CLOSED,
            rng.uniform(1, 10),
            {"outcome": Outcome.WITHDRAWN.value, "summary": "سحب المواطن طلبه."},
        )
        return steps
    entity, entity_name = rng.choice(entities)
    letter = {
        "entity": entity,
        "entity_name": entity_name,
        "letter_no": f"ش.م/{rng.randrange(100, 9999)}",
        "letter_date": "",
    }
    if not step(EventType.REFERRED, rng.uniform(0.1, 2), letter):
        return steps
    steps[-1][3]["letter_date"] = t.astimezone(clock.IRAQ_TZ).date().isoformat()
    if rng.random() < 0.08:
        if not step(EventType.WAITING_ON_CITIZEN, rng.uniform(1, 5), {"missing": "نسخة من سند العقار"}):
            return steps
        if not step(EventType.CITIZEN_RETURNED, rng.uniform(2, 12), {"note": "جلب المواطن المستمسكات."}):
            return steps
    wait = rng.expovariate(1 / 9)  # days until the entity replies
    level = 0
    while wait > 14 and level < lifecycle.MAX_ESCALATION:  # no reply within ~10 working days: remind
        level += 1
        escalation = {"level": level, "automatic": True, "reason": "انقضت مدة رد الجهة دون رد."}
        if not step(EventType.ESCALATED, 14, escalation):
            return steps
        wait -= 14
    reply = {"letter_no": f"{rng.randrange(100, 9999)}", "text": "تمت المعالجة من قبل الدائرة المختصة."}
    if not step(EventType.REPLY_RECEIVED, wait, reply):
        return steps
    steps[-1][3]["letter_date"] = t.astimezone(clock.IRAQ_TZ).date().isoformat()
    resolved = rng.random() < 0.78
    inform_and_close(
        Outcome.RESOLVED if resolved else Outcome.NOT_RESOLVED,
        "عولجت المشكلة." if resolved else "لم تتمكن الجهة من المعالجة حالياً.",
    )
    if resolved and steps[-1][1] is EventType.CLOSED and rng.random() < 0.03:
        if step(EventType.REOPENED, rng.uniform(2, 20), {"reason": "يذكر المواطن أن المشكلة عادت."}):
            inform_and_close(Outcome.RESOLVED, "أعيدت المعالجة.")
    return steps


def _office_hours(moment: datetime, rng: random.Random) -> datetime:
    local = moment.astimezone(clock.IRAQ_TZ)
    day: date = local.date()
    while day.weekday() in (4, 5):  # Friday, Saturday
        day -= timedelta(days=1)
    minutes = rng.randrange(8 * 60, 14 * 60)
    local = datetime(
        day.year, day.month, day.day, minutes // 60, minutes % 60, rng.randrange(60), tzinfo=clock.IRAQ_TZ
    )
    return local.astimezone(UTC)


def _weighted(rng: random.Random, table: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _citizen(
    rng: random.Random,
    names: dict[str, list[str]],
    gov_id: Any,
    districts: list[Any],
    users: list[Any],
    at: datetime,
    serial: int,
) -> dict[str, Any]:
    female = rng.random() < 0.35
    first = rng.choice(names["female" if female else "male"])
    full = " ".join(
        [first, rng.choice(names["male"]), rng.choice(names["male"]), rng.choice(names["family"])]
    )
    citizen_id = new_uuid7()
    return {
        "id": citizen_id,
        "person_id": citizen_id,
        "full_name": full,
        "national_id": f"{1 + serial % 9}{serial:011d}",
        "phone": f"07{rng.choice('5789')}{rng.randrange(10**8):08d}",
        "gender": "female" if female else "male",
        "governorate_id": gov_id,
        "district_id": rng.choice(districts),
        "address": f"محلة {rng.randrange(100, 999)}، زقاق {rng.randrange(1, 60)}",
        "landmark": None,
        "elderly": False,
        "special_needs": False,
        "pregnant": False,
        "created_at": at,
        "created_by": rng.choice(users),
    }
