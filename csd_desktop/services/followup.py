"""Follow-up: every step after intake is an event on the case's timeline (DESIGN.md §2.3–2.4).

Each function is one thing an officer does, in one transaction: check permission and input, check
the step may follow the case's state (domain.lifecycle), append the event, re-derive the state.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import select

from ..db.engine import Database
from ..db.models import Case, CaseEvent, Entity, User
from ..domain import validation as v
from ..domain.arabic import ascii_digits, clean_text
from ..domain.enums import EventType, Outcome, ReplyPreference, Status
from ..domain.lifecycle import MAX_ESCALATION, refusal
from ..errors import FormErrors, NotFound, ValidationError
from ..i18n import N_, _
from . import clock
from .cases import CaseDetail
from .permissions import why_not
from .search import OPEN
from .timeline import TransitionRefused, append, load_case
from .users import Actor, Permission, require

MAX_NOTE = 2000
MAX_LETTER_NO = 40
# Every step an officer takes on a case after intake, in the order a case usually goes.
STEPS = (
    EventType.REFERRED,
    EventType.REPLY_RECEIVED,
    EventType.CITIZEN_INFORMED,
    EventType.CLOSED,
    EventType.NOTE,
    EventType.CALL,
    EventType.REASSIGNED,
    EventType.ESCALATED,
    EventType.WAITING_ON_CITIZEN,
    EventType.CITIZEN_RETURNED,
    EventType.REOPENED,
    EventType.CORRECTION,
)
_TOP_LEVEL = N_("بلغ الطلب أعلى مستوى تصعيد ({level}).")
_NOT_RESOLVED = N_("لا يُعاد فتح إلا طلب أُغلق على أنه عولج؛ في غير ذلك سجّل طلباً جديداً للمواطن.")


def _state_refusal(
    step: EventType, status: Status, escalation_level: int, outcome: Outcome | None
) -> str | None:
    """The one rule behind the case page's buttons and the steps themselves."""
    reason = refusal(step, status)
    if reason is not None:
        return reason
    if step is EventType.ESCALATED and escalation_level >= MAX_ESCALATION:
        return _(_TOP_LEVEL).format(level=MAX_ESCALATION)
    if step is EventType.REOPENED and outcome is not Outcome.RESOLVED:
        return _(_NOT_RESOLVED)
    return None


def step_refusal(actor: Actor, case: CaseDetail, step: EventType) -> str | None:
    """Why `step` may not be taken on the case now (the step itself would refuse it), or None."""
    if (why := why_not(actor, step_permission(step))) is not None:
        return why
    return _state_refusal(step, case.status, case.escalation_level, case.outcome)


def allowed_steps(actor: Actor, case: CaseDetail) -> dict[EventType, str | None]:
    """What is allowed now: for each step, None (allowed) or why not, as the case page shows it."""
    return {step: step_refusal(actor, case, step) for step in STEPS}


def _refuse_unless_allowed(case: Case, step: EventType) -> None:
    outcome = Outcome(case.outcome) if case.outcome else None
    reason = _state_refusal(step, Status(case.status), case.escalation_level, outcome)
    if reason is not None:
        raise TransitionRefused(reason)


def _text(value: str, *, field: str, label: str, required: bool = True, max_length: int = MAX_NOTE) -> str:
    return v.text_field(
        value, field=field, label=label, max_length=max_length, required=required, multiline=True
    )


def _letter_no(value: str, field: str = "letter_no") -> str:
    return ascii_digits(_text(value, field=field, label=_("رقم الكتاب"), max_length=MAX_LETTER_NO))


def _letter_date(value: date | str | None, field: str = "letter_date") -> str:
    if isinstance(value, date):
        day = value
    elif value is not None and not isinstance(value, str):
        raise ValidationError(N_("تاريخ الكتاب غير صحيح: اكتبه بالشكل 2026-11-24."), field=field)
    else:
        try:
            day = date.fromisoformat(ascii_digits(clean_text(value or "")))
        except ValueError:
            raise ValidationError(
                N_("تاريخ الكتاب غير صحيح: اكتبه بالشكل 2026-11-24."), field=field
            ) from None
    if day > clock.today():
        raise ValidationError(N_("تاريخ الكتاب لا يكون في المستقبل."), field=field)
    return day.isoformat()


