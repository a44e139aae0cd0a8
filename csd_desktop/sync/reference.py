"""What the central office publishes: reference data (governorates, districts, categories, entities, SLA
rules, holidays, KPI definitions) and the directory (offices with their receipt-checking keys, an
office's stations), kept with the central office's ids on every side so received rows point at them."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from ..i18n import N_
from .bundle import BundleRefused
from .wire import chunks, decode_row, encode_row, table

REFERENCE = (
    "governorates",
    "districts",
    "categories",
    "entities",
    "sla_rules",
    "holidays",
    "kpi_definitions",
)
# A row made here before the central office's arrived (the KPI seed of a migration, the shipped lists)
# takes the central office's id, found by what is unique in it.
NATURAL_KEY = {
    name: "code" for name in ("governorates", "districts", "categories", "entities", "kpi_definitions")
}
NATURAL_KEY |= {"holidays": "day", "offices": "code"}


def dump(s: Session, names: Iterable[str], where: Mapping[str, Any] | None = None) -> dict[str, list[Any]]:
    """Every row of these tables (or those `where` selects), as wire rows."""
    out: dict[str, list[Any]] = {}
    for name in names:
        t = table(name)
        query = select(t).order_by(t.c.id)
        if where and name in where:
            query = query.where(where[name])
        out[name] = [encode_row(name, dict(row)) for row in s.execute(query).mappings()]
    return out


def upsert(s: Session, data: Mapping[str, list[Any]]) -> int:
    """Insert the rows not here (by id) and bring the others up to date; returns rows written."""
    written = 0
    for name, wire_rows in data.items():
        t = table(name)
        rows = [decode_row(name, r) for r in wire_rows]
        _rekey(s, name, rows)
        held: dict[UUID, dict[str, Any]] = {}
        for part in chunks([r["id"] for r in rows]):
            held.update(
                {row["id"]: dict(row) for row in s.execute(select(t).where(t.c.id.in_(part))).mappings()}
            )
        new = [r for r in rows if r["id"] not in held]
        changed = [r for r in rows if r["id"] in held and held[r["id"]] != r]
        if new:
            s.execute(insert(t), new)
        if changed:
            columns = [c for c in changed[0] if c != "id"]
            s.execute(
                update(t)
                .where(t.c.id == bindparam("b_id"))
                .values({c: bindparam(f"b_{c}") for c in columns}),
                [{"b_id": r["id"], **{f"b_{c}": r[c] for c in columns}} for r in changed],
            )
        written += len(new) + len(changed)
    return written


def _rekey(s: Session, name: str, rows: list[dict[str, Any]]) -> None:
    key = NATURAL_KEY.get(name)
    if key is None or not rows:
        return
    t = table(name)
    here = dict(s.execute(select(t.c[key], t.c.id)).all())
    for r in rows:
        local = here.get(r[key])
        if local is not None and local != r["id"]:
            s.execute(update(t).where(t.c.id == local).values(id=r["id"]))


def pack_json(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def unpack_json(data: bytes) -> Any:
    try:
        return json.loads(zlib.decompress(data))
    except (zlib.error, ValueError) as e:
        raise BundleRefused(N_("بيانات الحزمة لا تُقرأ: الحزمة تالفة."), code="tampered") from e
