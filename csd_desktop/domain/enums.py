"""The fixed vocabularies of a case (DESIGN.md §3) with the Arabic words people see."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from ..i18n import N_, _


class LabelledEnum(StrEnum):
    """A fixed vocabulary whose members carry the words people see: `Kind.COMPLAINT = "complaint",
    N_("شكوى")`. The value is what is stored; `label` is translated when shown."""

    _value_: str
    _label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return _(self._label)


class Kind(LabelledEnum):
    """What the citizen brings (DESIGN.md §3): the Jordanian and Iraqi systems' six kinds."""

    COMPLAINT = "complaint", N_("شكوى")
    REQUEST = "request", N_("طلب")
    SUGGESTION = "suggestion", N_("اقتراح")
    INQUIRY = "inquiry", N_("استفسار")
    PRAISE = "praise", N_("شكر وثناء")
    REPORT = "report", N_("بلاغ")


class Channel(LabelledEnum):
    """How the case reached the office."""

    WALK_IN = "walk_in", N_("حضوري")
    PHONE = "phone", N_("هاتف")
    LETTER = "letter", N_("كتاب رسمي")
    EMAIL = "email", N_("بريد إلكتروني")
    SOCIAL = "social", N_("تواصل اجتماعي")


class Gender(LabelledEnum):
    MALE = "male", N_("ذكر")
    FEMALE = "female", N_("أنثى")


class Priority(LabelledEnum):
    """Groups served first (Jordan's regulation, seed 004)."""

    ELDERLY = "elderly", N_("كبار السن")
    SPECIAL_NEEDS = "special_needs", N_("ذوو الاحتياجات الخاصة")
    PREGNANT = "pregnant", N_("حامل")


class ReplyPreference(LabelledEnum):
    """How the citizen wants to hear back."""

    PHONE_CALL = "phone_call", N_("اتصال هاتفي")
    SMS = "sms", N_("رسالة نصية")
    VISIT = "visit", N_("مراجعة المكتب")
    LETTER = "letter", N_("كتاب رسمي")


class Status(LabelledEnum):
    """The state of a case, derived from its timeline (domain/lifecycle.py)."""

    @property
    def is_open(self) -> bool:
        return self is not Status.CLOSED

    REGISTERED = "registered", N_("مسجّل — لم يُحل بعد إلى جهة")
    AWAITING_REPLY = "awaiting_reply", N_("أُحيل إلى الجهة المعنية — بانتظار ردها")
    REPLY_RECEIVED = "reply_received", N_("ورد رد الجهة — بانتظار إبلاغ المواطن والإغلاق")
    WAITING_ON_CITIZEN = "waiting_on_citizen", N_("متوقف بانتظار المواطن (مستمسكات ناقصة)")
    CLOSED = "closed", N_("مغلق")
    REOPENED = "reopened", N_("أُعيد فتحه بطلب المواطن")


class Outcome(LabelledEnum):
    """How a case was closed; the label says plainly what happened."""

    RESOLVED = "resolved", N_("مغلق — عولج الطلب")
    NOT_RESOLVED = "not_resolved", N_("مغلق — تعذّرت معالجة الطلب")
    OUTSIDE_JURISDICTION = (
        "outside_jurisdiction",
        N_("مغلق — خارج اختصاص المكتب، وأُرشد المواطن إلى الجهة المختصة"),
    )
    WITHDRAWN = "withdrawn", N_("مغلق — سحب المواطن طلبه")


class EventType(LabelledEnum):
    REGISTERED = "registered", N_("تسجيل الطلب")
    REFERRED = "referred", N_("إحالة إلى الجهة المعنية")
    REPLY_RECEIVED = "reply_received", N_("ورود رد الجهة")
    CLOSED = "closed", N_("إغلاق الطلب")
    CITIZEN_INFORMED = "citizen_informed", N_("إبلاغ المواطن")
    NOTE = "note", N_("ملاحظة")
    CALL = "call", N_("اتصال بالمواطن")
    REASSIGNED = "reassigned", N_("إسناد إلى موظف آخر")
    ESCALATED = "escalated", N_("تصعيد")
    WAITING_ON_CITIZEN = "waiting_on_citizen", N_("إيقاف بانتظار المواطن")
    CITIZEN_RETURNED = "citizen_returned", N_("عودة المواطن واستئناف المتابعة")
    REOPENED = "reopened", N_("إعادة فتح الطلب")
    CORRECTION = "correction", N_("تصحيح")
    ATTACHMENT_ADDED = "attachment_added", N_("إضافة مرفق")
    RECEIPT_PRINTED = "receipt_printed", N_("طباعة نسخة من الوصل")


class Role(LabelledEnum):
    """What a user does at the office; their permissions follow from it (services/users.py)."""

    ADMIN = "admin", N_("مدير النظام")
    MANAGER = "manager", N_("مدير المكتب")
    OFFICER = "officer", N_("موظف متابعة")
    CLERK = "clerk", N_("موظف استقبال")


class Worklist(LabelledEnum):
    """The officer's queues (services/worklists.py filters and counts them); here so the window's
    navigation can list them before the services load."""

    MINE = "mine", N_("طلباتي")
    DUE_TODAY = "due_today", N_("مستحقة اليوم")
    OVERDUE = "overdue", N_("متأخرة")
    AWAITING_REPLY = "awaiting_reply", N_("بانتظار رد الجهات")
    BY_ENTITY = "by_entity", N_("حسب الجهة")
