"""`csd receipt REF --out F` prints a case's receipt; `csd receipt verify TEXT` checks a QR code's text."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..domain.arabic import ascii_digits
from ..domain.enums import Kind
from ..errors import ValidationError
from ..i18n import N_, _
from ..reports import documents
from ..services import files, signing
from .context import Context, emit, pass_context


class ReceiptGroup(click.Group):
    """`csd receipt REF --out F` prints; `csd receipt verify TEXT` checks a QR code's text."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            args.insert(0, "print")
        return super().resolve_command(ctx, args)


@click.group(cls=ReceiptGroup)
def receipt() -> None:
    """Print or verify receipts."""


@receipt.command("print")
@click.argument("reference")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "paper", type=click.Choice(["a5", "80mm"]), default="a5", show_default=True)
@click.option("--reprint", is_flag=True, help=_("Mark it as a copy (نسخة) and record the reprint."))
@pass_context
def receipt_print(ctx: Context, reference: str, out: Path, paper: str, reprint: bool) -> None:
    """Write the receipt of a case as PDF."""
    data, pdf = documents.case_receipt(ctx.db, ctx.actor(), reference, paper=paper, reprint=reprint)
    files.write_checked(out, pdf)
    emit(ctx, {"reference": data.reference, "out": str(out)}, lambda: str(out))


@receipt.command("verify")
@click.argument("qr_text")
@click.option("--name", help="The citizen's name as the receipt shows it.")
@click.option("--date", "day", help="The receipt's date, YYYY-MM-DD.")
@click.option("--kind", help="The receipt's kind (complaint, request … or its Arabic label).")
@click.option("--subject", help="The receipt's subject.")
@pass_context
def receipt_verify(
    ctx: Context, qr_text: str, name: str | None, day: str | None, kind: str | None, subject: str | None
) -> None:
    """Check that a receipt's QR text was signed by a known office for what the receipt says."""
    content = receipt_content(name, day, kind, subject)
    result = signing.verify_qr_text(ctx.db, qr_text, content)
    if result.content_checked:
        words = _("الوصل صحيح: {ref} صادر عن {office}، وما كُتب فيه هو ما سُجّل ووُقّع.")
    else:
        words = _(
            "رمز الوصل صحيح بالصيغة القديمة (الرقم المرجعي فقط): {ref} صادر عن {office}. "
            "هذه الصيغة لا تضمن الاسم والتاريخ والموضوع: قارنها بسجل الطلب."
        )
    emit(
        ctx,
        {
            "valid": True,
            **asdict(result),
            "format": "signed_content" if result.content_checked else "reference_only",
        },
        lambda: words.format(ref=result.reference, office=result.office_name),
    )


def receipt_content(
    name: str | None, day: str | None, kind: str | None, subject: str | None
) -> signing.ReceiptContent | None:
    """What the receipt says, as typed from paper; all four or none."""
    given = [name, day, kind, subject]
    if all(v is None for v in given):
        return None
    if any(v is None for v in given):
        raise ValidationError(N_("أدخل الأربعة معاً: --name و--date و--kind و--subject كما في الوصل."))
    assert name is not None and day is not None and kind is not None and subject is not None
    try:
        on_paper = date.fromisoformat(ascii_digits(day.strip()))
    except ValueError:
        raise ValidationError(N_("التاريخ يكتب هكذا: 2026-11-30."), field="date") from None
    by_label = {k.label: k for k in Kind} | {k.value: k for k in Kind}
    if kind.strip() not in by_label:
        raise ValidationError(
            N_("نوع الطلب غير معروف: {kind}. الأنواع: {kinds}"),
            kind=kind,
            kinds=_("، ").join(k.label for k in Kind),
            field="kind",
        )
    return signing.ReceiptContent(name, on_paper, by_label[kind.strip()], subject)
