"""The work a station does between power cuts: intakes, follow-up steps and sync exports, as fast as
it can, each confirmed on a pipe (one os.write, so a line is whole or absent) only after it returned."""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from csd_desktop.db.engine import Database, open_database
from csd_desktop.domain.enums import Outcome, Role, Status
from csd_desktop.errors import CsdError
from csd_desktop.services import attachments, followup, intake, users
from csd_desktop.services.cases import case_detail
from csd_desktop.services.users import Actor
from csd_desktop.sync import desk
from tests.factories import citizen_form, intake_form

PASSWORD = "secret-123"


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


class Driver:
    """One round's worker: each operation returns what to confirm once it has returned."""

    def __init__(self, r: Round, db: Database | None = None) -> None:
        self.r = r
        self.rng = random.Random(r.seed * 100_003 + r.number)
        self.db = db or open_database(r.db_path, migrate_schema=False)
        self.known = list(r.known)
        self.counter = 0

    def intake(self) -> dict[str, object]:
        n = self.rng.randrange(10**8)
        form = intake_form(
            citizen_form(national_id=f"1990{n:08d}", phone=f"0770{n % 10**7:07d}"),
            subject=f"انقطاع الماء — جولة {self.r.number}",
        )
        case = intake.register_case(self.db, self.r.actor, form)
        self.known.append(case.reference)
        return {"op": "case", "ref": case.reference}

    def user(self) -> dict[str, object]:
        """An audited change: the hash chain is written under the kills too."""
        self.counter += 1
        name = f"clerk{self.r.number}x{self.counter}"
        users.create_user(
            self.db, self.r.actor, username=name, full_name="موظف", role=Role.CLERK, password=PASSWORD
        )
        return {"op": "user", "name": name}

    def attachment(self) -> dict[str, object]:
        """A file copied into the store, then its row and event: a row never points at a missing file."""
        self.counter += 1
        source = self.r.exports.parent / "sources" / f"scan-{self.r.number}-{self.counter}.pdf"
        source.parent.mkdir(exist_ok=True)
        data = b"%PDF-1.4\n" + self.rng.randbytes(self.rng.randrange(1_000, 200_000))
        source.write_bytes(data)
        reference = self.rng.choice(self.known)
        attachments.add_attachment(self.db, self.r.actor, reference, source)
        return {"op": "attachment", "ref": reference, "sha": hashlib.sha256(data).hexdigest()}

    def step(self) -> dict[str, object] | None:
        reference = self.rng.choice(self.known)
        written = follow_up_step(self.db, self.r.actor, reference)
        return {"op": "event", "ref": reference, "type": written} if written else None

    def export(self) -> dict[str, object]:
        self.counter += 1
        path = self.r.exports / f"bundle-{self.r.number:05d}-{self.counter:03d}.csd"
        exported = desk.write_bundle(self.db, path)
        return {"op": "export", "path": str(path), "sha": hashlib.sha256(exported.data).hexdigest()}

    def warm_up(self) -> list[dict[str, object]]:
        """One of each, in the harness before its first fork: mappers configured and statements
        compiled once, so a forked driver's first operation is as quick as a running window's."""
        done = [self.intake(), self.step(), self.attachment(), self.export(), self.user()]
        return [x for x in done if x is not None]

    def pick(self) -> Callable[[], dict[str, object] | None]:
        if not self.known:
            return self.intake
        x = self.rng.random()
        for share, op in ((0.45, self.intake), (0.02, self.user), (0.05, self.attachment), (0.38, self.step)):
            if x < share:
                return op
            x -= share
        return self.export


def run(r: Round, fd: int, db: Database | None = None) -> None:
    """Work until killed (the harness always kills); `db`: the harness's, its connections closed."""
    driver = Driver(r, db)
    while True:
        try:
            done = driver.pick()()
        except CsdError as e:  # a refusal is an answer, not a crash; the harness counts them
            done = {"op": "refused", "code": e.code}
        if done is not None:
            confirm(fd, **done)
