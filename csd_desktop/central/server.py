"""Running the central server: the hub over its database, the web app under uvicorn, and the
transfers in the data folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.engine import make_url

from ..db.models import Office
from ..db.sync_models import SyncOffice
from ..services.figures import Period
from ..services.month_close import ReportData
from ..sync.bundle import Party
from ..sync.identity import checked_certificate
from . import hub, reports
from .store import Store
from .transfers import TransferStore
from .web import Hub, create_app

DATA_ENV = "CSD_CENTRAL_DATA"


def data_folder(db_url: str, explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where transfers are kept: `--data`, then CSD_CENTRAL_DATA, then beside a SQLite hub's file,
    else the service user's data folder."""
    if explicit:
        return Path(explicit)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / "central-transfers"
    return Path(platformdirs.user_data_dir("csd-central", appauthor=False)) / "transfers"


def make_server(hub: Hub, folder: Path, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for the hub; `.run()` serves until stopped (Ctrl+C, or `should_exit`)."""
    config = uvicorn.Config(
        create_app(hub, TransferStore(folder)),
        host=host,
        port=port,
        lifespan="off",
        log_level="warning",
        # A station behind a slow link sends 1 MiB parts; give each its time, then free the slot.
        timeout_keep_alive=30,
        proxy_headers=True,  # behind nginx or Caddy, the log shows the station's own address
    )
    return uvicorn.Server(config)


class HubOverStore:
    """The hub's functions over one central database, as the web layer asks for them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def station_key(self, station: Party, certificate: bytes) -> Ed25519PublicKey | None:
        """The station's own key, when its certificate was signed by its enrolled office's key and
        names this very station."""
        try:
            cert = json.loads(certificate)
        except ValueError:
            return None
        with self.store.write() as s:
            office = s.scalar(select(Office).where(Office.code == station.office))
            enrolled = s.get(SyncOffice, office.id) if office is not None else None
            if enrolled is None:
                return None
            try:
                body = checked_certificate(cert, enrolled.enrolment_key)
                if Party(str(body["office"]), int(body["station"])) != station:
                    return None
                return Ed25519PublicKey.from_public_bytes(bytes.fromhex(body["signing_key"]))
            except (ValueError, KeyError, TypeError):
                return None

    def accept(self, data: bytes) -> hub.Accepted:
        return hub.accept(self.store, data)

    def answer_for(self, office: str, station: int) -> bytes:
        return hub.answer_for(self.store, office, station)

    def report_figures(self, month: str, office: str | None, governorate: str | None) -> ReportData:
        scope = reports.scope_for(self.store, office=office, governorate=governorate)
        return reports.report_data(self.store, scope, Period.parse_month(month))

    def report_pdf(self, month: str, office: str | None, governorate: str | None) -> bytes:
        scope = reports.scope_for(self.store, office=office, governorate=governorate)
        return reports.report_pdf(self.store, scope, Period.parse_month(month))[1]
