"""`csd letter KIND REF --out F`: a case's referral, reminder or status letter as PDF."""

from __future__ import annotations

from pathlib import Path

import click

from ..reports import documents
from ..services import files
from .context import Context, emit, pass_context


@click.command()
@click.argument("kind", type=click.Choice(list(documents.LETTERS)))
@click.argument("reference")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def letter(ctx: Context, kind: str, reference: str, out: Path) -> None:
    """Write a referral, reminder or status letter as PDF."""
    files.write_checked(out, documents.letter_pdf(ctx.db, ctx.actor(), kind, reference))
    emit(ctx, {"reference": reference, "out": str(out)}, lambda: str(out))
