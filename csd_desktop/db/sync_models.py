"""The tables sync keeps: the change log (a station's outbox, and what it and the central office have
received), the bundles applied, and, on the central server, the enrolled offices and their stations."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Integer, LargeBinary, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class ChangeLog(Base):
    """One write that travels: the station that made it, its place in that station's sequence, and the
    row it wrote. A station's own rows are its outbox; rows of other stations are what it has received
    (the highest `seq` per station is its mark). No row copy: the row is read when a bundle is made."""

    __tablename__ = "change_log"
    __table_args__ = (PrimaryKeyConstraint("station_id", "seq"), {"sqlite_with_rowid": False})
    station_id: Mapped[UUID]
    seq: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(20))
    row_id: Mapped[UUID]
    case_id: Mapped[UUID | None]  # a timeline step is found through its case (case_events' key)


class SyncBundle(Base):
    """A bundle applied here, by its id: the same file twice is a replay."""

    __tablename__ = "sync_bundles"
    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender: Mapped[str] = mapped_column(String(20))
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    applied_at: Mapped[datetime]


class SyncOffice(Base):
    """Central server: an enrolled office and the public key that certifies its stations."""

    __tablename__ = "sync_offices"
    office_id: Mapped[UUID] = mapped_column(ForeignKey("offices.id"), primary_key=True)
    enrolment_key: Mapped[bytes] = mapped_column(LargeBinary)  # Ed25519, raw 32 bytes
    enrolled_at: Mapped[datetime]


class SyncStation(Base):
    """Central server: a certified station seen in a bundle: its keys, and the marks it reported (what it
    holds of its office's other stations), from which its answer starts."""

    __tablename__ = "sync_stations"
    station_id: Mapped[UUID] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    signing_key: Mapped[bytes] = mapped_column(LargeBinary)
    age_recipient: Mapped[str] = mapped_column(String(100))
    reported: Mapped[dict[str, object]] = mapped_column(default=dict)
    last_bundle_at: Mapped[datetime]
