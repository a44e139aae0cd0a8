"""Receipts: what one shows, signed, and the record of every reprint."""

from __future__ import annotations

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import Case, CaseEvent, Category, Citizen, Entity, User
from ..domain.enums import EventType, Kind
from ..domain.reference import parse_reference
from ..errors import NotFound
from ..i18n import N_, _, official_arabic
from . import clock
from .receipt_data import ReceiptData
from .setup import current_station
from .signing import ReceiptContent, qr_text
from .users import Actor

FOLLOW_UP = N_(
    "للمتابعة: راجع المكتب أو اتصل بنا واذكر الرقم المرجعي أو رقم هاتفك المسجّل. "
    "يمكنك أيضاً إبراز رمز الاستجابة السريعة في أي مكتب لشؤون المواطنين."
)


@official_arabic()  # a receipt's words are Arabic whatever the window speaks (i18n.py says why)
def receipt_for(db: Database, actor: Actor, reference: str, *, reprint: bool = False) -> ReceiptData:
    """The receipt of a case. A reprint says so on paper and is written into the case's timeline."""
    parsed = parse_reference(reference)
    if parsed is None:
        raise NotFound(N_("الرقم المرجعي غير صحيح الشكل."))
    ref = str(parsed.reference)
    session = db.write() if reprint else db.read()
    with session as s:
        row = s.execute(
            select(Case, Citizen.full_name, Category.name_ar, Entity.name_ar, User.full_name)
            .join(Citizen, Case.citizen_id == Citizen.id)
            .join(Category, Case.category_id == Category.id)
            .join(User, Case.registered_by == User.id)
            .outerjoin(Entity, Case.entity_id == Entity.id)
            .where(Case.reference == ref)
        ).one_or_none()
        if row is None:
            raise NotFound(N_("لا يوجد طلب بالرقم المرجعي {ref}."), ref=ref)
        case, citizen, category, entity, clerk = row
        station = current_station(s)
        reprinted_at = None
        if reprint:
            reprinted_at = clock.now()
            last = s.scalar(select(func.max(CaseEvent.seq)).where(CaseEvent.case_id == case.id)) or 0
            s.add(
                CaseEvent(
                    case_id=case.id,
                    seq=last + 1,
                    type=EventType.RECEIPT_PRINTED.value,
                    at=reprinted_at,
                    user_id=actor.id,
                    data={"reprint": True},
                )
            )
        registered = clock.to_local(case.registered_at)
        content = ReceiptContent(citizen, registered.date(), Kind(case.kind), case.subject)
        return ReceiptData(
            office_name=station.office_name,
            governorate=station.governorate_name,
            reference=ref,
            qr_text=qr_text(s, ref, content),
            registered_at=registered,
            citizen_name=citizen,
            kind=Kind(case.kind).label,
            category=category,
            entity=entity,
            subject=case.subject,
            expected_answer=case.due_first_answer,
            follow_up=_(FOLLOW_UP),
            clerk_name=clerk,
            reprinted_at=clock.to_local(reprinted_at) if reprinted_at else None,
        )
