"""The SQL of the report's figures: one pass over a period's cases into a temporary table, the
aggregates, breakdowns and medians read off it, and the trend's statements (definitions in
services/figures.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..db.models import Category, District, Entity
from ..domain.enums import Channel, Gender, Kind, Priority
from . import clock
from .figures_period import Scope
from .figures_results import (
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

# SQLite spellings, kept here so PostgreSQL can get its own. Stored times are naive UTC text; Iraq is
# UTC+3 all year, so the Iraqi day D ends at D 21:00 UTC.
_OFFSET = int(clock.IRAQ_TZ.utcoffset(None).total_seconds()) // 3600
_SQL = {
    "days": "(julianday({0}) - julianday({1}))",
    "day_end": "({0} || ' " + f"{24 - _OFFSET:02d}" + ":00:00')",
    "local_month": "strftime('%Y-%m', {0}, '" + f"+{_OFFSET} hours" + "')",
    "month_end": (
        "datetime({0}, '"
        + f"+{_OFFSET} hours"
        + "', 'start of month', '+1 month', '"
        + f"-{_OFFSET} hours"
        + "')"
    ),
    "next_day": "date({0}, '+1 day')",
}


def _days(later: str, earlier: str) -> str:
    return _SQL["days"].format(later, earlier)


def _answered_by(deadline: str) -> str:
    return f"c.first_answer_at < {_SQL['day_end'].format(deadline)}"


# The latest closing or reopening before :end decides a reopened case's state at the end.
_LAST_CLOSE_OR_REOPEN = (
    "FROM case_events e WHERE e.case_id = c.id AND e.type IN ('closed', 'reopened') AND e.at < :end "
    "ORDER BY e.seq DESC LIMIT 1"
)

# One pass over the cases any figure of the period counts: each OR branch is an index range
# (MULTI-INDEX OR). The temporary table keeps only what the groupings read (narrow rows are cheap).
_BUILD = """
CREATE TEMP TABLE figures_rows AS
SELECT CASE WHEN b.closing IS NULL AND b.missed IS NOT NULL THEN b.case_id END AS overdue_case,
  b.category_id, b.entity_id, b.district_id, {cell} AS cell,
  b.registered_at >= :start AS received,
  coalesce(b.closing >= :start, 0) AS closed,
  coalesce(b.closing >= :start AND b.outcome = 'resolved', 0) AS resolved,
  b.closing IS NULL AS open_at_end,
  b.closing IS NULL AND b.missed IS NOT NULL AS overdue_at_end,
  CASE WHEN b.closing IS NULL THEN b.missed END AS missed,
  b.due, b.within,
  CASE WHEN b.closing >= :start THEN b.satisfaction END AS rating,
  b.answer_days,
  CASE WHEN b.closing >= :start THEN {close_days} END AS close_days
FROM (
  SELECT c.id AS case_id, c.kind, c.channel, c.category_id, c.entity_id, c.district_id, c.citizen_id,
    c.elderly, c.special_needs, c.pregnant, c.registered_at, c.satisfaction,
    CASE WHEN c.reopened_count = 0 THEN CASE WHEN c.closed_at < :end THEN c.closed_at END
      ELSE (SELECT CASE WHEN e.type = 'closed' THEN e.at END {last}) END AS closing,
    CASE WHEN c.reopened_count = 0 THEN c.outcome
      ELSE (SELECT json_extract(e.data, '$.outcome') {last}) END AS outcome,
    CASE WHEN (c.first_answer_at IS NULL OR c.first_answer_at >= :end) AND c.due_first_answer < :overdue_day
      THEN c.due_first_answer WHEN c.resolution_due < :overdue_day THEN c.resolution_due END AS missed,
    coalesce(c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
      AND (c.first_answer_at IS NOT NULL OR c.due_first_answer < :today), 0) AS due,
    coalesce(c.due_first_answer >= :start_day AND c.due_first_answer < :end_day
      AND {answered_in_time}, 0) AS within,
    CASE WHEN c.first_answer_at >= :start AND c.first_answer_at < :end
      THEN {answer_days} END AS answer_days
  FROM cases c
  WHERE ({scope} AND c.registered_at >= :start AND c.registered_at < :end)
    OR ({scope} AND c.due_first_answer >= :start_day AND c.due_first_answer < :end_day)
    OR ({scope} AND c.first_answer_at >= :start AND c.first_answer_at < :end)
    OR ({scope} AND c.closed_at >= :start AND c.registered_at < :end)
    OR ({scope} AND c.closed_at IS NULL AND c.registered_at < :end)
) b {join}
"""


# The small dimensions (kind, channel, gender, priority flags) have at most a few hundred
# combinations, packed in one integer `cell` (kind·1000 + channel·100 + gender·10 + flags): one
# grouping makes a cube, and each of them (and the totals) is read off it.
def _code(expression: str, values: Sequence[str]) -> str:
    whens = " ".join(f"WHEN '{v}' THEN {i}" for i, v in enumerate(values, 1))
    return f"coalesce(CASE {expression} {whens} END, 0)"


_KINDS = [k.value for k in Kind]
_CHANNELS = [c.value for c in Channel]
_GENDERS = [g.value for g in Gender]
_CELL = (
    f"{_code('b.kind', _KINDS)} * 1000 + {_code('b.channel', _CHANNELS)} * 100"
    " + {gender_code} * 10 + b.elderly + 2 * b.special_needs + 4 * b.pregnant"
)
_CUBE = """
CREATE TEMP TABLE figures_cube AS
SELECT cell, count(*) AS n, total(received) AS received, total(closed) AS closed,
  total(resolved) AS resolved, total(open_at_end) AS open_at_end, total(overdue_at_end) AS overdue_at_end,
  total(due) AS due, total(within) AS within, count(rating) AS rated, total(rating) AS rating,
  total(rating >= 4) AS satisfied
