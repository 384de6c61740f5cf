"""Dependencies shared by the routes (`Annotated` aliases, as in full-stack-fastapi-template)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from hq_server.db import Database
from hq_server.services import terminals
from hq_server.services.errors import Unauthorized
from hq_server.services.terminals import TerminalPrincipal
from hq_server.settings import Settings


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


DbDep = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_session(db: DbDep) -> Iterator[Session]:
    """A write session (BEGIN IMMEDIATE on SQLite); the service commits."""
    with db.session() as session:
        yield session


def get_read_session(db: DbDep) -> Iterator[Session]:
    with db.read_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]

bearer = HTTPBearer(auto_error=False, description="device token from /api/v1/enroll")


def get_current_terminal(
    db: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TerminalPrincipal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("missing device token (Authorization: Bearer <token>)")
    # A short read of its own, so the route's write transaction starts only when it needs to.
    with db.read() as session:
        return terminals.authenticate(session, credentials.credentials)


CurrentTerminal = Annotated[TerminalPrincipal, Depends(get_current_terminal)]
