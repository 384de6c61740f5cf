"""Sales for the tills: a sale by receipt number, for a return at any till of the store."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from hq_server.api.deps import CurrentTerminal, ReadSessionDep
from hq_server.services import sales as sales_service
from sync.protocol import ErrorBody, SaleLookupResponse

router = APIRouter(prefix="/api/v1/sales", tags=["sales"])
ERRORS: dict[int | str, dict] = {
    401: {"model": ErrorBody}, 404: {"model": ErrorBody}, 409: {"model": ErrorBody},
    422: {"model": ErrorBody}}


# `path`: a receipt no. may contain "/" (sent as %2F, which the server decodes before routing).
@router.get("/by-receipt/{receipt_no:path}", response_model=SaleLookupResponse,
            responses=ERRORS)
def sale_by_receipt(
    receipt_no: Annotated[str, Path(min_length=1, max_length=64)],
    terminal: CurrentTerminal,
    session: ReadSessionDep,
) -> SaleLookupResponse:
    return sales_service.sale_by_receipt(session, terminal, receipt_no)
