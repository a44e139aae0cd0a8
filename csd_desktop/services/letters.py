"""Official letters of a case: what the referral, reminder and status letters say, as plain values.

One renderer (reports/letters.py) draws all three; nothing here knows about PDFs or the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Case, Citizen, Entity
from ..domain.enums import EventType, Gender, LabelledEnum, Outcome, ReplyPreference, Status
from ..domain.workdays import add_working_days
from ..errors import CsdError
from ..i18n import D_
from . import clock
from .cases import CaseDetail, EventView, case_detail
from .letter_wording import (
    CLOSING,
    DEFINITE,
    GREETING,
    SIGNATURE,
    days_text,
    iso,
    level_text,
    mask_national_id,
    with_article,
)
from .setup import current_station
from .sla import deadlines, holidays


class LetterKind(LabelledEnum):
    """The letter's title on paper (Arabic always: a letter is an official document)."""

    REFERRAL = "referral", D_("كتاب إحالة")
    REMINDER = "reminder", D_("كتاب تعقيب")
    STATUS = "status", D_("بيان حالة الطلب")


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
        return (
            D_("إلى/ السيد {officer} المحترم").format(officer=officer),
            D_("ضابط الارتباط في {entity_name}").format(entity_name=entity_name),
        )
    return (D_("إلى/ السيد ضابط الارتباط في {entity_name} المحترم").format(entity_name=entity_name),)


def _place(detail: CaseDetail, extra: _Extra) -> str:
    area = " / ".join(p for p in (detail.governorate, detail.district) if p)
    street = extra.address or ""
    if extra.landmark:
        street = f"{street} ({extra.landmark})" if street else extra.landmark
    return " — ".join(p for p in (area, street) if p) or "—"


def _copies(reference: str) -> tuple[str, ...]:
    return (D_("إضبارة الطلب {reference} للحفظ").format(reference=reference),)