FROM figures_rows GROUP BY cell
"""
_HISTOGRAM = """
CREATE TEMP TABLE figures_hist AS
SELECT 'answer_days' AS m, cell, CAST(round(answer_days * 10) AS INTEGER) AS b, count(*) AS n,
  total(answer_days) AS sx
FROM figures_rows WHERE answer_days IS NOT NULL GROUP BY 2, 3
UNION ALL
SELECT 'close_days', cell, CAST(round(close_days * 10) AS INTEGER), count(*), total(close_days)
FROM figures_rows WHERE close_days IS NOT NULL GROUP BY 2, 3
"""
_TEMP_TABLES = ("figures_rows", "figures_cube", "figures_hist")

_AGGREGATE = "SELECT {key} AS k, {measures} FROM {source} GROUP BY 1"
_ROW_MEASURES = (
    "count(*), total(received), total(closed), total(resolved), total(open_at_end), total(overdue_at_end),"
    " total(due), total(within), count(rating), total(rating), total(rating >= 4)"
)
_CUBE_MEASURES = (
    "sum(n), total(received), total(closed), total(resolved), total(open_at_end), total(overdue_at_end),"
    " total(due), total(within), sum(rated), total(rating), total(satisfied)"
)

# Median on a histogram of tenths of a day: a window over a few hundred buckets, not over the cases.
_DISTRIBUTION = """
WITH h AS (
  SELECT {key} AS k, {bucket} AS b, {count} AS n, {total} AS sx FROM {source} WHERE {where} GROUP BY 1, 2
), w AS (
  SELECT k, b, sx, sum(n) OVER (PARTITION BY k ORDER BY b) AS cum, sum(n) OVER (PARTITION BY k) AS n
  FROM h
)
SELECT k, max(n), total(sx), min(CASE WHEN cum >= (n + 1) / 2 THEN b END),
  min(CASE WHEN cum >= (n + 2) / 2 THEN b END)
FROM w GROUP BY k
"""


def _priority(table: str) -> str:
    """Rows per priority group; the groups overlap, "none" is everyone else."""
    return (
        f"(SELECT 'elderly' AS p, * FROM {table} WHERE (cell % 10) & 1"
        f" UNION ALL SELECT 'special_needs', * FROM {table} WHERE (cell % 10) & 2"
        f" UNION ALL SELECT 'pregnant', * FROM {table} WHERE (cell % 10) & 4"
        f" UNION ALL SELECT 'none', * FROM {table} WHERE cell % 10 = 0)"
    )


def _decoder(values: Sequence[str]) -> Callable[[Any], str]:
    return lambda i: values[i - 1] if i else ""


# dimension: (key read off the cell, the key's code)
_LOW_KEYS: Mapping[str, tuple[str, Callable[[Any], str]]] = {
    "all": ("''", str),
    "kind": ("cell / 1000", _decoder(_KINDS)),
    "channel": ("cell / 100 % 10", _decoder(_CHANNELS)),
    "gender": ("cell / 10 % 10", _decoder(_GENDERS)),
    "priority": ("p", str),
}
_WIDE_KEYS = {"category": "category_id", "entity": "entity_id", "district": "district_id"}

_RECURRING = """
SELECT category_id, district_id, count(*) AS n, total(open_at_end)
FROM figures_rows WHERE received GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 10
"""

OVERDUE = """
SELECT c.reference, c.registered_at, c.kind, cat.name_ar, ent.name_ar, c.subject, r.missed,
  CAST(julianday(:overdue_day) - julianday(r.missed) AS INTEGER), c.status, c.outcome
