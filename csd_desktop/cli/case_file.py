"""Reading a case from a JSON file (`csd case add --json FILE`): its size, encoding and depth checked,
its fields as text, and the intake form they make. Every refusal says, in Arabic, what to mend."""

from __future__ import annotations

import json
from typing import Any

from ..errors import ValidationError
from ..i18n import N_, _
from ..services import intake

# A case file is a few kilobytes and three levels deep; anything far beyond is not a case.
MAX_JSON_BYTES = 1_000_000
MAX_JSON_DEPTH = 20
MAX_JSON_DIGITS = 20


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise ValidationError(
            N_(
                "في ملف JSON رقم من {value:,} خانة، وهذا ليس رقماً معقولاً: رقم البطاقة والهاتف يُكتبان "
                'نصاً بين علامتي تنصيص، مثل "07701234567".'
            ),
            value=len(digits.lstrip("-")),
        )
    return int(digits)


def _json_constant(name: str) -> Any:
    raise ValidationError(N_("ملف JSON فيه القيمة {name}، وهي ليست من JSON الصحيح: احذفها."), name=name)


def _decode_json_bytes(raw: bytes) -> str:
    """UTF-8 with or without the byte-order mark Windows Notepad writes, or Notepad's UTF-16."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            N_(
                "ملف JSON ليس بترميز UTF-8: احفظه من المحرر بترميز UTF-8 (في المفكرة: حفظ باسم ← الترميز UTF-8) "
                "ثم أعد المحاولة."
            )
        ) from None


def _check_json_strings(data: Any) -> None:
    """Half a character (a lone surrogate from a \\ud800 escape) can be neither stored nor printed;
    nesting far deeper than a case file is refused before anything walks it."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValidationError(
                N_("ملف JSON متداخل إلى أكثر من {MAX_JSON_DEPTH} مستوى، وملف الطلب لا يكون كذلك."),
                MAX_JSON_DEPTH=MAX_JSON_DEPTH,
            )
        if isinstance(value, str):
            if any("\ud800" <= ch <= "\udfff" for ch in value):
                raise ValidationError(
                    N_(
                        "القيمة {value} فيها نصف محرف (ترميز \\uD800–\\uDFFF منفرد)، فالنص تالف: أعد كتابتها."
                    ),
                    value=where or _("في الملف"),
                    field=where.rsplit(".", 1)[-1] or None,
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                stack.append(
                    (key, f"{where}.{key}".lstrip(".") if isinstance(key, str) else where, depth + 1)
                )
                stack.append((item, f"{where}.{key}".lstrip("."), depth + 1))
        elif isinstance(value, list):
            stack.extend((item, where, depth + 1) for item in value)


def read_json(source: Any) -> Any:
    """The JSON a script or a clerk's editor gave, or a ValidationError that says what is wrong."""
    raw = source.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationError(
            N_("ملف JSON أكبر من {MAX_JSON_BYTES:,} بايت، وملف الطلب أصغر من ذلك بكثير."),
            MAX_JSON_BYTES=MAX_JSON_BYTES,
        )
    text = _decode_json_bytes(raw)
    try:
        data = json.loads(text, parse_int=_json_int, parse_constant=_json_constant)
    except json.JSONDecodeError as e:
        raise ValidationError(
            N_("ملف JSON غير صالح: {msg} (السطر {lineno}، العمود {colno})."),
            msg=e.msg,
            lineno=e.lineno,
            colno=e.colno,
        ) from None
    except RecursionError:
        raise ValidationError(
            N_("ملف JSON متداخل إلى عمق غير معقول (أقواس داخل أقواس)، وملف الطلب لا يكون كذلك.")
        ) from None
    _check_json_strings(data)
    return data


_JSON_TYPES = {
    dict: N_("كائناً {…}"),
    list: N_("قائمة […]"),
    bool: "true/false",
    int: N_("رقماً"),
    float: N_("رقماً"),
}


def _text(d: dict[str, Any], key: str, *, number_ok: bool = False) -> str:
    """A field of the case file as text: a string (or, for card and phone, a plain number)."""
    value = d.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if number_ok and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    kind = _(_JSON_TYPES[type(value)]) if type(value) in _JSON_TYPES else type(value).__name__
    raise ValidationError(
        N_("قيمة {key} في ملف JSON يجب أن تكون نصاً بين علامتي تنصيص، لا {kind}."),
        key=key,
        kind=kind,
        field=key,
    )


def intake_form(data: Any) -> intake.IntakeForm:
    if not isinstance(data, dict) or not isinstance(data.get("citizen", {}), dict):
        raise ValidationError(N_("ملف JSON يجب أن يكون كائناً فيه citizen وبقية حقول الطلب."))
    c = data.get("citizen", {})
    text = _text
    priority = c.get("priority") or []
    if not isinstance(priority, list) or not all(isinstance(p, str) for p in priority):
        raise ValidationError(N_('priority قائمة نصوص، مثل ["elderly"].'), field="priority")
    citizen = intake.CitizenForm(
        full_name=text(c, "full_name"),
        national_id=text(c, "national_id", number_ok=True),
        phone=text(c, "phone", number_ok=True),
        gender=text(c, "gender"),
        governorate=text(c, "governorate"),
        district=text(c, "district"),
        address=text(c, "address"),
        landmark=text(c, "landmark"),
        priority=frozenset(map(str, priority)),
    )
    return intake.IntakeForm(
        citizen=citizen,
        kind=text(data, "kind"),
        channel=text(data, "channel") or "walk_in",
        category=text(data, "category"),
        entity=text(data, "entity"),
        subject=text(data, "subject"),
        details=text(data, "details"),
        reply_preference=text(data, "reply_preference"),
        # Only a script that has checked with the citizen may replace the details on file.
        confirm_citizen_update=data.get("confirm_citizen_update") is True,
    )
