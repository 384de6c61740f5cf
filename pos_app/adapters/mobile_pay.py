"""A mobile-pay provider simulator (WeChat Pay / Alipay payment-code flow) for the demo and
tests. A real provider adapter implements the same port (services.ports.MobilePay) over HTTPS.

Behaviour:
- unreachable (the `reachable` callable says so): the charge is "pending" with the payment
  code as its reference; the till records it for confirmation later;
- a code ending in 0000 is declined (insufficient balance), one ending in 0001 is declined as
  expired; anything else is paid, with a transaction id;
- refunds and cancels are remembered so tests can see them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from pos_app.domain.tender import mobile_provider
from pos_app.services.ports import MobilePayDeclined, MobilePayResult


@dataclass
class SimulatedMobilePay:
    reachable: Callable[[], bool] = lambda: True
    charges: dict[str, int] = field(default_factory=dict)  # transaction id → fen
    refunds: list[tuple[str, int]] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)

    def charge(self, code: str, amount_fen: int, order_id: str) -> MobilePayResult:
        provider = mobile_provider(code)
        if not self.reachable():
            return MobilePayResult("pending", provider, code)
        if code.endswith("0000"):
            raise MobilePayDeclined(reason="insufficient balance")
        if code.endswith("0001"):
            raise MobilePayDeclined(reason="payment code expired")
        txn = ("WX" if provider == "wechat" else "ALI") + hashlib.sha256(
            f"{code}:{order_id}".encode()).hexdigest()[:20].upper()
        self.charges[txn] = amount_fen
        return MobilePayResult("paid", provider, txn)

    def refund(self, reference: str, amount_fen: int, refund_id: str) -> MobilePayResult:
        provider = "wechat" if reference.startswith("WX") else "alipay"
        if not self.reachable():
            return MobilePayResult("pending", provider, reference)
        self.refunds.append((reference, amount_fen))
        return MobilePayResult("paid", provider, f"R{refund_id[-12:]}")

    def cancel(self, reference: str) -> None:
        self.cancelled.append(reference)
        self.charges.pop(reference, None)