FROM figures_rows r JOIN cases c ON c.id = r.overdue_case
JOIN categories cat ON cat.id = c.category_id LEFT JOIN entities ent ON ent.id = c.entity_id
WHERE r.overdue_case IS NOT NULL ORDER BY r.missed, c.registered_at LIMIT :limit
"""

# The trend: a month at a time, counts read from covering indexes.
_TREND_MONTH = """
SELECT
  (SELECT count(*) FROM cases c WHERE {scope} AND c.registered_at >= :start AND c.registered_at < :end),
  (SELECT count(*) FROM cases c WHERE {scope} AND c.closed_at >= :start AND c.closed_at < :end
     AND c.reopened_count = 0),
  (SELECT count(*) FROM cases c WHERE {scope} AND c.due_first_answer >= :start_day
     AND c.due_first_answer < :end_day AND (c.first_answer_at IS NOT NULL OR c.due_first_answer < :today))
"""
# Reopened cases close by their timeline: a closing counts in its month if nothing reopened (or
# closed) the case again before that month ended.
_TREND_REOPENED = """
SELECT {event_month}, count(*) FROM cases c JOIN case_events e ON e.case_id = c.id
WHERE (({scope} AND c.reopened_count > 0 AND c.closed_at IS NULL)
    OR ({scope} AND c.reopened_count > 0 AND c.closed_at >= :start))
  AND e.type = 'closed' AND e.at >= :start AND e.at < :end
  AND NOT EXISTS (SELECT 1 FROM case_events r WHERE r.case_id = c.id AND r.seq > e.seq
    AND r.type IN ('closed', 'reopened') AND r.at < {month_end})
GROUP BY 1
"""
# Answered on time, one deadline day at a time: a range of the (office, due day, first answer) index.
_TREND_WITHIN = """
WITH RECURSIVE days(d) AS (SELECT :start_day UNION ALL SELECT {next_day} FROM days WHERE d < :last_day)
SELECT substr(d, 1, 7), sum((SELECT count(*) FROM cases c WHERE {scope} AND c.due_first_answer = days.d
  AND c.first_answer_at < {day_end}))
FROM days GROUP BY 1
"""


def scoped_sql(template: str, scope: Scope, **extra: str) -> str:
    return template.format(scope=scope.predicate("c"), **extra)


def build_rows_sql(scope: Scope, *, with_gender: bool = True) -> str:
    """The CREATE TEMP TABLE statement (exposed for EXPLAIN QUERY PLAN checks)."""
    return scoped_sql(
        _BUILD,
        scope,
        last=_LAST_CLOSE_OR_REOPEN,
        cell=_CELL.format(gender_code=_code("p.gender", _GENDERS) if with_gender else "0"),
        join="LEFT JOIN citizens p ON p.id = b.citizen_id" if with_gender else "",
        close_days=_days("b.closing", "b.registered_at"),
        answer_days=_days("c.first_answer_at", "c.registered_at"),
        answered_in_time=_answered_by("c.due_first_answer"),
    )


def trend_sql(scope: Scope) -> dict[str, str]:
    """The trend's statements (exposed for EXPLAIN QUERY PLAN checks)."""
    return {
        "month": scoped_sql(_TREND_MONTH, scope),
        "reopened": scoped_sql(
            _TREND_REOPENED,
            scope,
            event_month=_SQL["local_month"].format("e.at"),
            month_end=_SQL["month_end"].format("e.at"),
        ),
        "within": scoped_sql(
            _TREND_WITHIN,
            scope,
            next_day=_SQL["next_day"].format("d"),
            day_end=_SQL["day_end"].format("days.d"),
        ),
    }


def drop_temp_tables(s: Session) -> None:
    for table in _TEMP_TABLES:
        s.execute(text(f"DROP TABLE IF EXISTS temp.{table}"))


