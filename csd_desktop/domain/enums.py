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
    """The state of a case, derived from its timeline."""

    REGISTERED = "registered"
    REFERRED = "referred"
    AWAITING_REPLY = "awaiting_reply"
    REPLY_RECEIVED = "reply_received"
    WAITING_ON_CITIZEN = "waiting_on_citizen"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.REGISTERED: "مسجّل — بانتظار الإحالة",
    Status.REFERRED: "أُحيل إلى الجهة المعنية",
    Status.AWAITING_REPLY: "بانتظار رد الجهة",
    Status.REPLY_RECEIVED: "ورد رد الجهة",
    Status.WAITING_ON_CITIZEN: "بانتظار المواطن (مستمسكات ناقصة)",
    Status.CLOSED: "مغلق",
}


class EventType(StrEnum):
    REGISTERED = "registered"
    NOTE = "note"
    ATTACHMENT_ADDED = "attachment_added"
    RECEIPT_PRINTED = "receipt_printed"


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
