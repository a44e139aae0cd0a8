"""`csd receipt REF --out F` prints a case's receipt; `csd receipt verify TEXT` checks a QR code's text."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from ..i18n import _
from ..reports import documents
from ..services import signing
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
    out.write_bytes(pdf)
    emit(ctx, {"reference": data.reference, "out": str(out)}, lambda: str(out))


@receipt.command("verify")
@click.argument("qr_text")
@pass_context
def receipt_verify(ctx: Context, qr_text: str) -> None:
    """Check that a receipt's QR text was signed by a known office."""
    result = signing.verify_qr_text(ctx.db, qr_text)
    emit(
        ctx,
        {"valid": True, **asdict(result)},
        lambda: _("الوصل صحيح: {reference} صادر عن {office_name}.").format(
            reference=result.reference, office_name=result.office_name
        ),
    )
