"""Official letters of a case: what the referral, reminder and status letters say, as plain values.

One renderer (reports/letters.py) draws all three; nothing here knows about PDFs or the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Case, Citizen, Entity
from ..domain.enums import EventType, Gender, Kind, Outcome, ReplyPreference, Status
from ..domain.workdays import add_working_days
from ..errors import CsdError
from . import clock
from .cases import CaseDetail, EventView, case_detail
from .setup import current_station
from .sla import deadlines, holidays

GREETING = "تحية طيبة ..."
CLOSING = "مع التقدير"
SIGNATURE = ("مدير مكتب شؤون المواطنين",)
LRM = "\u200e"
_LEVELS = {1: "الأول", 2: "الثاني", 3: "الثالث", 4: "الرابع"}
# The kind with its article, and whether words about it agree in the feminine (الشكوى المسجّلة).
_DEFINITE = {
    Kind.COMPLAINT: ("الشكوى", True),
    Kind.REQUEST: ("الطلب", False),
    Kind.SUGGESTION: ("الاقتراح", False),
    Kind.INQUIRY: ("الاستفسار", False),
    Kind.PRAISE: ("الشكر والثناء", False),
    Kind.REPORT: ("البلاغ", False),
}


class LetterKind(StrEnum):
    REFERRAL = "referral"
    REMINDER = "reminder"
    STATUS = "status"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    LetterKind.REFERRAL: "كتاب إحالة",
    LetterKind.REMINDER: "كتاب تعقيب",
    LetterKind.STATUS: "بيان حالة الطلب",
}


@dataclass(frozen=True)
class Letter:
    """Everything one official letter prints, top to bottom, in logical (reading) order."""

    kind: LetterKind
    office_name: str
    governorate: str  # Arabic name, e.g. "بغداد"
    our_number: str | None  # العدد; None: left blank for the outgoing register to fill in by hand
    date: date
    recipient_lines: tuple[str, ...]
    subject_line: str  # without the "م/ " the letter puts in front of it
    greeting: str
    paragraphs: tuple[str, ...]  # before the facts table
    facts: tuple[tuple[str, str], ...]  # (label, value) rows
    closing: str
    signature_lines: tuple[str, ...]
    reference: str
    after_facts: tuple[str, ...] = ()  # paragraphs after the facts table (what is asked of the reader)
    steps_title: str = ""
    steps: tuple[tuple[str, str], ...] = ()  # (date, what happened), oldest first
    copies: tuple[str, ...] = ()  # نسخة منه إلى


class LetterRefused(CsdError):
    """The case is not in a state where this letter makes sense."""

    code = "letter_refused"


@dataclass(frozen=True)
class _Extra:
    """What case_detail does not carry: the address, the liaison officer, the running deadlines."""

    gender: str | None
    address: str | None
    landmark: str | None
    due_on: date | None
    resolution_due: date | None
    entity_reply_days: int
    holidays: frozenset[date]
    office_name: str
    governorate: str


def iso(day: date) -> str:
    return day.isoformat()


def mask_national_id(national_id: str) -> str:
    """Only the last four digits show. The LRM keeps the stars on the left in right-to-left text."""
    return f"{LRM}{'*' * max(len(national_id) - 4, 0)}{national_id[-4:]}"


def days_text(n: int, *, working: bool = False) -> str:
    """An Arabic count of days with the agreeing noun (يومان، 3 أيام، 15 يوماً)."""
    if working:
        if n == 1:
            return "يوم عمل واحد"
        if n == 2:
            return "يومي عمل"
        return f"{n} أيام عمل" if 3 <= n <= 10 else f"{n} يوم عمل"
    if n == 1:
        return "يوم واحد"
    if n == 2:
        return "يومان"
    return f"{n} أيام" if 3 <= n <= 10 else f"{n} يوماً"


def level_text(level: int) -> str:
    return f"المستوى {_LEVELS.get(level, str(level))}"


def _day(value: Any) -> date:
    return date.fromisoformat(str(value))


def _local_day(event: EventView) -> date:
    return clock.to_local(event.at).date()


def _extra(db: Database, detail: CaseDetail) -> _Extra:
    with db.read() as s:
        case = s.get(Case, detail.id)
        citizen = s.get(Citizen, detail.citizen_id)
        assert case is not None and citizen is not None
        station = current_station(s)
        return _Extra(
            gender=citizen.gender,
            address=citizen.address,
            landmark=citizen.landmark,
            due_on=case.due_on,
            resolution_due=case.resolution_due,
            entity_reply_days=deadlines(s, case.kind, case.category_id).entity_reply,
            holidays=holidays(s),
            office_name=station.office_name,
            governorate=station.governorate_name,
        )


def _liaison(db: Database, entity_code: str) -> str | None:
    with db.read() as s:
        return s.scalar(select(Entity.liaison_officer).where(Entity.code == entity_code))


def _latest(events: Sequence[EventView], kind: EventType) -> EventView | None:
    return next((e for e in reversed(events) if e.type == kind.value), None)


def _recipient(entity_name: str, officer: str | None) -> tuple[str, ...]:
    if officer:
        return (f"إلى/ السيد {officer} المحترم", f"ضابط الارتباط في {entity_name}")
    return (f"إلى/ السيد ضابط الارتباط في {entity_name} المحترم",)


def _place(detail: CaseDetail, extra: _Extra) -> str:
    area = " / ".join(p for p in (detail.governorate, detail.district) if p)
    street = extra.address or ""
    if extra.landmark:
        street = f"{street} ({extra.landmark})" if street else extra.landmark
    return " — ".join(p for p in (area, street) if p) or "—"


def _the(kind: Kind, masculine: str, feminine: str) -> tuple[str, str]:
    """The kind with its article, and the word that agrees with it."""
    noun, female = _DEFINITE[kind]
    return noun, feminine if female else masculine


def _copies(reference: str) -> tuple[str, ...]:
    return (f"إضبارة الطلب {reference} للحفظ",)


def letter_refusal(kind: LetterKind | str, detail: CaseDetail) -> str | None:
    """Why this letter cannot be printed for the case now (the letter itself refuses it), or None:
    the case page asks before offering the button."""
    kind = LetterKind(kind)
    if kind is LetterKind.STATUS:
        return None  # every case has a status to tell the citizen
    referred = _latest(detail.events, EventType.REFERRED)
    if referred is None:
        return (
            f"لم يُحَل الطلب {detail.reference} إلى أي جهة بعد، فلا {kind.label} له. "
            "أحِل الطلب أولاً من صفحة الطلب."
        )
    if kind is LetterKind.REMINDER:
        if detail.status is not Status.AWAITING_REPLY:
            return (
                "لا يُكتب تعقيب إلا لطلب ينتظر رد الجهة المعنية؛ "
                f"حالة الطلب {detail.reference} الآن: {detail.status.label}."
            )
        if _latest([e for e in detail.events if e.seq > referred.seq], EventType.ESCALATED) is None:
            return (
                f"لم يُصعَّد الطلب {detail.reference} بعد إحالته: كتاب التعقيب يُطبع بعد التصعيد "
                "(تلقائياً عند انقضاء مدة الرد، أو بزر التصعيد)."
            )
    return None


def _refuse_unless_allowed(kind: LetterKind, detail: CaseDetail) -> EventView:
    """The latest referral the letter is about, or LetterRefused with letter_refusal's reason."""
    reason = letter_refusal(kind, detail)
    referred = _latest(detail.events, EventType.REFERRED)
    if reason is not None or referred is None:
        raise LetterRefused(reason or "")
    return referred


