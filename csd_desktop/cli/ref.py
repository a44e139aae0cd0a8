"""`csd ref list`: the reference data's codes and Arabic names."""

from __future__ import annotations

import click

from ..services import reference_data
from .context import Context, emit, pass_context


@click.group()
def ref() -> None:
    """Reference data."""


@ref.command("list")
@click.argument("what", type=click.Choice(["categories", "entities", "governorates"]))
@pass_context
def ref_list(ctx: Context, what: str) -> None:
    """List codes and Arabic names."""
    lister = {
        "categories": reference_data.categories,
        "entities": reference_data.entities,
        "governorates": reference_data.governorates,
    }[what]
    items = lister(ctx.db)
    emit(ctx, items, lambda: "\n".join(f"{i.code}\t{i.name_ar}" for i in items))
