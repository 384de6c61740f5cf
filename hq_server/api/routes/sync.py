"""The till-facing API (DESIGN §7): enrol, push events, pull changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from hq_server.api.deps import CurrentTerminal, ReadSessionDep, SessionDep, SettingsDep
from hq_server.services import changes as changes_service
from hq_server.services import push as push_service
from hq_server.services import terminals
from hq_server.services.changes import DEFAULT_LIMIT, MAX_LIMIT
from sync.protocol import (
    ChangesResponse,
    EnrolRequest,
    EnrolResponse,
    ErrorBody,
    PushRequest,
    PushResponse,
    SeqGap,
)

router = APIRouter(prefix="/api/v1", tags=["sync"])
ERRORS: dict[int | str, dict] = {
    401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 422: {"model": ErrorBody}}
MAX_CURSOR = 2**63 - 1


@router.post("/enroll", response_model=EnrolResponse, responses=ERRORS)
def enroll(body: EnrolRequest, session: SessionDep) -> EnrolResponse:
    return terminals.enrol(session, body)


@router.post("/sync/push", response_model=PushResponse,
             responses={**ERRORS, 409: {"model": SeqGap}})
def push(body: PushRequest, terminal: CurrentTerminal, session: SessionDep,
         settings: SettingsDep) -> PushResponse:
    return push_service.push(session, terminal, body, settings.min_app_version)


@router.get("/sync/changes", response_model=ChangesResponse, responses=ERRORS)
def changes(
    terminal: CurrentTerminal,
    session: ReadSessionDep,
    since: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> ChangesResponse:
    return changes_service.changes(session, terminal, since, limit)
