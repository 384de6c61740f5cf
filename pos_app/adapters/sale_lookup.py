"""services.refunds.SaleLookup over HQ's HTTP API (GET /api/v1/sales/by-receipt/{receipt_no}).

    lookup = HqSaleLookup(lambda: transport)          # a transport that stays open, or
    lookup = HqSaleLookup(open_transport)             # a fresh one per lookup, closed after

`connect` returns something with `sale_by_receipt(receipt_no)` (sync.transport.HttpTransport);
it may raise services.refunds.LookupUnavailable itself (e.g. the till has no device token).
Every transport failure becomes LookupUnavailable with the transport's one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pos_app.services.refunds import LookupUnavailable, RemoteSale
from sync.ports import TransportError
from sync.protocol import SaleLookupResponse


class SaleByReceipt(Protocol):
    def sale_by_receipt(self, receipt_no: str) -> SaleLookupResponse | None: ...


class HqSaleLookup:
    def __init__(self, connect: Callable[[], SaleByReceipt], *, close_after: bool = False) -> None:
        self.connect = connect
        self.close_after = close_after

    def by_receipt(self, receipt_no: str) -> RemoteSale | None:
        try:
            transport = self.connect()
        except TransportError as exc:
            raise LookupUnavailable(str(exc)) from exc
        try:
            response = transport.sale_by_receipt(receipt_no)
        except TransportError as exc:
            raise LookupUnavailable(str(exc)) from exc
        finally:
            if self.close_after:
                close = getattr(transport, "close", None)
                if close is not None:
                    close()
        return None if response is None else remote_sale(response)


def remote_sale(response: SaleLookupResponse) -> RemoteSale:
    try:
        refunded = {int(k): v for k, v in response.refunded_qty.items()}
    except ValueError:
        raise LookupUnavailable("HQ answered something unexpected to the sale lookup "
                                "(refunded_qty: line numbers expected)") from None
    return RemoteSale(
        terminal_id=response.terminal_id, business_date=response.business_date,
        occurred_at=response.occurred_at, sale=response.sale.model_dump(mode="json"),
        refunded_qty=refunded)
