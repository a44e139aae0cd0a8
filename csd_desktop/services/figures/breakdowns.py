"""The totals and breakdowns of a tabulated period (services/figures/sql.py made the small tables):
counts and sums per dimension and key, medians picked off the histograms, labels for the keys."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ...db.models import Category, District, Entity
from ...domain.enums import Channel, Gender, Kind, Priority
from ...i18n import _
from . import sql
from .measures import (
    DIMENSION_LABELS,
    NO_DISTRICT,
    NO_ENTITY,
    NO_GENDER,
    NO_PRIORITY,
    Breakdown,
    BreakdownRow,
    Measures,
    Recurring,
)

_COUNTS = (
    "received",
    "closed",
    "resolved",
    "open_at_end",
    "overdue_at_end",
    "first_answers_due",
    "answered_within_sla",
    "rated",
    "satisfied",
    "first_answers",
)
_MEDIAN_NAMES = {"a": "median_days_to_first_answer", "c": "median_days_to_close"}


def _average(total: float, n: float) -> float | None:
    return round(total / n, 2) if n else None


def _decoder(values: list[str]) -> Callable[[Any], str]:
    return lambda i: values[int(i) - 1] if int(i) else ""


def _hexed(value: Any) -> str:
    """An id as hexadecimal: 16 bytes on SQLite, a uuid on PostgreSQL."""
    if value is None:
        return ""
    return value.hex if isinstance(value, UUID) else bytes(value).hex()


# How each dimension's keys come back: codes of the cell, ids, or the text itself.
_DECODE: Mapping[str, Callable[[Any], str]] = {
    "all": str,
    "kind": _decoder(sql.KINDS),
    "channel": _decoder(sql.CHANNELS),
    "gender": _decoder(sql.GENDERS),
    "priority": str,
    **dict.fromkeys(sql.WIDE_KEYS, _hexed),
}


def grouped(s: Session, *, with_dimensions: bool = True) -> dict[str, dict[str, Measures]]:
    """dimension → key → measures, for every breakdown of the tabulated period (or its totals alone):
    counts and sums from the cube and the wide table, medians from their histograms."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    dialect = s.get_bind().dialect.name
    for statement_sql in sql.counts_sql(with_dimensions=with_dimensions, dialect=dialect):
        for dim, k, *values in s.execute(text(statement_sql)):
            m = dict(zip(sql.MEASURES, values, strict=True))
            found.setdefault(dim, {})[_DECODE[dim](k)] = {
                **{name: int(m[name]) for name in _COUNTS},
                "avg_satisfaction": _average(m["rating_sum"], m["rated"]),
                "avg_days_to_first_answer": _average(m["answer_days_sum"], m["first_answers"]),
                "avg_days_to_close": _average(m["close_days_sum"], m["closings_timed"]),
            }
    for (dim, key, measure), histogram in _histograms(s, with_dimensions=with_dimensions).items():
        found.setdefault(dim, {}).setdefault(key, {})[_MEDIAN_NAMES[measure]] = median(histogram)
    return {dim: {k: Measures(**v).with_rates() for k, v in keys.items()} for dim, keys in found.items()}


Histogram = dict[int, int]  # tenths of a day → cases


def _histograms(s: Session, *, with_dimensions: bool) -> dict[tuple[str, str, str], Histogram]:
    """(dimension, key, measure) → its histogram. SQL counts the cases per cell and per reference key
    (histogram rows, not cases: a few thousand); the small dimensions' are summed here from the
    cells'. Read through the driver's cursor: tens of thousands of plain tuples."""
    found: dict[tuple[str, str, str], Histogram] = {}
    into: dict[tuple[int, str], list[Histogram]] = {}  # (cell, measure) → the histograms it adds to
    raw = s.connection().connection.driver_connection
    assert raw is not None
    for cell, measure, bucket, n in raw.execute(sql.HIST_CELL_ROWS):
        targets = into.get((cell, measure))
        if targets is None:
            keys = [("all", ""), *(_cell_keys(cell) if with_dimensions else [])]
            targets = into[cell, measure] = [found.setdefault((d, k, measure), {}) for d, k in keys]
        for histogram in targets:
            histogram[bucket] = histogram.get(bucket, 0) + n
    if with_dimensions:
        decoded: dict[Any, str] = {}
        for dim, k, measure, bucket, n in raw.execute(sql.HIST_WIDE_ROWS):
            key = decoded.get(k)
            if key is None:
                key = decoded[k] = _hexed(k)
            found.setdefault((dim, key, measure), {})[bucket] = n  # one row per bucket already
    return found


