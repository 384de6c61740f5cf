"""Tenders: how a sale is paid. Cash, bank card on an external terminal, mobile pay, or a mix.

    tenders = settle(due_fen, [TenderOffer(CARD, 5000, reference="123456"),
                               TenderOffer(CASH, 10000)])

Rules: every offer is a positive amount; only cash gives change, so the non-cash offers together
may not exceed what is due; the offers must cover the amount due. Stored value, points and
coupons (a later issue) are further kinds: they pay like card (no change), and their checks
(balance, authorisation at HQ) happen before `settle`, in the service that takes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from pos_app.domain.errors import (
    QT_TRANSLATE_NOOP,
    EmptySale,
    InsufficientTender,
    PosError,
)
from pos_app.domain.money import Fen, check_amount, format_yuan

MAX_TENDERS = 8


class TenderKind(StrEnum):
    CASH = "cash"
    CARD = "card"
    MOBILE = "mobile"
    STORED_VALUE = "stored_value"
    POINTS = "points"
    COUPON = "coupon"


class TenderStatus(StrEnum):
    CONFIRMED = "confirmed"
    PENDING = "pending"  # mobile pay taken while the provider was unreachable


TENDER_NAMES = {
    TenderKind.CASH: QT_TRANSLATE_NOOP("tender", "Cash"),
    TenderKind.CARD: QT_TRANSLATE_NOOP("tender", "Bank card"),
    TenderKind.MOBILE: QT_TRANSLATE_NOOP("tender", "Mobile pay"),
    TenderKind.STORED_VALUE: QT_TRANSLATE_NOOP("tender", "Stored value"),
    TenderKind.POINTS: QT_TRANSLATE_NOOP("tender", "Points"),
    TenderKind.COUPON: QT_TRANSLATE_NOOP("tender", "Coupon"),
}


class NoTender(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Enter at least one payment.")


class TooManyTenders(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "A sale takes at most {max} payments.")


class ZeroTender(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "A payment must be more than 0.00.")


class NonCashOverDue(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Card and mobile payments come to {paid}, more than the {due} due: "
                  "only cash gives change.")


class MissingCardReference(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Enter the reference no. from the card terminal's slip (1 to 32 letters or "
                  "digits).")


class InvalidPaymentCode(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "“{code}” is not a WeChat or Alipay payment code (scan the customer's "
                  "payment QR / barcode).")


_REFERENCE = re.compile(r"^[0-9A-Za-z-]{1,32}$")


@dataclass(frozen=True, slots=True)
class TenderOffer:
    """What the cashier entered for one payment."""

    kind: TenderKind
    amount_fen: Fen  # for cash: what the customer handed over
    reference: str | None = None  # card slip reference no.; mobile: the payment code scanned
    provider: str | None = None
    status: TenderStatus = TenderStatus.CONFIRMED


@dataclass(frozen=True, slots=True)
class Tender:
    """One payment as recorded: `amount_fen` is what it covers of the sale."""

    kind: TenderKind
    amount_fen: Fen
    tendered_fen: Fen
    change_fen: Fen = 0
    reference: str | None = None
    provider: str | None = None
    status: TenderStatus = TenderStatus.CONFIRMED

    def to_dict(self) -> dict:
        return {"kind": str(self.kind), "amount_fen": self.amount_fen,
                "tendered_fen": self.tendered_fen, "change_fen": self.change_fen,
                "reference": self.reference, "provider": self.provider,
                "status": str(self.status)}


def mobile_provider(code: str) -> str:
    """WeChat payment codes: 18 digits starting 10–15. Alipay: 16–24 digits starting 25–30."""
    code = (code or "").strip()
    if code.isascii() and code.isdigit():
        head = int(code[:2]) if len(code) >= 2 else -1
        if len(code) == 18 and 10 <= head <= 15:
            return "wechat"
        if 16 <= len(code) <= 24 and 25 <= head <= 30:
            return "alipay"
    raise InvalidPaymentCode(code=code[:32])


def check_card_reference(reference: str | None) -> str:
    reference = (reference or "").strip()
    if not _REFERENCE.match(reference):
        raise MissingCardReference()
    return reference


def check_offers(offers: Sequence[TenderOffer], *, payment_codes: bool = True) -> None:
    """Shape checks that need no amount due: count, amounts, references, and (before they are
    charged) the mobile payment codes."""
    if not offers:
        raise NoTender()
    if len(offers) > MAX_TENDERS:
        raise TooManyTenders(max=MAX_TENDERS)
    for offer in offers:
        check_amount(offer.amount_fen)
        if offer.amount_fen == 0:
            raise ZeroTender()
        if offer.kind is TenderKind.CARD:
            check_card_reference(offer.reference)
        elif offer.kind is TenderKind.MOBILE and payment_codes:
            mobile_provider(offer.reference or "")


def settle(due_fen: Fen, offers: Sequence[TenderOffer]) -> list[Tender]:
    """The tenders that pay `due_fen`, with change from the cash. Raises a PosError when they do
    not add up; nothing is recorded then."""
    if due_fen <= 0:
        raise EmptySale()
    # Mobile offers arrive here charged: their reference is the provider's transaction id.
    check_offers(offers, payment_codes=False)
    non_cash = sum(o.amount_fen for o in offers if o.kind is not TenderKind.CASH)
    if non_cash > due_fen:
        raise NonCashOverDue(paid=format_yuan(non_cash), due=format_yuan(due_fen))
    given = sum(o.amount_fen for o in offers)
    if given < due_fen:
        raise InsufficientTender(tendered=format_yuan(given), due=format_yuan(due_fen))
    change = given - due_fen
    tenders = [Tender(o.kind, o.amount_fen, o.amount_fen, 0,
                      (o.reference or "").strip() or None, o.provider, o.status) for o in offers]
    # Change comes out of the cash, from the last cash payment backwards.
    for i in reversed(range(len(tenders))):
        if change == 0:
            break
        t = tenders[i]
        if t.kind is TenderKind.CASH:
            part = min(change, t.tendered_fen)
            tenders[i] = replace(t, amount_fen=t.tendered_fen - part, change_fen=part)
            change -= part
    return tenders


def all_cash(offers: Sequence[TenderOffer]) -> bool:
    return bool(offers) and all(o.kind is TenderKind.CASH for o in offers)
