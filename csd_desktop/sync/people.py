"""One citizen registered at two desks: person ids are made per desk, so received citizens are linked
by card number to the people already here (every version kept), and a person whose names changed has
their cases put back in the word index under every name (services.search.reindex_person).

The linked people take the smallest of their ids, so every desk that holds the same versions ends with
the same person id; the ids are local bookkeeping (a change to them is not logged and does not travel).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..db.models import Citizen
from ..services.search import person_names, reindex_person
from .wire import chunks, codec_for


@dataclass
class Arrival:
    """What received citizens touch, taken before they are inserted: the names each person already
    here had (their cases are indexed under them), and the card numbers that may link people."""

    names_before: dict[UUID, list[str]] = field(default_factory=dict)
    cards: set[str] = field(default_factory=set)


def before_arrival(s: Session, citizens: Sequence[dict[str, Any]]) -> Arrival:
    """Called with the wire rows about to be inserted. Cheap for new people with new cards (a batch
    query each way), which is nearly every row of a large bundle."""
    arrival = Arrival()
    if not citizens:
        return arrival
    c = codec_for(s, "citizens")
    t, to_db, to_wire = c.target, c.from_wire["person_id"], c.to_wire["person_id"]
    persons = {str(r["person_id"]) for r in citizens}
    known: set[str] = set()
    for part in chunks(sorted(persons)):
        query = select(t.c.person_id).where(t.c.person_id.in_([to_db(p) for p in part])).distinct()
        known.update(to_wire(p) for p in s.scalars(query))
    by_card: dict[str, set[str]] = {}
    for r in citizens:
        if r.get("national_id"):
            by_card.setdefault(str(r["national_id"]), set()).add(str(r["person_id"]))
    for part in chunks(sorted(by_card)):
        for card, person in s.execute(
            select(t.c.national_id, t.c.person_id).where(t.c.national_id.in_(part))
        ):
            by_card[card].add(to_wire(person))
            known.add(to_wire(person))
    arrival.cards = {card for card, people in by_card.items() if len(people) > 1}
    for person in known:
        arrival.names_before[UUID(hex=person)] = person_names(s, UUID(hex=person))
    return arrival


def after_arrival(s: Session, arrival: Arrival) -> None:
    """Once the received citizens are in: link people who share a card, and re-index the cases of
    everyone whose names changed (on SQLite: the central server keeps no word index)."""
    indexed = s.get_bind().dialect.name == "sqlite"
    linked: set[UUID] = set()
    for group in _groups(s, arrival.cards):
        linked |= group
        names = _names_of(s, group)
        for person in sorted(group):
            before = arrival.names_before.get(person) or person_names(s, person)
            if indexed:
                reindex_person(s, person, before, names)
        keep = min(group)
        s.execute(update(Citizen).where(Citizen.person_id.in_(group - {keep})).values(person_id=keep))
    if not indexed:
        return
    for person, before in arrival.names_before.items():
        if person not in linked:
            reindex_person(s, person, before, person_names(s, person))


def _groups(s: Session, cards: Iterable[str]) -> list[set[UUID]]:
    """People joined by a shared card, followed through every card any of them gave."""
    groups: list[set[UUID]] = []
    seen: set[str] = set()
    for card in sorted(cards):
        if card in seen:
            continue
        people: set[UUID] = set()
        wanted = {card}
        while wanted:
            seen |= wanted
            found = set(s.scalars(select(Citizen.person_id).where(Citizen.national_id.in_(wanted))))
            people |= found
            more = s.scalars(
                select(Citizen.national_id).where(
                    Citizen.person_id.in_(found), Citizen.national_id.is_not(None)
                )
            )
            wanted = {str(c) for c in more} - seen
        if len(people) > 1:
            groups.append(people)
    return groups


def _names_of(s: Session, people: set[UUID]) -> list[str]:
    """Every name the linked people were registered under, oldest version first (as person_names)."""
    return list(
        s.scalars(select(Citizen.full_name).where(Citizen.person_id.in_(people)).order_by(Citizen.id))
    )