def _cell_keys(cell: int) -> list[tuple[str, str]]:
    """The keys of the small dimensions a cell belongs to (the same packing as sql._CELL)."""
    keys = [
        ("kind", _DECODE["kind"](cell // 1000)),
        ("channel", _DECODE["channel"](cell // 100 % 10)),
        ("gender", _DECODE["gender"](cell // 10 % 10)),
    ]
    flags = cell % 10
    keys += [("priority", p.value) for bit, p in zip((1, 2, 4), Priority, strict=True) if flags & bit]
    return keys if flags else [*keys, ("priority", "none")]


def median(histogram: Histogram) -> float:
    """The median of a histogram of tenths of a day, in days: the middle case's bucket, or halfway
    between the two middle ones."""
    n = sum(histogram.values())
    low_rank, high_rank = (n + 1) // 2, (n + 2) // 2
    seen, low = 0, None
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if low is None and seen >= low_rank:
            low = bucket
        if seen >= high_rank:
            assert low is not None
            return round((low + bucket) / 20, 2)
    raise ValueError("an empty histogram has no median")


def _labels(s: Session, model: Any, ids: set[str]) -> dict[str, tuple[str, str]]:
    """id (hexadecimal) → (code, Arabic name)."""
    wanted = [UUID(hex=i) for i in ids if i]
    if not wanted:
        return {}
    rows = s.execute(select(model.id, model.code, model.name_ar).where(model.id.in_(wanted)))
    return {row.id.hex: (row.code, row.name_ar) for row in rows}


def _enum_rows(found: Mapping[str, Measures], members: Any, none_label: str | None) -> list[BreakdownRow]:
    rows = [BreakdownRow(m.value, m.label, found.get(m.value, Measures().with_rates())) for m in members]
    if none_label is not None and "" in found:
        rows.append(BreakdownRow("", none_label, found[""]))
    return rows


def _reference_rows(
    found: Mapping[str, Measures], labels: Mapping[str, tuple[str, str]], none_label: str
) -> list[BreakdownRow]:
    rows = [
        BreakdownRow(*(labels[k] if k else ("", none_label)), m)
        for k, m in found.items()
        if not k or k in labels
    ]
    rows.sort(key=lambda r: (-r.measures.received, -r.measures.open_at_end, r.label))
    return rows


def breakdowns(s: Session) -> tuple[Measures, tuple[Breakdown, ...]]:
    """The totals and every breakdown of the period tabulated in the temporary tables."""
    found = grouped(s)
    categories = _labels(s, Category, set(found.get("category", {})))
    entities = _labels(s, Entity, set(found.get("entity", {})))
    districts = _labels(s, District, set(found.get("district", {})))
    empty = Measures().with_rates()
    rows = {
        "kind": _enum_rows(found.get("kind", {}), Kind, None),
        "category": _reference_rows(found.get("category", {}), categories, _(NO_DISTRICT)),
        "entity": _reference_rows(found.get("entity", {}), entities, _(NO_ENTITY)),
        "district": _reference_rows(found.get("district", {}), districts, _(NO_DISTRICT)),
        "channel": _enum_rows(found.get("channel", {}), Channel, None),
        "gender": _enum_rows(found.get("gender", {}), Gender, _(NO_GENDER)),
        "priority": [
            *_enum_rows(found.get("priority", {}), Priority, None),
            BreakdownRow("none", _(NO_PRIORITY), found.get("priority", {}).get("none", empty)),
        ],
    }
    totals = found.get("all", {}).get("", empty)
    return totals, tuple(Breakdown(d, _(DIMENSION_LABELS[d]), tuple(rows[d])) for d in DIMENSION_LABELS)


def recurring(s: Session) -> tuple[Recurring, ...]:
    rows = [
        (_hexed(c), _hexed(d), n, still_open)
        for c, d, n, still_open in s.execute(text(sql.recurring_sql(s.get_bind().dialect.name)))
    ]
    categories = _labels(s, Category, {r[0] for r in rows})
    districts = _labels(s, District, {r[1] for r in rows if r[1]})
    found = []
    for category_id, district_id, n, still_open in rows:
        cat_code, cat_name = categories.get(category_id, ("", ""))
        dist_code, dist_name = (
            districts.get(district_id, ("", _(NO_DISTRICT))) if district_id else ("", _(NO_DISTRICT))
        )
        found.append(Recurring(cat_code, cat_name, dist_code, dist_name, int(n), int(still_open)))
    return tuple(found)