def step_permission(step: EventType) -> Permission:
    """A note is the clerk's too (what the citizen said at the desk); every other step is follow-up."""
    return Permission.ADD_NOTE if step is EventType.NOTE else Permission.FOLLOW_UP


def _step(db: Database, actor: Actor, reference: str, event: EventType, data: dict[str, Any]) -> Status:
    require(actor, step_permission(event))
    with db.write() as s:
        case = load_case(s, reference)
        append(s, case, actor, event, data)
        return Status(case.status)


def refer(
    db: Database,
    actor: Actor,
    reference: str,
    *,
    entity: str,
    letter_no: str,
    letter_date: date | str,
    note: str = "",
) -> Status:
    """Refer the case by an official letter to the entity's liaison officer; the reply clock starts."""
    errors: list[ValidationError] = []
    data: dict[str, Any] = {"entity": entity}
    for key, fn in (
        ("letter_no", lambda: _letter_no(letter_no)),
        ("letter_date", lambda: _letter_date(letter_date)),
        ("note", lambda: _text(note, field="note", label=_("الملاحظة"), required=False)),
    ):
        try:
            data[key] = fn()
        except ValidationError as e:
            errors.append(e)
    if errors:
        raise FormErrors(errors)
    require(actor, Permission.FOLLOW_UP)
    with db.write() as s:
        found = s.execute(select(Entity.name_ar).where(Entity.code == entity, Entity.active)).scalar()
        if found is None:
            raise FormErrors([ValidationError(N_("اختر الجهة المعنية من القائمة."), field="entity")])
        data["entity_name"] = found
        case = load_case(s, reference)
        append(s, case, actor, EventType.REFERRED, data)
        return Status(case.status)


def record_reply(
    db: Database, actor: Actor, reference: str, *, letter_no: str, letter_date: date | str, text: str
) -> Status:
    data = {
        "letter_no": _letter_no(letter_no),
        "letter_date": _letter_date(letter_date),
        "text": _text(text, field="text", label=_("نص الرد")),
    }
    return _step(db, actor, reference, EventType.REPLY_RECEIVED, data)


def close(
    db: Database, actor: Actor, reference: str, *, outcome: Outcome | str, summary: str, guidance: str = ""
) -> Status:
    """Close with a plain outcome. Outside the office's jurisdiction needs where the citizen was guided."""
    try:
        result = Outcome(outcome)
    except ValueError:
        raise ValidationError(N_("اختر نتيجة الإغلاق."), field="outcome") from None
    data: dict[str, Any] = {
        "outcome": result.value,
        "summary": _text(summary, field="summary", label=_("خلاصة المعالجة")),
    }
    if result is Outcome.OUTSIDE_JURISDICTION:
        data["guidance"] = _text(
            guidance, field="guidance", label=_("الجهة التي أُرشد إليها المواطن"), max_length=300
        )
    return _step(db, actor, reference, EventType.CLOSED, data)


def inform_citizen(
    db: Database,
    actor: Actor,
    reference: str,
    *,
    how: ReplyPreference | str,
    satisfaction: int | None = None,
    note: str = "",
) -> Status:
    """The citizen was told the outcome (how, when); their satisfaction (1–5) if they gave it."""
    try:
        channel = ReplyPreference(how)
    except ValueError:
        raise ValidationError(N_("اختر طريقة إبلاغ المواطن."), field="how") from None
    if satisfaction is not None and not (isinstance(satisfaction, int) and 1 <= satisfaction <= 5):
        raise ValidationError(N_("درجة الرضا من 1 إلى 5."), field="satisfaction")
    data: dict[str, Any] = {
        "how": channel.value,
        "satisfaction": satisfaction,
        "note": _text(note, field="note", label=_("الملاحظة"), required=False),
    }
    return _step(db, actor, reference, EventType.CITIZEN_INFORMED, data)


def add_note(db: Database, actor: Actor, reference: str, text: str) -> Status:
    return _step(
        db, actor, reference, EventType.NOTE, {"text": _text(text, field="text", label=_("الملاحظة"))}
    )


def log_call(db: Database, actor: Actor, reference: str, *, answered: bool, text: str = "") -> Status:
    data = {
        "answered": bool(answered),
        "text": _text(text, field="text", label=_("خلاصة الاتصال"), required=answered),
    }
    return _step(db, actor, reference, EventType.CALL, data)


