"""The FastAPI application: `create_app(settings)`; `pos-hq serve` runs it under uvicorn."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, IntegrityError, OperationalError

from hq_server import __version__
from hq_server.api.main import api_router
from hq_server.db import Database
from hq_server.middleware import GzipRequestMiddleware
from hq_server.services.errors import SeqGapError, ServiceError
from hq_server.settings import Settings
from sync.protocol import SeqGap

log = logging.getLogger("hq_server")
STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, db: Database | None = None) -> FastAPI:
    """The app over `db` (or a new Database for settings.db_url). Migrations are not run
    here: `pos-hq serve` and the CLI run them before they open the app."""
    settings = settings or Settings()
    owns_db = db is None
    db = db or Database(settings.db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owns_db:
            db.dispose()

    app = FastAPI(title="pos-hq", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    app.state.db = db
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(GzipRequestMiddleware)
    app.include_router(api_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _install_error_handlers(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SeqGapError)
    async def _seq_gap(_request: Request, exc: SeqGapError) -> JSONResponse:
        body = SeqGap(detail=exc.detail, expected_seq=exc.expected_seq)
        return JSONResponse(status_code=409, content=body.model_dump())

    @app.exception_handler(ServiceError)
    async def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return JSONResponse(status_code=exc.status_code, content={"detail": exc.detail},
                            headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": describe_errors(exc.errors())})

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, exc: DataError) -> JSONResponse:
        log.warning("refused unstorable input: %s", exc.orig)
        return JSONResponse(status_code=422,
                            content={"detail": "a value in the request cannot be stored "
                                               "(out of range or contains a NUL character)"})

    @app.exception_handler(IntegrityError)
    async def _race(_request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("write conflict: %s", exc.orig)
        return JSONResponse(status_code=409,
                            content={"detail": "a concurrent request changed the same data; "
                                               "retry"})

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return JSONResponse(status_code=503, content={"detail": "database unavailable"})


def describe_errors(errors) -> str:
    """Pydantic's error list → one readable sentence (the first few problems)."""
    parts = []
    for err in list(errors)[:3]:
        loc = [str(p) for p in err.get("loc", ()) if p != "body"]
        if err.get("type") == "json_invalid":
            parts.append("request body is not valid JSON")
            continue
        where = ".".join(loc)
        parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
    more = len(list(errors)) - 3
    text = "; ".join(parts) or "invalid request"
    return text + (f" (and {more} more)" if more > 0 else "")