def referral_letter(db: Database, reference: str) -> Letter:
    """The letter that referred the case to the entity of its latest referral, addressed to that
    entity's liaison officer: the case summary, the citizen's contact (card number masked), the
    reference to quote, and the reply deadline. Number and date are those recorded at referral."""
    detail = case_detail(db, reference)
    referred = _refuse_unless_allowed(LetterKind.REFERRAL, detail)
    extra = _extra(db, detail)
    data = referred.data
    entity_name = str(data.get("entity_name") or data.get("entity") or "")
    letter_day = _day(data["letter_date"])
    reply_by = add_working_days(_local_day(referred), extra.entity_reply_days, extra.holidays)
    kind = detail.kind.label
    the, t = _the(detail.kind, "", "ة")
    h = "ها" if t else "ه"
    facts: list[tuple[str, str]] = [
        ("الرقم المرجعي", detail.reference),
        ("نوع الطلب", kind),
        ("الفئة", detail.category),
        ("تاريخ التسجيل", iso(clock.to_local(detail.registered_at).date())),
        ("اسم المواطن", detail.citizen_name),
        ("رقم الهاتف", detail.phone or "—"),
    ]
    if detail.national_id:
        facts.append(("رقم البطاقة الوطنية", mask_national_id(detail.national_id)))
    facts += [("العنوان", _place(detail, extra)), ("الموضوع", detail.subject)]
    if detail.details:
        facts.append(("التفاصيل", detail.details))
    if data.get("note"):
        facts.append(("ملاحظة المكتب", str(data["note"])))
    return Letter(
        kind=LetterKind.REFERRAL,
        office_name=extra.office_name,
        governorate=extra.governorate,
        our_number=str(data["letter_no"]),
        date=letter_day,
        recipient_lines=_recipient(entity_name, _liaison(db, str(data.get("entity", "")))),
        subject_line=f"إحالة {kind} مواطن",
        greeting=GREETING,
        paragraphs=(
            f"نحيل إليكم {the} المقدّم{t} من المواطن {detail.citizen_name} والمسجّل{t} لدى مكتبنا "
            f"بالرقم المرجعي {detail.reference}، لكون موضوع{h} من اختصاص دائرتكم، وتفاصيل{h} أدناه:",
        ),
        facts=tuple(facts),
        after_facts=(
            "يرجى التفضل بالاطلاع واتخاذ ما يلزم، وإعلامنا بالإجراء المتخذ خلال "
            f"{days_text(extra.entity_reply_days, working=True)} في موعد أقصاه {iso(reply_by)}، "
            f"مع ذكر الرقم المرجعي {detail.reference} في كتاب الرد.",
        ),
        closing=CLOSING,
        signature_lines=SIGNATURE,
        reference=detail.reference,
        copies=_copies(detail.reference),
    )


