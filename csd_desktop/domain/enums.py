"""The fixed vocabularies of a case (DESIGN.md §3) with the Arabic words people see."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    COMPLAINT = "complaint"
    REQUEST = "request"
    SUGGESTION = "suggestion"
    INQUIRY = "inquiry"
    PRAISE = "praise"
    REPORT = "report"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.COMPLAINT: "شكوى",
    Kind.REQUEST: "طلب",
    Kind.SUGGESTION: "اقتراح",
    Kind.INQUIRY: "استفسار",
    Kind.PRAISE: "شكر وثناء",
    Kind.REPORT: "بلاغ",
}


class Channel(StrEnum):
    WALK_IN = "walk_in"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    SOCIAL = "social"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.WALK_IN: "حضوري",
    Channel.PHONE: "هاتف",
    Channel.LETTER: "كتاب رسمي",
    Channel.EMAIL: "بريد إلكتروني",
    Channel.SOCIAL: "تواصل اجتماعي",
}


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return "ذكر" if self is Gender.MALE else "أنثى"


class Priority(StrEnum):
    """Groups served first (Jordan's regulation, seed 004)."""

    ELDERLY = "elderly"
    SPECIAL_NEEDS = "special_needs"
    PREGNANT = "pregnant"

    @property
    def label(self) -> str:
        return _PRIORITY_LABELS[self]


_PRIORITY_LABELS = {
    Priority.ELDERLY: "كبار السن",
    Priority.SPECIAL_NEEDS: "ذوو الاحتياجات الخاصة",
    Priority.PREGNANT: "حامل",
}


class ReplyPreference(StrEnum):
    """How the citizen wants to hear back."""

    PHONE_CALL = "phone_call"
    SMS = "sms"
    VISIT = "visit"
    LETTER = "letter"

    @property
    def label(self) -> str:
        return _REPLY_LABELS[self]


_REPLY_LABELS = {
    ReplyPreference.PHONE_CALL: "اتصال هاتفي",
    ReplyPreference.SMS: "رسالة نصية",
    ReplyPreference.VISIT: "مراجعة المكتب",
    ReplyPreference.LETTER: "كتاب رسمي",
}


class Status(StrEnum):
    """The state of a case, derived from its timeline (domain/lifecycle.py)."""

    REGISTERED = "registered"
    AWAITING_REPLY = "awaiting_reply"
    REPLY_RECEIVED = "reply_received"
    WAITING_ON_CITIZEN = "waiting_on_citizen"
    CLOSED = "closed"
    REOPENED = "reopened"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        return self is not Status.CLOSED


_STATUS_LABELS = {
    Status.REGISTERED: "مسجّل — لم يُحل بعد إلى جهة",
    Status.AWAITING_REPLY: "أُحيل إلى الجهة المعنية — بانتظار ردها",
    Status.REPLY_RECEIVED: "ورد رد الجهة — بانتظار إبلاغ المواطن والإغلاق",
    Status.WAITING_ON_CITIZEN: "متوقف بانتظار المواطن (مستمسكات ناقصة)",
    Status.CLOSED: "مغلق",
    Status.REOPENED: "أُعيد فتحه بطلب المواطن",
}


class Outcome(StrEnum):
    """How a case was closed; the label says plainly what happened."""

    RESOLVED = "resolved"
    NOT_RESOLVED = "not_resolved"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.RESOLVED: "مغلق — عولج الطلب",
    Outcome.NOT_RESOLVED: "مغلق — تعذّرت معالجة الطلب",
    Outcome.OUTSIDE_JURISDICTION: "مغلق — خارج اختصاص المكتب، وأُرشد المواطن إلى الجهة المختصة",
    Outcome.WITHDRAWN: "مغلق — سحب المواطن طلبه",
}


class EventType(StrEnum):
    REGISTERED = "registered"
    REFERRED = "referred"
    REPLY_RECEIVED = "reply_received"
    CLOSED = "closed"
    CITIZEN_INFORMED = "citizen_informed"
    NOTE = "note"
    CALL = "call"
    REASSIGNED = "reassigned"
    ESCALATED = "escalated"
    WAITING_ON_CITIZEN = "waiting_on_citizen"
    CITIZEN_RETURNED = "citizen_returned"
    REOPENED = "reopened"
    CORRECTION = "correction"
    ATTACHMENT_ADDED = "attachment_added"
    RECEIPT_PRINTED = "receipt_printed"

    @property
    def label(self) -> str:
        return _EVENT_LABELS[self]


_EVENT_LABELS = {
    EventType.REGISTERED: "تسجيل الطلب",
    EventType.REFERRED: "إحالة إلى الجهة المعنية",
    EventType.REPLY_RECEIVED: "ورود رد الجهة",
    EventType.CLOSED: "إغلاق الطلب",
    EventType.CITIZEN_INFORMED: "إبلاغ المواطن",
    EventType.NOTE: "ملاحظة",
    EventType.CALL: "اتصال بالمواطن",
    EventType.REASSIGNED: "إسناد إلى موظف آخر",
    EventType.ESCALATED: "تصعيد",
    EventType.WAITING_ON_CITIZEN: "إيقاف بانتظار المواطن",
    EventType.CITIZEN_RETURNED: "عودة المواطن واستئناف المتابعة",
    EventType.REOPENED: "إعادة فتح الطلب",
    EventType.CORRECTION: "تصحيح",
    EventType.ATTACHMENT_ADDED: "إضافة مرفق",
    EventType.RECEIPT_PRINTED: "طباعة نسخة من الوصل",
}


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    OFFICER = "officer"
    CLERK = "clerk"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.ADMIN: "مدير النظام",
    Role.MANAGER: "مدير المكتب",
    Role.OFFICER: "موظف متابعة",
    Role.CLERK: "موظف استقبال",
}


# The officer's queues (services/worklists.py filters and counts them); here so the window's navigation
# can list them before the services load.
class Worklist(StrEnum):
    MINE = "mine"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    AWAITING_REPLY = "awaiting_reply"
    BY_ENTITY = "by_entity"

    @property
    def label(self) -> str:
        return _WORKLIST_LABELS[self]


_WORKLIST_LABELS = {
    Worklist.MINE: "طلباتي",
    Worklist.DUE_TODAY: "مستحقة اليوم",
    Worklist.OVERDUE: "متأخرة",
    Worklist.AWAITING_REPLY: "بانتظار رد الجهات",
    Worklist.BY_ENTITY: "حسب الجهة",
}
