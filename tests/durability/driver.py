"""The work a station does between power cuts: intakes, follow-up steps and sync exports, as fast as
it can, each confirmed on a pipe (one os.write, so a line is whole or absent) only after it returned."""

from __future__ import annotations

import hashlib
import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

from csd_desktop.db.engine import Database, open_database
from csd_desktop.domain.enums import Outcome, Role, Status
from csd_desktop.errors import CsdError
from csd_desktop.services import followup, intake, users
from csd_desktop.services.cases import case_detail
from csd_desktop.services.users import Actor
from csd_desktop.sync import desk
from tests.factories import citizen_form, intake_form


@dataclass(frozen=True)
class Round:
    """What a forked driver inherits: the file, who works, what is known to exist, where bundles go."""

    db_path: Path
    actor: Actor
    known: tuple[str, ...]  # references confirmed in earlier rounds
    exports: Path
    seed: int
    number: int


def confirm(fd: int, **line: object) -> None:
    os.write(fd, (json.dumps(line, ensure_ascii=False) + "\n").encode())


def follow_up_step(db: Database, actor: Actor, reference: str) -> str | None:
    """The next step a case's status allows; returns the event type written, None if none applies."""
    status = case_detail(db, reference).status
    if status in (Status.REGISTERED, Status.REOPENED):
        followup.refer(
            db,
            actor,
            reference,
            entity="baghdad_mayoralty",
            letter_no="123/ش",
            letter_date="2026-01-05",
        )
        return "referred"
    if status is Status.AWAITING_REPLY:
        followup.record_reply(
            db,
            actor,
            reference,
            letter_no="77",
            letter_date="2026-01-06",
            text="أُصلح الخط الناقل.",
        )
        return "reply_received"
    if status is Status.REPLY_RECEIVED:
        followup.close(db, actor, reference, outcome=Outcome.RESOLVED, summary="عاد الماء.")
        return "closed"
    return None


def run(r: Round, fd: int) -> None:
    """Work until killed (the harness always kills; a driver that runs out of work idles)."""
    rng = random.Random(r.seed * 100_003 + r.number)
    db = open_database(r.db_path, migrate_schema=False)
    known = list(r.known)
    counter = 0
    while True:
        pick = rng.random()
        try:
            if pick < 0.5 or not known:
                n = rng.randrange(10**8)
                form = intake_form(
                    citizen_form(national_id=f"1990{n:08d}", phone=f"0770{n % 10**7:07d}"),
                    subject=f"انقطاع الماء — جولة {r.number}",
                )
                case = intake.register_case(db, r.actor, form)
                confirm(fd, op="case", ref=case.reference)
                known.append(case.reference)
            elif pick < 0.52:  # an audited change: the hash chain is written under the kills too
                counter += 1
                name = f"clerk{r.number}x{counter}"
                users.create_user(
                    db, r.actor, username=name, full_name="موظف", role=Role.CLERK, password="secret-123"
                )
                confirm(fd, op="user", name=name)
            elif pick < 0.9:
                reference = rng.choice(known)
                written = follow_up_step(db, r.actor, reference)
                if written:
                    confirm(fd, op="event", ref=reference, type=written)
            else:
                counter += 1
                path = r.exports / f"bundle-{r.number:05d}-{counter:03d}.csd"
                exported = desk.write_bundle(db, path)
                confirm(fd, op="export", path=str(path), sha=hashlib.sha256(exported.data).hexdigest())
        except CsdError as e:  # a refusal is an answer, not a crash; the harness counts them
            confirm(fd, op="refused", code=e.code)