def reminder_letter(db: Database, reference: str) -> Letter:
    """After an escalation of an unanswered referral: cites our original letter, the days passed and
    the escalation level, and asks the entity to reply. Dated the day it is printed."""
    detail = case_detail(db, reference)
    referred = _refuse_unless_allowed(LetterKind.REMINDER, detail)
    escalated = _latest([e for e in detail.events if e.seq > referred.seq], EventType.ESCALATED)
    assert escalated is not None  # letter_refusal refuses a reminder before an escalation
    extra = _extra(db, detail)
    data = referred.data
    entity_name = str(data.get("entity_name") or data.get("entity") or "")
    letter_no, letter_day = str(data["letter_no"]), _day(data["letter_date"])
    today = clock.today()
    passed = (today - letter_day).days
    level = int(escalated.data.get("level", 1))
    due = escalated.data.get("reply_due")
    reply_by = (
        _day(due) if due else add_working_days(_local_day(referred), extra.entity_reply_days, extra.holidays)
    )
    the, t = _the(detail.kind, "", "ة")
    ours = f"{letter_no} في {iso(letter_day)}"
    return Letter(
        kind=LetterKind.REMINDER,
        office_name=extra.office_name,
        governorate=extra.governorate,
        our_number=None,
        date=today,
        recipient_lines=_recipient(entity_name, _liaison(db, str(data.get("entity", "")))),
        subject_line=f"تعقيب على كتابنا المرقم {ours}",
        greeting=GREETING,
        paragraphs=(
            f"إلحاقاً بكتابنا المرقم {letter_no} في {iso(letter_day)} بشأن {the} المقدّم{t} من المواطن "
            f"{detail.citizen_name} والمسجّل{t} بالرقم المرجعي {detail.reference}، وحيث مضى على كتابنا "
            f"المذكور {days_text(passed)} وانقضت المدة المحددة للرد دون ورود جوابكم، فقد صُعِّدت "
            f"متابعة الطلب إلى {level_text(level)} من مستويات التصعيد.",
        ),
        facts=(
            ("الرقم المرجعي", detail.reference),
            ("كتابنا الأصلي", ours),
            ("المدة المنقضية", days_text(passed)),
            ("انتهت مدة الرد في", iso(reply_by)),
            ("مستوى التصعيد", f"{level_text(level)} (من 4)"),
            ("اسم المواطن", detail.citizen_name),
            ("الموضوع", detail.subject),
        ),
        after_facts=(
            "يرجى التفضل بالإيعاز إلى من يلزم بالإجابة على كتابنا المذكور بأقرب وقت ممكن، "
            f"وإعلامنا بما يتم مع ذكر الرقم المرجعي {detail.reference}.",
        ),
        closing=CLOSING,
        signature_lines=SIGNATURE,
        reference=detail.reference,
        copies=_copies(detail.reference),
    )


def _step(event: EventView) -> str | None:
    """What the citizen is told about one event; None for the office's internal steps."""
    d = event.data
    t = event.type
    if t == EventType.REGISTERED.value:
        return "سُجّل الطلب في المكتب"
    if t == EventType.REFERRED.value:
        return (
            f"أُحيل إلى {d.get('entity_name') or d.get('entity')} "
            f"بكتابنا المرقم {d.get('letter_no')} في {d.get('letter_date')}"
        )
    if t == EventType.ESCALATED.value:
        return f"صُعِّدت متابعة الطلب إلى {level_text(int(d.get('level', 1)))}"
    if t == EventType.REPLY_RECEIVED.value:
        return f"ورد رد الجهة المعنية بكتابها المرقم {d.get('letter_no')} في {d.get('letter_date')}"
    if t == EventType.WAITING_ON_CITIZEN.value:
        return f"توقفت المعالجة بانتظار استكمال: {d.get('missing')}"
    if t == EventType.CITIZEN_RETURNED.value:
        return "استُكملت المستمسكات واستؤنفت المعالجة"
    if t == EventType.CITIZEN_INFORMED.value:
        how = ReplyPreference(str(d["how"])).label if d.get("how") else ""
        return f"أُبلغتم بالنتيجة ({how})" if how else "أُبلغتم بالنتيجة"
    if t == EventType.CLOSED.value:
        return Outcome(str(d["outcome"])).label
    if t == EventType.REOPENED.value:
        return "أُعيد فتح الطلب بناءً على مراجعتكم"
    return None  # notes, calls, reassignments, corrections, attachments, reprints: the office's own


