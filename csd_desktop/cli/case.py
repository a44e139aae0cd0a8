"""`csd case …`: register, show and find cases and follow them up; `csd escalate-overdue`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..domain.enums import Outcome, Status
from ..i18n import _
from ..services import cases, followup, intake, search
from .case_file import intake_form, read_json
from .context import Context, emit, pass_context


@click.group()
def case() -> None:
    """Register, show and find cases."""


@case.command("add")
@click.option("--json", "source", required=True, type=click.File("rb"), help="FILE or -")
@pass_context
def case_add(ctx: Context, source: Any) -> None:
    """Register a case from a JSON object (UTF-8, with or without a byte-order mark)."""
    data = read_json(source)
    saved = intake.register_case(ctx.db, ctx.actor(), intake_form(data))
    for dup in saved.duplicates:
        click.echo(
            _("تنبيه: طلب مفتوح مشابه للمواطن نفسه: {reference}").format(reference=dup.reference), err=True
        )
    out = {
        "reference": saved.reference,
        "id": saved.id,
        "due": saved.due,
        "duplicates": [d.reference for d in saved.duplicates],
    }
    emit(ctx, out, lambda: f"reference: {saved.reference}\nid: {saved.id}\ndue: {saved.due.isoformat()}")


@case.command("show")
@click.argument("reference")
@pass_context
def case_show(ctx: Context, reference: str) -> None:
    """One case with its timeline."""
    d = cases.case_detail(ctx.db, reference)

    def text() -> str:
        lines = [
            _("الرقم المرجعي: {reference}").format(reference=d.reference),
            _("النوع: {label}").format(label=d.kind.label),
            _("الفئة: {category}").format(category=d.category),
            _("الجهة المعنية: {value}").format(value=d.entity or "—"),
            _("الحالة: {label}").format(label=d.status.label),
            _("المواطن: {citizen_name}").format(citizen_name=d.citizen_name),
            _("الهاتف: {value}").format(value=d.phone or "—"),
            _("الموضوع: {subject}").format(subject=d.subject),
            _("موعد الرد المتوقع: {due_first_answer}").format(due_first_answer=d.due_first_answer),
            _("السجل:"),
        ]
        lines += [f"  {e.seq}. {e.at.isoformat(timespec='minutes')} {e.type} — {e.user}" for e in d.events]
        return "\n".join(lines)

    emit(ctx, d, text)


@case.command("find")
@click.argument("query")
@click.option("--limit", default=50, show_default=True)
@pass_context
def case_find(ctx: Context, query: str, limit: int) -> None:
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
    emit(
        ctx,
        items,
        lambda: (
            "\n".join(f"{b.reference}  {b.citizen}  {b.subject}  [{b.status_label}]" for b in found)
            or _("لا توجد نتائج.")
        ),
    )


def _official_letter(command: Callable[..., None]) -> Callable[..., None]:
    """--letter-no and --letter-date: the official letter a step goes by."""
    command = click.option("--letter-date", required=True, help="YYYY-MM-DD")(command)
    return click.option("--letter-no", required=True)(command)


def _show_status(ctx: Context, reference: str, status: Status) -> None:
    """After a follow-up step: the case's status now."""
    emit(ctx, {"reference": reference, "status": status}, lambda: status.label)


@case.command("refer")
@click.argument("reference")
@click.option("--entity", required=True, help="Entity code (see `csd ref list entities`).")
@_official_letter
@pass_context
def case_refer(ctx: Context, reference: str, entity: str, letter_no: str, letter_date: str) -> None:
    """Refer a case to an entity by an official letter."""
    status = followup.refer(
        ctx.db, ctx.actor(), reference, entity=entity, letter_no=letter_no, letter_date=letter_date
    )
    _show_status(ctx, reference, status)


@case.command("reply")
@click.argument("reference")
@_official_letter
@click.option("--text", "reply_text", required=True)
@pass_context
def case_reply(ctx: Context, reference: str, letter_no: str, letter_date: str, reply_text: str) -> None:
    """Record the entity's reply."""
    status = followup.record_reply(
        ctx.db, ctx.actor(), reference, letter_no=letter_no, letter_date=letter_date, text=reply_text
    )
    _show_status(ctx, reference, status)


@case.command("close")
@click.argument("reference")
@click.option("--outcome", required=True, type=click.Choice([o.value for o in Outcome]))
@click.option("--summary", required=True)
@click.option("--guidance", default="", help="Where the citizen was guided (outside_jurisdiction).")
@pass_context
def case_close(ctx: Context, reference: str, outcome: str, summary: str, guidance: str) -> None:
    """Close a case with its outcome."""
    status = followup.close(
        ctx.db, ctx.actor(), reference, outcome=outcome, summary=summary, guidance=guidance
    )
    _show_status(ctx, reference, status)


@case.command("note")
@click.argument("reference")
@click.argument("note_text")
@pass_context
def case_note(ctx: Context, reference: str, note_text: str) -> None:
    """Add a note to the case's timeline."""
    status = followup.add_note(ctx.db, ctx.actor(), reference, note_text)
    _show_status(ctx, reference, status)


@click.command("escalate-overdue")
@pass_context
def escalate_overdue(ctx: Context) -> None:
    """Escalate referrals past their reply deadline (the window does this at start)."""
    done = followup.escalate_overdue_referrals(ctx.db, ctx.actor())
    emit(ctx, {"escalated": done}, lambda: "\n".join(done) or _("لا توجد إحالات متأخرة."))