def _measures(
    s: Session, aggregate: str, distributions: Mapping[str, str], decode: Callable[[Any], str] = str
) -> dict[str, Measures]:
    """Measures per key: counts from one grouping, days (average, median) from two histograms."""
    found: dict[str, dict[str, Any]] = {}
    for row in s.execute(text(aggregate)):
        found[decode(row[0]) if row[0] is not None else ""] = {
            "received": int(row[2]),
            "closed": int(row[3]),
            "resolved": int(row[4]),
            "open_at_end": int(row[5]),
            "overdue_at_end": int(row[6]),
            "first_answers_due": int(row[7]),
            "answered_within_sla": int(row[8]),
            "rated": int(row[9]),
            "avg_satisfaction": round(row[10] / row[9], 2) if row[9] else None,
            "satisfied": int(row[11]),
        }
    for x, sql in distributions.items():
        prefix = "first_answer" if x == "answer_days" else "close"
        for k, n, sx, low, high in s.execute(text(sql)):
            values = found.setdefault(decode(k) if k is not None else "", {})
            if x == "answer_days":
                values["first_answers"] = int(n)
            values[f"avg_days_to_{prefix}"] = round(sx / n, 2)
            values[f"median_days_to_{prefix}"] = round((low + high) / 20, 2)
    return {k: Measures(**v).with_rates() for k, v in found.items()}


def from_rows(s: Session, key: str) -> dict[str, Measures]:
    """One dimension grouped over the period's rows."""
    return _measures(
        s,
        _AGGREGATE.format(key=key, measures=_ROW_MEASURES, source="figures_rows"),
        {
            x: _DISTRIBUTION.format(
                key=key,
                bucket=f"CAST(round({x} * 10) AS INTEGER)",
                count="count(*)",
                total=f"total({x})",
                source="figures_rows",
                where=f"{x} IS NOT NULL",
            )
            for x in ("answer_days", "close_days")
        },
    )


def _from_cube(s: Session, key: str, decode: Callable[[Any], str]) -> dict[str, Measures]:
    """A small dimension (or the totals) read off the cube and its histograms."""
    prioritised = key == "p"
    return _measures(
        s,
        _AGGREGATE.format(
            key=key,
            measures=_CUBE_MEASURES,
            source=_priority("figures_cube") if prioritised else "figures_cube",
        ),
        {
            x: _DISTRIBUTION.format(
                key=key,
                bucket="b",
                count="sum(n)",
                total="total(sx)",
                source=_priority("figures_hist") if prioritised else "figures_hist",
                where=f"m = '{x}'",
            )
            for x in ("answer_days", "close_days")
        },
        decode,
    )


# --- labels -----------------------------------------------------------------------------------------


def _labels(s: Session, model: Any, ids: set[str]) -> dict[str, tuple[str, str]]:
    """id (hex, as SQLite stores it) → (code, Arabic name)."""
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


def read_breakdowns(s: Session) -> tuple[Measures, tuple[Breakdown, ...]]:
    """The totals and every breakdown of the period in figures_rows."""
    s.execute(text(_CUBE))
    s.execute(text(_HISTOGRAM))
    grouped = {d: _from_cube(s, key, decode) for d, (key, decode) in _LOW_KEYS.items()}
    grouped |= {d: from_rows(s, key) for d, key in _WIDE_KEYS.items()}
    categories = _labels(s, Category, set(grouped["category"]))
    entities = _labels(s, Entity, set(grouped["entity"]))
    districts = _labels(s, District, set(grouped["district"]))
    empty = Measures().with_rates()
    rows = {
        "kind": _enum_rows(grouped["kind"], Kind, None),
        "category": _reference_rows(grouped["category"], categories, NO_DISTRICT),
        "entity": _reference_rows(grouped["entity"], entities, NO_ENTITY),
        "district": _reference_rows(grouped["district"], districts, NO_DISTRICT),
        "channel": _enum_rows(grouped["channel"], Channel, None),
        "gender": _enum_rows(grouped["gender"], Gender, NO_GENDER),
        "priority": [
            *_enum_rows(grouped["priority"], Priority, None),
            BreakdownRow("none", NO_PRIORITY, grouped["priority"].get("none", empty)),
        ],
    }
    totals = grouped["all"].get("", empty)
    return totals, tuple(Breakdown(d, DIMENSION_LABELS[d], tuple(rows[d])) for d in DIMENSION_LABELS)


def read_recurring(s: Session) -> tuple[Recurring, ...]:
    rows = s.execute(text(_RECURRING)).all()
    categories = _labels(s, Category, {r[0] for r in rows})
    districts = _labels(s, District, {r[1] for r in rows if r[1]})
    found = []
    for category_id, district_id, n, still_open in rows:
        cat_code, cat_name = categories.get(category_id, ("", ""))
        dist_code, dist_name = (
            districts.get(district_id, ("", NO_DISTRICT)) if district_id else ("", NO_DISTRICT)
        )
        found.append(Recurring(cat_code, cat_name, dist_code, dist_name, int(n), int(still_open)))
    return tuple(found)
