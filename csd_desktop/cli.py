"""The `csd` command for admins and scripts: parses arguments, calls services, prints text or JSON."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn
from uuid import UUID

import click

from . import config
from .db.engine import Database, open_database
from .domain.enums import Outcome
from .errors import (
    CitizenDetailsDiffer,
    CsdError,
    DatabaseUnhealthy,
    FormErrors,
    ReferenceCheckMismatch,
    ValidationError,
)
from .services import (
    cases,
    demo,
    files,
    followup,
    intake,
    integrity,
    letters,
    receipts,
    reference_data,
    search,
    setup,
    signing,
    users,
)

log = logging.getLogger(__name__)


class _Context:
    def __init__(self, db_option: str | None, as_json: bool) -> None:
        self.db_path = config.db_path(db_option)
        self.as_json = as_json
        self.user_option: str | None = None
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.db_path)
        return self._db

    def actor(self) -> users.Actor:
        """The CLI acts as a named user (--user) or the station's first administrator; it is for people
        who already hold the data folder, and every change still records who made it."""
        return users.cli_actor(self.db, self.user_option)


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value


def _emit(ctx: _Context, data: Any, text: Callable[[], str]) -> None:
    click.echo(json.dumps(_plain(data), ensure_ascii=False, indent=2) if ctx.as_json else text())


def _fail(ctx: _Context, error: CsdError) -> NoReturn:
    if ctx.as_json:
        payload: dict[str, Any] = {"error": error.code, "message": error.message}
        if isinstance(error, FormErrors):
            payload["fields"] = {e.field or "": e.message for e in error.errors}
        elif error.field:
            payload["field"] = error.field
        if isinstance(error, ReferenceCheckMismatch):
            payload["suggestions"] = list(error.suggestions)
        if isinstance(error, CitizenDetailsDiffer):
            payload["changes"] = [{"field": f, "on_file": old, "typed": new} for f, old, new in error.changes]
        click.echo(json.dumps(payload, ensure_ascii=False), err=True)
    else:
        lines = [e.message for e in error.errors] if isinstance(error, FormErrors) else [error.message]
        for line in lines:
            click.echo(f"خطأ: {line}", err=True)
    sys.exit(2)


class _Group(click.Group):
    """Turns our expected errors into a message and exit code 2, and anything else into a short
    message with the traceback in the log — never a traceback on the screen."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CsdError as e:
            _fail(ctx.find_object(_Context) or _Context(None, False), e)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except OSError as e:  # a file asked for with --out: a missing or read-only folder, a full disk
            log.warning("file error in csd", exc_info=True)
            _fail(ctx.find_object(_Context) or _Context(None, False), files.file_error(e))
        except Exception:
            log.exception("unexpected error in csd")
            click.echo("خطأ غير متوقع؛ التفاصيل في ملف السجل.", err=True)
            sys.exit(1)


