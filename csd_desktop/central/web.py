"""The central server's HTTP face (FastAPI): signed requests from enrolled stations, bundles uploaded
in resumable parts, answers fetched in ranges. A thin layer: the hub applies and builds bundles, the
transfer store keeps the bytes, and sync.auth checks who is asking. TLS is the reverse proxy's job.

    POST /v1/uploads/{sha256}?size=N      start or resume an upload  -> {offset, size, result}
    PUT  /v1/uploads/{sha256}?offset=N    one part at the end of what is held -> {offset}
    POST /v1/uploads/{sha256}/complete    check, apply once -> the hub's result (same on a retry)
    POST /v1/answers                      build this station's answer -> {sha256, size}
    GET  /v1/answers/{sha256}             fetch it; `Range: bytes=N-` resumes
    GET  /v1/reports/figures?month=YYYY-MM[&office=CODE|&governorate=GOV]   the figures (JSON)
    GET  /v1/reports/monthly.pdf?month=YYYY-MM[&office=…|&governorate=…]    the monthly report

A station reads its own office's reports only (its signed request says which office it is); the
central office's own requests may name any office, a governorate, or none: the whole country.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time, and
# `Station` is local to create_app.
import logging
import time
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Protocol, runtime_checkable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import CsdError
from ..i18n import N_
from ..sync.auth import NotAuthenticated, verify_request
from ..sync.bundle import BundleRefused, Party
from .transfers import OffsetMismatch, TransferRefused, TransferStore

log = logging.getLogger(__name__)


class Hub(Protocol):
    """What the web layer needs of the central hub (csd_desktop.central.hub)."""

    def station_key(self, station: Party, certificate: bytes) -> Ed25519PublicKey | None: ...

    def accept(self, data: bytes) -> Any: ...

    def answer_for(self, office: str, station: int) -> bytes: ...


@runtime_checkable
class Reports(Protocol):
    """The reports a hub may also serve (central/server.py's HubOverStore does)."""

    def report_figures(self, month: str, office: str | None, governorate: str | None) -> Any: ...

    def report_pdf(self, month: str, office: str | None, governorate: str | None) -> bytes: ...


class Forbidden(CsdError, code="forbidden"):
    """An authenticated station asking for what is not its own."""


def _allowed_office(who: Party, office: str | None, governorate: str | None) -> str | None:
    """The office a request may read: a station its own only (named or not); the central any."""
    if who.station is None:
        return office
    if governorate or (office and office.strip().upper() != who.office):
        raise Forbidden(N_("لا تقرأ المحطة إلا أرقام مكتبها."))
    return who.office


def _refusal(status: int, error: CsdError, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": error.code, "message": error.message, **extra}, status_code=status)


def create_app(hub: Hub, store: TransferStore, clock: Callable[[], float] = time.time) -> FastAPI:
    app = FastAPI(title="CSD central", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(NotAuthenticated)
    async def _unauthenticated(_request: Request, error: NotAuthenticated) -> JSONResponse:
        return _refusal(401, error, server_time=int(clock()))  # a desk with a wrong clock adjusts

    @app.exception_handler(OffsetMismatch)
    async def _offset(_request: Request, error: OffsetMismatch) -> JSONResponse:
        return _refusal(409, error, offset=error.held)

    @app.exception_handler(BundleRefused)
    async def _refused(_request: Request, error: BundleRefused) -> JSONResponse:
        return _refusal(422, error)

    @app.exception_handler(TransferRefused)
    async def _transfer(_request: Request, error: TransferRefused) -> JSONResponse:
        return _refusal(400, error)

    @app.exception_handler(Forbidden)
    async def _forbidden(_request: Request, error: Forbidden) -> JSONResponse:
        return _refusal(403, error)

    @app.exception_handler(CsdError)
    async def _other(_request: Request, error: CsdError) -> JSONResponse:
        return _refusal(422, error)

    async def station(request: Request) -> Party:
        """The enrolled station that signed this request (401 otherwise)."""
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        body = await request.body()
        return await run_in_threadpool(
            verify_request, request.headers, request.method, target, body, int(clock()), hub.station_key
        )

    Station = Annotated[Party, Depends(station)]

    def accept(data: bytes) -> Mapping[str, Any]:
        result = jsonable_encoder(hub.accept(data))
        return result if isinstance(result, dict) else {"result": result}

    @app.get("/v1/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/v1/uploads/{sha256}")
    async def begin(sha256: str, size: int, who: Station) -> dict[str, Any]:
        state = await run_in_threadpool(store.begin, who, sha256, size)
        return {"offset": state.offset, "size": state.size, "result": state.result}

    @app.put("/v1/uploads/{sha256}")
    async def part(request: Request, sha256: str, offset: int, who: Station) -> dict[str, int]:
        data = await request.body()
        return {"offset": await run_in_threadpool(store.write, who, sha256, offset, data)}

    @app.post("/v1/uploads/{sha256}/complete")
    async def complete(sha256: str, who: Station) -> Mapping[str, Any]:
        result = await run_in_threadpool(store.complete, who, sha256, accept)
        log.info("bundle %s from %s accepted", sha256[:12], who)
        return result

    @app.post("/v1/answers")
    async def make_answer(who: Station) -> dict[str, Any]:
        if who.station is None:
            raise NotAuthenticated(N_("الرد يُطلب لمحطة، لا للمكتب المركزي."), code="not_a_station")
        data = await run_in_threadpool(hub.answer_for, who.office, who.station)
        answer = await run_in_threadpool(store.keep_answer, who, data)
        return {"sha256": answer.sha256, "size": answer.size}

    @app.get("/v1/answers/{sha256}")
    async def fetch_answer(sha256: str, who: Station) -> FileResponse:
        answer = store.answer(who, sha256)
        # FileResponse answers `Range: bytes=N-` with 206 and the rest of the file: the resume.
        return FileResponse(answer.path, media_type="application/octet-stream")

    if isinstance(hub, Reports):
        add_report_routes(app, hub, Station)
    return app


def add_report_routes(app: FastAPI, reports: Reports, station: Any) -> None:
    """The figures and the monthly PDF, read through the same service as `csd-central report`."""

    def asked(
        who: station, month: str, office: str | None = None, governorate: str | None = None
    ) -> tuple[str, str | None, str | None]:
        """(month, office, governorate) of a request allowed to read them."""
        return month, _allowed_office(who, office, governorate), governorate

    Asked = Annotated[tuple[str, str | None, str | None], Depends(asked)]

    @app.get("/v1/reports/figures")
    async def figures(query: Asked) -> JSONResponse:
        data = await run_in_threadpool(reports.report_figures, *query)
        return JSONResponse(jsonable_encoder(data))

    @app.get("/v1/reports/monthly.pdf")
    async def monthly(query: Asked) -> Response:
        return Response(await run_in_threadpool(reports.report_pdf, *query), media_type="application/pdf")