def _status_facts(detail: CaseDetail, extra: _Extra, today: date) -> list[tuple[str, str]]:
    closed = _latest(detail.events, EventType.CLOSED) if detail.status is Status.CLOSED else None
    state = Outcome(str(closed.data["outcome"])).label if closed else detail.status.label
    facts = [
        ("الرقم المرجعي", detail.reference),
        ("نوع الطلب", detail.kind.label),
        ("الموضوع", detail.subject),
        ("تاريخ التسجيل", iso(clock.to_local(detail.registered_at).date())),
        ("حالة الطلب", state),
    ]
    if detail.entity:
        facts.append(("الجهة المعنية", detail.entity))
    if closed is not None:
        facts.append(("تاريخ الإغلاق", iso(_local_day(closed))))
        facts.append(("خلاصة المعالجة", str(closed.data.get("summary", ""))))
        if closed.data.get("guidance"):
            facts.append(("الجهة المختصة", str(closed.data["guidance"])))
    elif detail.status is Status.WAITING_ON_CITIZEN:
        paused = _latest(detail.events, EventType.WAITING_ON_CITIZEN)
        missing = str(paused.data.get("missing", "")) if paused else ""
        facts.append(("المطلوب منكم", f"{missing} — تُستأنف المعالجة حال تقديمه"))
    else:
        facts += _expected(extra, today)
    return facts


def _expected(extra: _Extra, today: date) -> list[tuple[str, str]]:
    """The nearest deadline not yet passed (a first answer, then the resolution); if every one has
    passed, the letter says so plainly rather than print a date in the past as "expected"."""
    running = [d for d in (extra.due_on, extra.resolution_due) if d is not None]
    ahead = [d for d in running if d >= today]
    if ahead:
        return [("الموعد المتوقع للإجابة", iso(min(ahead)))]
    if running:
        late = iso(max(running))
        return [("الموعد المتوقع للإجابة", f"تجاوز الطلب موعده ({late}) والمكتب يتابعه بصورة عاجلة")]
    return []


def status_letter(db: Database, reference: str) -> Letter:
    """For the citizen who asks what happened: the status in plain words, the main steps with their
    dates, and when to expect an answer. Only this case's own data: no notes, no entity reply text,
    no card number, nothing about other cases or citizens."""
    detail = case_detail(db, reference)
    extra = _extra(db, detail)
    today = clock.today()
    female = extra.gender == Gender.FEMALE.value
    addressee = (
        f"إلى/ المواطنة {detail.citizen_name} المحترمة"
        if female
        else f"إلى/ المواطن {detail.citizen_name} المحترم"
    )
    steps = tuple((iso(_local_day(e)), text) for e in detail.events if (text := _step(e)) is not None)
    registered = iso(clock.to_local(detail.registered_at).date())
    if detail.status is Status.CLOSED:
        ending = "نشكر لكم مراجعتكم، ولكم مراجعة المكتب بالرقم المرجعي أعلاه إن بقي لديكم ما يستدعي ذلك."
    else:
        ending = (
            "سيُبلغكم المكتب بالنتيجة حال ورودها بالطريقة التي اخترتموها، "
            "ولكم المتابعة بذكر الرقم المرجعي أعلاه أو رقم هاتفكم المسجّل."
        )
    return Letter(
        kind=LetterKind.STATUS,
        office_name=extra.office_name,
        governorate=extra.governorate,
        our_number=None,
        date=today,
        recipient_lines=(addressee,),
        subject_line=f"بيان حالة {_DEFINITE[detail.kind][0]}",
        greeting=GREETING,
        paragraphs=(
            f"بالإشارة إلى ما قدّمتموه إلى مكتبنا بتاريخ {registered} والمسجّل بالرقم المرجعي "
            f"{detail.reference}، نعلمكم بحالته حتى تاريخ هذا الكتاب:",
        ),
        facts=tuple(_status_facts(detail, extra, today)),
        steps_title="ما جرى على الطلب",
        steps=steps,
        after_facts=(ending,),
        closing=CLOSING,
        signature_lines=SIGNATURE,
        reference=detail.reference,
    )