def reassign(db: Database, actor: Actor, reference: str, *, to_username: str) -> Status:
    require(actor, Permission.FOLLOW_UP)
    with db.write() as s:
        user = s.scalar(select(User).where(User.username == clean_text(to_username).lower(), User.active))
        if user is None:
            raise ValidationError(N_("الموظف غير موجود أو غير فعّال."), field="to_username")
        case = load_case(s, reference)
        data = {"to_user_id": str(user.id), "to_name": user.full_name}
        append(s, case, actor, EventType.REASSIGNED, data)
        return Status(case.status)


def escalate(db: Database, actor: Actor, reference: str, *, reason: str) -> Status:
    """One level up (1–4, the SLA template's escalation levels)."""
    require(actor, Permission.FOLLOW_UP)
    text = _text(reason, field="reason", label=_("سبب التصعيد"))
    with db.write() as s:
        case = load_case(s, reference)
        _refuse_unless_allowed(case, EventType.ESCALATED)
        data = {"level": case.escalation_level + 1, "reason": text, "automatic": False}
        append(s, case, actor, EventType.ESCALATED, data)
        return Status(case.status)


def wait_on_citizen(db: Database, actor: Actor, reference: str, *, missing: str) -> Status:
    """The clock stops while the office waits for the citizen (missing documents)."""
    data = {"missing": _text(missing, field="missing", label=_("المستمسكات المطلوبة"))}
    return _step(db, actor, reference, EventType.WAITING_ON_CITIZEN, data)


def citizen_returned(db: Database, actor: Actor, reference: str, *, note: str = "") -> Status:
    data = {"note": _text(note, field="note", label=_("الملاحظة"), required=False)}
    return _step(db, actor, reference, EventType.CITIZEN_RETURNED, data)


def reopen(db: Database, actor: Actor, reference: str, *, reason: str) -> Status:
    """A case closed as resolved that the citizen says is not: reopened, all history kept."""
    require(actor, Permission.FOLLOW_UP)
    text = _text(reason, field="reason", label=_("سبب إعادة الفتح"))
    with db.write() as s:
        case = load_case(s, reference)
        _refuse_unless_allowed(case, EventType.REOPENED)
        append(s, case, actor, EventType.REOPENED, {"reason": text})
        return Status(case.status)


def correct(
    db: Database,
    actor: Actor,
    reference: str,
    *,
    event_id: UUID | None = None,
    event_seq: int | None = None,
    correction: str,
) -> Status:
    """A correction is a new event pointing at the one it corrects, by the step's id (its number in
    this file, `event_seq`, is another step's number at another desk); nothing is overwritten."""
    require(actor, Permission.FOLLOW_UP)
    text = _text(correction, field="correction", label=_("نص التصحيح"))
    with db.write() as s:
        case = load_case(s, reference)
        which = CaseEvent.id == event_id if event_id is not None else CaseEvent.seq == event_seq
        corrected = s.scalar(select(CaseEvent.id).where(CaseEvent.case_id == case.id, which))
        if corrected is None:
            raise NotFound(N_("الحدث المراد تصحيحه غير موجود في سجل الطلب."))
        append(s, case, actor, EventType.CORRECTION, {"corrects": corrected.hex, "text": text})
        return Status(case.status)


def escalate_overdue_referrals(db: Database, actor: Actor, *, limit: int = 500) -> list[str]:
    """Referrals past their reply deadline go one level up automatically (and offer a reminder letter).
    Returns the references escalated. Safe to run often: an escalation restarts the reply clock."""
    require(actor, Permission.FOLLOW_UP)
    today = clock.today()
    with db.read() as s:
        due = s.scalars(
            select(Case.reference)
            .where(
                OPEN,  # spelled for the open cases' index (status, due_on)
                Case.status == Status.AWAITING_REPLY.value,
                Case.reply_due < today,
                Case.escalation_level < MAX_ESCALATION,
            )
            .limit(limit)
        ).all()
    done = []
    for reference in due:
        with db.write() as s:
            case = load_case(s, reference)
            if (
                case.status != Status.AWAITING_REPLY.value
                or case.reply_due is None
                or case.reply_due >= today
            ):
                continue  # someone acted on it meanwhile
            data = {
                "level": case.escalation_level + 1,
                "reason": N_("انقضت مدة رد الجهة دون رد."),
                "automatic": True,
                "reply_due": case.reply_due.isoformat(),
            }
            append(s, case, actor, EventType.ESCALATED, data)
            done.append(reference)
    return done