@click.group(cls=_Group)
@click.option(
    "--db", "db_option", metavar="PATH", help="Database file (default: CSD_DB or the user data folder)."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option(
    "--user", "user_option", metavar="USERNAME", help="Act as this user (default: the first admin)."
)
@click.pass_context
def main(ctx: click.Context, db_option: str | None, as_json: bool, user_option: str | None) -> None:
    """CSD Desktop from the command line."""
    config.setup_logging()
    obj = _Context(db_option, as_json)
    obj.user_option = user_option
    ctx.obj = obj
    ctx.call_on_close(lambda: obj._db.dispose() if obj._db else None)


pass_ctx = click.make_pass_decorator(_Context)


@main.command()
@click.option("--office-code", required=True)
@click.option("--office-name", required=True)
@click.option(
    "--governorate", required=True, help="Governorate code, e.g. BGD (see `csd ref list governorates`)."
)
@click.option("--station", required=True)
@click.option("--admin", "admin_username", required=True)
@click.option("--admin-name", default="", help="The administrator's full name.")
@pass_ctx
def init(
    ctx: _Context,
    office_code: str,
    office_name: str,
    governorate: str,
    station: str,
    admin_username: str,
    admin_name: str,
) -> None:
    """Create the office, this station and its first administrator (password read from stdin)."""
    password = sys.stdin.readline().rstrip("\r\n")
    result = setup.initialize_station(
        ctx.db,
        office_code=office_code,
        office_name=office_name,
        governorate_code=governorate,
        station=station,
        admin_username=admin_username,
        admin_full_name=admin_name or admin_username,
        admin_password=password,
    )
    _emit(ctx, result, lambda: f"تم إعداد المكتب {result.office_code}، المحطة {result.station:02d}.")


@main.group()
def case() -> None:
    """Register, show and find cases."""


# A case file is a few kilobytes and three levels deep; anything far beyond is not a case.
MAX_JSON_BYTES = 1_000_000
MAX_JSON_DEPTH = 20
MAX_JSON_DIGITS = 20


def _json_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise ValidationError(
            f"في ملف JSON رقم من {len(digits.lstrip('-')):,} خانة، وهذا ليس رقماً معقولاً: "
            'رقم البطاقة والهاتف يُكتبان نصاً بين علامتي تنصيص، مثل "07701234567".'
        )
    return int(digits)


def _json_constant(name: str) -> Any:
    raise ValidationError(f"ملف JSON فيه القيمة {name}، وهي ليست من JSON الصحيح: احذفها.")


def _decode_json_bytes(raw: bytes) -> str:
    """UTF-8 with or without the byte-order mark Windows Notepad writes, or Notepad's UTF-16."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "ملف JSON ليس بترميز UTF-8: احفظه من المحرر بترميز UTF-8 (في المفكرة: حفظ باسم ← الترميز UTF-8) "
            "ثم أعد المحاولة."
        ) from None


def _check_json_strings(data: Any) -> None:
    """Half a character (a lone surrogate from a \\ud800 escape) can be neither stored nor printed;
    nesting far deeper than a case file is refused before anything walks it."""
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, where, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValidationError(
                f"ملف JSON متداخل إلى أكثر من {MAX_JSON_DEPTH} مستوى، وملف الطلب لا يكون كذلك."
            )
        if isinstance(value, str):
            if any("\ud800" <= ch <= "\udfff" for ch in value):
                raise ValidationError(
                    f"القيمة {where or 'في الملف'} فيها نصف محرف (ترميز \\uD800–\\uDFFF منفرد)، فالنص تالف: "
                    "أعد كتابتها.",
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


def _read_json(source: Any) -> Any:
    """The JSON a script or a clerk's editor gave, or a ValidationError that says what is wrong."""
    raw = source.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise ValidationError(f"ملف JSON أكبر من {MAX_JSON_BYTES:,} بايت، وملف الطلب أصغر من ذلك بكثير.")
    text = _decode_json_bytes(raw)
    try:
        data = json.loads(text, parse_int=_json_int, parse_constant=_json_constant)
    except json.JSONDecodeError as e:
        raise ValidationError(f"ملف JSON غير صالح: {e.msg} (السطر {e.lineno}، العمود {e.colno}).") from None
    except RecursionError:
        raise ValidationError(
            "ملف JSON متداخل إلى عمق غير معقول (أقواس داخل أقواس)، وملف الطلب لا يكون كذلك."
        ) from None
    _check_json_strings(data)
    return data


_JSON_TYPES = {dict: "كائناً {…}", list: "قائمة […]", bool: "true/false", int: "رقماً", float: "رقماً"}


def _text(d: dict[str, Any], key: str, *, number_ok: bool = False) -> str:
    """A field of the case file as text: a string (or, for card and phone, a plain number)."""
    value = d.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if number_ok and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    kind = _JSON_TYPES.get(type(value), type(value).__name__)
    raise ValidationError(f"قيمة {key} في ملف JSON يجب أن تكون نصاً بين علامتي تنصيص، لا {kind}.", field=key)


def _intake_form(data: Any) -> intake.IntakeForm:
    if not isinstance(data, dict) or not isinstance(data.get("citizen", {}), dict):
        raise ValidationError("ملف JSON يجب أن يكون كائناً فيه citizen وبقية حقول الطلب.")
    c = data.get("citizen", {})
    text = _text
    priority = c.get("priority") or []
    if not isinstance(priority, list) or not all(isinstance(p, str) for p in priority):
        raise ValidationError('priority قائمة نصوص، مثل ["elderly"].', field="priority")
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


@case.command("add")
@click.option("--json", "source", required=True, type=click.File("rb"), help="FILE or -")
@pass_ctx
def case_add(ctx: _Context, source: Any) -> None:
    """Register a case from a JSON object (UTF-8, with or without a byte-order mark)."""
    data = _read_json(source)
    saved = intake.register_case(ctx.db, ctx.actor(), _intake_form(data))
    for dup in saved.duplicates:
        click.echo(f"تنبيه: طلب مفتوح مشابه للمواطن نفسه: {dup.reference}", err=True)
    out = {
        "reference": saved.reference,
        "id": saved.id,
        "due": saved.due,
        "duplicates": [d.reference for d in saved.duplicates],
    }
    _emit(ctx, out, lambda: f"reference: {saved.reference}\nid: {saved.id}\ndue: {saved.due.isoformat()}")


@case.command("show")
@click.argument("reference")
@pass_ctx
def case_show(ctx: _Context, reference: str) -> None:
    """One case with its timeline."""
    d = cases.case_detail(ctx.db, reference)

    def text() -> str:
        lines = [
            f"الرقم المرجعي: {d.reference}",
            f"النوع: {d.kind.label}",
            f"الفئة: {d.category}",
            f"الجهة المعنية: {d.entity or '—'}",
            f"الحالة: {d.status.label}",
            f"المواطن: {d.citizen_name}",
            f"الهاتف: {d.phone or '—'}",
            f"الموضوع: {d.subject}",
            f"موعد الرد المتوقع: {d.due_first_answer}",
            "السجل:",
        ]
        lines += [f"  {e.seq}. {e.at.isoformat(timespec='minutes')} {e.type} — {e.user}" for e in d.events]
        return "\n".join(lines)

    _emit(ctx, d, text)


@case.command("find")
@click.argument("query")
@click.option("--limit", default=50, show_default=True)
@pass_ctx
def case_find(ctx: _Context, query: str, limit: int) -> None:
    """By reference, phone, card number or name."""
    found = search.find_cases(ctx.db, query, limit=limit)
    items = [
        {
            "reference": b.reference,
            "citizen": b.citizen,
            "subject": b.subject,
            "status": b.status,
            "registered_at": b.registered_at,
        }
        for b in found
    ]
    _emit(
        ctx,
        items,
        lambda: (
            "\n".join(f"{b.reference}  {b.citizen}  {b.subject}  [{b.status_label}]" for b in found)
            or "لا توجد نتائج."
        ),
    )


@case.command("refer")
@click.argument("reference")
@click.option("--entity", required=True, help="Entity code (see `csd ref list entities`).")
@click.option("--letter-no", required=True)
@click.option("--letter-date", required=True, help="YYYY-MM-DD")
@pass_ctx
def case_refer(ctx: _Context, reference: str, entity: str, letter_no: str, letter_date: str) -> None:
    """Refer a case to an entity by an official letter."""
    status = followup.refer(
        ctx.db, ctx.actor(), reference, entity=entity, letter_no=letter_no, letter_date=letter_date
    )
    _emit(ctx, {"reference": reference, "status": status}, lambda: status.label)


@case.command("reply")
@click.argument("reference")
@click.option("--letter-no", required=True)
@click.option("--letter-date", required=True, help="YYYY-MM-DD")
@click.option("--text", "reply_text", required=True)
@pass_ctx
def case_reply(ctx: _Context, reference: str, letter_no: str, letter_date: str, reply_text: str) -> None:
    """Record the entity's reply."""
    status = followup.record_reply(
        ctx.db, ctx.actor(), reference, letter_no=letter_no, letter_date=letter_date, text=reply_text
    )
    _emit(ctx, {"reference": reference, "status": status}, lambda: status.label)


@case.command("close")
@click.argument("reference")
@click.option("--outcome", required=True, type=click.Choice([o.value for o in Outcome]))
@click.option("--summary", required=True)
@click.option("--guidance", default="", help="Where the citizen was guided (outside_jurisdiction).")
@pass_ctx
def case_close(ctx: _Context, reference: str, outcome: str, summary: str, guidance: str) -> None:
    """Close a case with its outcome."""
    status = followup.close(
        ctx.db, ctx.actor(), reference, outcome=outcome, summary=summary, guidance=guidance
    )
    _emit(ctx, {"reference": reference, "status": status}, lambda: status.label)


@case.command("note")
@click.argument("reference")
@click.argument("note_text")
@pass_ctx
def case_note(ctx: _Context, reference: str, note_text: str) -> None:
    """Add a note to the case's timeline."""
    status = followup.add_note(ctx.db, ctx.actor(), reference, note_text)
    _emit(ctx, {"reference": reference, "status": status}, lambda: status.label)


@main.command("escalate-overdue")
@pass_ctx
def escalate_overdue(ctx: _Context) -> None:
    """Escalate referrals past their reply deadline (the window does this at start)."""
    done = followup.escalate_overdue_referrals(ctx.db, ctx.actor())
    _emit(ctx, {"escalated": done}, lambda: "\n".join(done) or "لا توجد إحالات متأخرة.")


@main.command()
@click.argument("kind", type=click.Choice(["referral", "reminder", "status"]))
@click.argument("reference")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def letter(ctx: _Context, kind: str, reference: str, out: Path) -> None:
    """Write a referral, reminder or status letter as PDF."""
    from .reports.letters import render_letter  # reportlab only when printing

    build = {
        "referral": letters.referral_letter,
        "reminder": letters.reminder_letter,
        "status": letters.status_letter,
    }
    out.write_bytes(render_letter(build[kind](ctx.db, reference)))
    _emit(ctx, {"reference": reference, "out": str(out)}, lambda: str(out))


@main.group()
def ref() -> None:
    """Reference data."""


@ref.command("list")
@click.argument("what", type=click.Choice(["categories", "entities", "governorates"]))
@pass_ctx
def ref_list(ctx: _Context, what: str) -> None:
    """List codes and Arabic names."""
    lister = {
        "categories": reference_data.categories,
        "entities": reference_data.entities,
        "governorates": reference_data.governorates,
    }[what]
    items = lister(ctx.db)
    _emit(ctx, items, lambda: "\n".join(f"{i.code}\t{i.name_ar}" for i in items))


class _ReceiptGroup(click.Group):
    """`csd receipt REF --out F` prints; `csd receipt verify TEXT` checks a QR code's text."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            args.insert(0, "print")
        return super().resolve_command(ctx, args)


@main.group(cls=_ReceiptGroup)
def receipt() -> None:
    """Print or verify receipts."""


@receipt.command("print")
@click.argument("reference")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "paper", type=click.Choice(["a5", "80mm"]), default="a5", show_default=True)
@click.option("--reprint", is_flag=True, help="Mark it as a copy (نسخة) and record the reprint.")
@pass_ctx
def receipt_print(ctx: _Context, reference: str, out: Path, paper: str, reprint: bool) -> None:
    """Write the receipt of a case as PDF."""
    from .reports.receipt import render_receipt  # reportlab only when printing

    data = receipts.receipt_for(ctx.db, ctx.actor(), reference, reprint=reprint)
    out.write_bytes(render_receipt(data, paper))
    _emit(ctx, {"reference": data.reference, "out": str(out)}, lambda: str(out))


@receipt.command("verify")
@click.argument("qr_text")
@pass_ctx
def receipt_verify(ctx: _Context, qr_text: str) -> None:
    """Check that a receipt's QR text was signed by a known office."""
    result = signing.verify_qr_text(ctx.db, qr_text)
    _emit(
        ctx,
        {"valid": True, **asdict(result)},
        lambda: f"الوصل صحيح: {result.reference} صادر عن {result.office_name}.",
    )


@main.command("demo-data")
@click.option("--cases", "count", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--months", type=click.IntRange(min=1, max=120), default=24, show_default=True)
@pass_ctx
def demo_data(ctx: _Context, count: int, seed: int, months: int) -> None:
    """Fill the database with realistic synthetic Arabic cases (creates a demo office if needed)."""

    def progress(done: int, total: int) -> None:
        if not ctx.as_json:
            click.echo(f"\r{done}/{total}", nl=False, err=True)

    added = demo.generate_demo_data(ctx.db, cases=count, seed=seed, months=months, progress=progress)
    if not ctx.as_json:
        click.echo("", err=True)
    _emit(ctx, {"cases": added}, lambda: f"أضيف {added} طلب.")


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to write the copy.")
@pass_ctx
def backup(ctx: _Context, out: Path | None) -> None:
    """Full integrity check, then a consistent copy of the database."""
    path = integrity.backup(ctx.db, out)
    _emit(ctx, {"backup": str(path)}, lambda: str(path))


@main.command()
@click.option("--quick", is_flag=True, help="The quick check only (the full one reads every index too).")
@pass_ctx
def check(ctx: _Context, quick: bool) -> None:
    """Check the database file; a failure stops saving (window and CLI) until a check passes."""
    result = integrity.run_check(ctx.db, full=not quick)
    if not result.ok:
        raise DatabaseUnhealthy(
            "فحص سلامة قاعدة البيانات أظهر خللاً، والحفظ موقوف حتى يُصلح. استعد آخر نسخة احتياطية سليمة "
            "من مجلد backups ثم أعد الفحص. التفاصيل في ملف السجل."
        )
    _emit(ctx, {"ok": True}, lambda: "قاعدة البيانات سليمة.")


@main.group()
def user() -> None:
    """Users of this office."""


@user.command("add")
@click.argument("username")
@click.option("--name", "full_name", required=True)
@click.option("--role", type=click.Choice([r.value for r in users.Role]), default="clerk", show_default=True)
@pass_ctx
def user_add(ctx: _Context, username: str, full_name: str, role: str) -> None:
    """Add a user (password read from stdin)."""
    password = sys.stdin.readline().rstrip("\r\n")
    made = users.create_user(
        ctx.db, ctx.actor(), username=username, full_name=full_name, role=users.Role(role), password=password
    )
    _emit(ctx, made, lambda: f"أضيف المستخدم {made.username}.")


from .cli_report import report  # noqa: E402  (the report commands live in their own module)

main.add_command(report)