def letter_refusal(kind: LetterKind | str, detail: CaseDetail) -> str | None:
    """Why this letter cannot be printed for the case now (the letter itself refuses it), or None:
    the case page asks before offering the button."""
    kind = LetterKind(kind)
    if kind is LetterKind.STATUS:
        return None  # every case has a status to tell the citizen
    referred = _latest(detail.events, EventType.REFERRED)
    if referred is None:
        return D_(
            "لم يُحَل الطلب {reference} إلى أي جهة بعد، فلا {label} له. أحِل الطلب أولاً من صفحة الطلب."
        ).format(reference=detail.reference, label=kind.label)
    if kind is LetterKind.REMINDER:
        if detail.status is not Status.AWAITING_REPLY:
            return D_(
                "لا يُكتب تعقيب إلا لطلب ينتظر رد الجهة المعنية؛ حالة الطلب {reference} الآن: {label}."
            ).format(reference=detail.reference, label=detail.status.label)
        if _latest([e for e in detail.events if e.seq > referred.seq], EventType.ESCALATED) is None:
            return D_(
                "لم يُصعَّد الطلب {reference} بعد إحالته: كتاب التعقيب يُطبع بعد التصعيد (تلقائياً عند "
                "انقضاء مدة الرد، أو بزر التصعيد)."
            ).format(reference=detail.reference)
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
    the, t = with_article(detail.kind, "", D_("ة"))
    h = D_("ها") if t else D_("ه")
    facts: list[tuple[str, str]] = [
        (D_("الرقم المرجعي"), detail.reference),
        (D_("نوع الطلب"), kind),
        (D_("الفئة"), detail.category),
        (D_("تاريخ التسجيل"), iso(clock.to_local(detail.registered_at).date())),
        (D_("اسم المواطن"), detail.citizen_name),
        (D_("رقم الهاتف"), detail.phone or "—"),
    ]
    if detail.national_id:
        facts.append((D_("رقم البطاقة الوطنية"), mask_national_id(detail.national_id)))
    facts += [(D_("العنوان"), _place(detail, extra)), (D_("الموضوع"), detail.subject)]
    if detail.details:
        facts.append((D_("التفاصيل"), detail.details))
    if data.get("note"):
        facts.append((D_("ملاحظة المكتب"), str(data["note"])))
    return Letter(
        kind=LetterKind.REFERRAL,
        office_name=extra.office_name,
        governorate=extra.governorate,
        our_number=str(data["letter_no"]),
        date=letter_day,
        recipient_lines=_recipient(entity_name, _liaison(db, str(data.get("entity", "")))),
        subject_line=D_("إحالة {kind} مواطن").format(kind=kind),
        greeting=GREETING,
        paragraphs=(
            D_(
                "نحيل إليكم {the} المقدّم{t} من المواطن {citizen_name} والمسجّل{t} لدى مكتبنا بالرقم "
                "المرجعي {reference}، لكون موضوع{h} من اختصاص دائرتكم، وتفاصيل{h} أدناه:"
            ).format(the=the, t=t, citizen_name=detail.citizen_name, reference=detail.reference, h=h),
        ),
        facts=tuple(facts),
        after_facts=(
            D_(
                "يرجى التفضل بالاطلاع واتخاذ ما يلزم، وإعلامنا بالإجراء المتخذ خلال {value} في موعد أقصاه "
                "{value2}، مع ذكر الرقم المرجعي {reference} في كتاب الرد."
            ).format(
                value=days_text(extra.entity_reply_days, working=True),
                value2=iso(reply_by),
                reference=detail.reference,
            ),
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
    the, t = with_article(detail.kind, "", D_("ة"))
    ours = D_("{letter_no} في {value}").format(letter_no=letter_no, value=iso(letter_day))
    return Letter(
        kind=LetterKind.REMINDER,
        office_name=extra.office_name,
        governorate=extra.governorate,
        our_number=None,
        date=today,
        recipient_lines=_recipient(entity_name, _liaison(db, str(data.get("entity", "")))),
        subject_line=D_("تعقيب على كتابنا المرقم {ours}").format(ours=ours),
        greeting=GREETING,
        paragraphs=(
            D_(
                "إلحاقاً بكتابنا المرقم {letter_no} في {value} بشأن {the} المقدّم{t} من المواطن "
                "{citizen_name} والمسجّل{t} بالرقم المرجعي {reference}، وحيث مضى على كتابنا المذكور "
                "{value2} وانقضت المدة المحددة للرد دون ورود جوابكم، فقد صُعِّدت متابعة الطلب إلى "
                "{value3} من مستويات التصعيد."
            ).format(
                letter_no=letter_no,
                value=iso(letter_day),
                the=the,
                t=t,
                citizen_name=detail.citizen_name,
                reference=detail.reference,
                value2=days_text(passed),
                value3=level_text(level),
            ),
        ),
        facts=(
            (D_("الرقم المرجعي"), detail.reference),
            (D_("كتابنا الأصلي"), ours),
            (D_("المدة المنقضية"), days_text(passed)),
            (D_("انتهت مدة الرد في"), iso(reply_by)),
            (D_("مستوى التصعيد"), D_("{value} (من 4)").format(value=level_text(level))),
            (D_("اسم المواطن"), detail.citizen_name),
            (D_("الموضوع"), detail.subject),
        ),
        after_facts=(
            D_(
                "يرجى التفضل بالإيعاز إلى من يلزم بالإجابة على كتابنا المذكور بأقرب وقت ممكن، وإعلامنا "
                "بما يتم مع ذكر الرقم المرجعي {reference}."
            ).format(reference=detail.reference),
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
        return D_("سُجّل الطلب في المكتب")
    if t == EventType.REFERRED.value:
        return D_("أُحيل إلى {value} بكتابنا المرقم {value2} في {value3}").format(
            value=d.get("entity_name") or d.get("entity"),
            value2=d.get("letter_no"),
            value3=d.get("letter_date"),
        )
    if t == EventType.ESCALATED.value:
        return D_("صُعِّدت متابعة الطلب إلى {value}").format(value=level_text(int(d.get("level", 1))))
    if t == EventType.REPLY_RECEIVED.value:
        return D_("ورد رد الجهة المعنية بكتابها المرقم {value} في {value2}").format(
            value=d.get("letter_no"), value2=d.get("letter_date")
        )
    if t == EventType.WAITING_ON_CITIZEN.value:
        return D_("توقفت المعالجة بانتظار استكمال: {value}").format(value=d.get("missing"))
    if t == EventType.CITIZEN_RETURNED.value:
        return D_("استُكملت المستمسكات واستؤنفت المعالجة")
    if t == EventType.CITIZEN_INFORMED.value:
        how = ReplyPreference(str(d["how"])).label if d.get("how") else ""
        return D_("أُبلغتم بالنتيجة ({how})").format(how=how) if how else D_("أُبلغتم بالنتيجة")
    if t == EventType.CLOSED.value:
        return Outcome(str(d["outcome"])).label
    if t == EventType.REOPENED.value:
        return D_("أُعيد فتح الطلب بناءً على مراجعتكم")
    return None  # notes, calls, reassignments, corrections, attachments, reprints: the office's own


def _status_facts(detail: CaseDetail, extra: _Extra, today: date) -> list[tuple[str, str]]:
    closed = _latest(detail.events, EventType.CLOSED) if detail.status is Status.CLOSED else None
    state = Outcome(str(closed.data["outcome"])).label if closed else detail.status.label
    facts = [
        (D_("الرقم المرجعي"), detail.reference),
        (D_("نوع الطلب"), detail.kind.label),
        (D_("الموضوع"), detail.subject),
        (D_("تاريخ التسجيل"), iso(clock.to_local(detail.registered_at).date())),
        (D_("حالة الطلب"), state),
    ]
    if detail.entity:
        facts.append((D_("الجهة المعنية"), detail.entity))
    if closed is not None:
        facts.append((D_("تاريخ الإغلاق"), iso(_local_day(closed))))
        facts.append((D_("خلاصة المعالجة"), str(closed.data.get("summary", ""))))
        if closed.data.get("guidance"):
            facts.append((D_("الجهة المختصة"), str(closed.data["guidance"])))
    elif detail.status is Status.WAITING_ON_CITIZEN:
        paused = _latest(detail.events, EventType.WAITING_ON_CITIZEN)
        missing = str(paused.data.get("missing", "")) if paused else ""
        facts.append(
            (D_("المطلوب منكم"), D_("{missing} — تُستأنف المعالجة حال تقديمه").format(missing=missing))
        )
    else:
        facts += _expected(extra, today)
    return facts


def _expected(extra: _Extra, today: date) -> list[tuple[str, str]]:
    """The nearest deadline not yet passed (a first answer, then the resolution); if every one has
    passed, the letter says so plainly rather than print a date in the past as "expected"."""
    running = [d for d in (extra.due_on, extra.resolution_due) if d is not None]
    ahead = [d for d in running if d >= today]
    if ahead:
        return [(D_("الموعد المتوقع للإجابة"), iso(min(ahead)))]
    if running:
        late = iso(max(running))
        return [
            (
                D_("الموعد المتوقع للإجابة"),
                D_("تجاوز الطلب موعده ({late}) والمكتب يتابعه بصورة عاجلة").format(late=late),
            )
        ]
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
        D_("إلى/ المواطنة {citizen_name} المحترمة").format(citizen_name=detail.citizen_name)
        if female
        else D_("إلى/ المواطن {citizen_name} المحترم").format(citizen_name=detail.citizen_name)
    )
    steps = tuple((iso(_local_day(e)), text) for e in detail.events if (text := _step(e)) is not None)
    registered = iso(clock.to_local(detail.registered_at).date())
    if detail.status is Status.CLOSED:
        ending = D_("نشكر لكم مراجعتكم، ولكم مراجعة المكتب بالرقم المرجعي أعلاه إن بقي لديكم ما يستدعي ذلك.")
    else:
        ending = D_(
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
        subject_line=D_("بيان حالة {value}").format(value=DEFINITE[detail.kind][0]),
        greeting=GREETING,
        paragraphs=(
            D_(
                "بالإشارة إلى ما قدّمتموه إلى مكتبنا بتاريخ {registered} والمسجّل بالرقم المرجعي "
                "{reference}، نعلمكم بحالته حتى تاريخ هذا الكتاب:"
            ).format(registered=registered, reference=detail.reference),
        ),
        facts=tuple(_status_facts(detail, extra, today)),
        steps_title=D_("ما جرى على الطلب"),
        steps=steps,
        after_facts=(ending,),
        closing=CLOSING,
        signature_lines=SIGNATURE,
        reference=detail.reference,
    )
