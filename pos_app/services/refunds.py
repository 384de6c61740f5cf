"""Returns and refunds (退货): find the original sale, return some or all of it, pay back.

    original = find_sale(uow_factory, lookup, "S001-T01-20261123-0005")   # this till, else HQ
    done = refund_sale(uow_factory, clock, translate, hasher, mobile, staff, original,
                       [(1, 2)], approver=Credentials("9001", "9999"))
    done = refund_without_receipt(..., staff, ["6901234567892*2"], approver=...)

Rules:

* A line's refund is `refund_share(line final, line qty, already returned, qty)`: returning
  every unit, in any chunks, pays back exactly what the line paid. "Already returned" is what
  refunds at this till took back of that line, plus, for a sale from another till (asked at
  HQ), what HQ knows was returned (HQ's figure already holds this till's refunds it received,
  so only this till's refunds HQ had not acknowledged when it was asked are added). The check
  runs again inside the write transaction (BEGIN IMMEDIATE): two processes on this till cannot
  both return the same unit. Two offline tills can; HQ flags that afterwards.
* Money goes back to the original tenders in proportion to what each paid (cash net of change),
  computed on the cumulative refunded total less what earlier refunds of the sale already gave
  each kind, so partial refunds add up exactly (`prorate_refund`). Card: the cashier refunds on
  the card terminal; its reference is recorded. Mobile pay: `MobilePay.refund`; unreachable →
  recorded pending. Everything back in cash instead needs Permission.REFUND_TO_CASH.
* A return without receipt follows the store policy (`returns_without_receipt`: never |
  manager → Permission.REFUND_NO_RECEIPT), prices items at the current catalog price, pays cash.
* Permission.REFUND for the refund total (a cashier's limit is 0 by default). Approvals are
  `audit.override` events written in the refund's transaction.
* A sale older than the policy's `return_days` (business days, default 30) is refused.
* One transaction writes refund + lines + tenders, the `refund.completed` event
  (sync.protocol.RefundCompletedPayload), the approvals and the refund slip's print job. The
  refund no. comes from the same per-day counter as receipt nos. A mobile refund is paid out
  inside that transaction, after the final check, so a unit can never be paid back twice; a real
  provider adapter must answer (or time out) well within the database busy timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from pos_app.domain.allocation import allocate, refund_share, refunded_through
from pos_app.domain.business_day import open_business_date, store_local
from pos_app.domain.errors import QT_TRANSLATE_NOOP, NoSuchLine, NotEnrolled, PosError
from pos_app.domain.ids import new_id
from pos_app.domain.money import check_amount
from pos_app.domain.receipt_no import format_receipt_no, is_receipt_no
from pos_app.domain.roles import Permission
from pos_app.domain.sale import check_quantity
from pos_app.domain.scale_barcode import templates_from_config
from pos_app.domain.staff import Staff
from pos_app.domain.tender import TENDER_NAMES, TenderKind, check_card_reference
from pos_app.services import approvals
from pos_app.services.approvals import Approval, Credentials
from pos_app.services.checkout import CURRENT_SHIFT_KEY, SCALE_TEMPLATES_KEY
from pos_app.services.events import REFUND_COMPLETED
from pos_app.services.lookup import lookup_code
from pos_app.services.ports import (
    Clock,
    MobilePay,
    MobilePayDeclined,
    PinHasher,
    TerminalIdentity,
    Translate,
)
from pos_app.services.refund_receipts import build_refund_receipt
from pos_app.services.refund_repository import RefundRecord, SaleSummary
from pos_app.services.repositories import PrintJob, SaleRecord
from pos_app.services.status import ACKED_THROUGH
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

REFUND_COMPLETED_V = 1
DEFAULT_RETURN_DAYS = 30
REASON_MAX = 200
_KINDS = frozenset(str(k) for k in TenderKind)
Picks = Sequence[tuple[int, int | None]] | None


# -- errors --------------------------------------------------------------------------------


class NotAReceiptNo(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "“{text}” is not a receipt no. (scan the barcode on the receipt, e.g. "
                  "S001-T01-20261123-0005).")


class SaleNotFound(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "No sale has the receipt no. {receipt_no}, on this till or at head office.")


class SaleNotReachable(PosError):
    """The sale is not on this till and HQ cannot be asked: the CLI exits 3."""

    msgid = QT_TRANSLATE_NOOP(
        "errors", "Receipt {receipt_no} is not from this till and head office cannot be reached "
                  "({detail}). Take the return without a receipt instead.")


class ReturnPeriodOver(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Receipt {receipt_no} is from {sale_date}: this store takes returns within "
                  "{days} days only.")


class NothingLeftToReturn(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Everything on receipt {receipt_no} has already been returned.")


class ReturnQuantityTooLarge(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Line {line_no} ({name}): cannot return {qty}, only {left} of {sold} are left "
                  "to return.")


class NoRefundItems(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Pick at least one item to return.")


class ReturnsWithoutReceiptRefused(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "This store does not take returns without a receipt.")


class RefundChangedMeanwhile(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Receipt {receipt_no} was being returned elsewhere on this till at the same "
                  "time. Look it up again.")


class RefundTenderUnsupported(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "Part of receipt {receipt_no} was paid by {tender}, which this till cannot pay "
                  "back. Refund it in cash instead (needs approval).")

    def message(self, translate=None) -> str:
        params = dict(self.params)
        if translate:
            params["tender"] = translate("tender", params.get("tender", ""))
        text = translate("errors", self.msgid) if translate else self.msgid
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return self.msgid.format(**params)


class MobileRefundDeclined(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "The mobile-pay provider refused the refund ({reason}). Nothing was refunded; "
                  "refund in cash instead (needs approval).")


# -- the port to head office ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RemoteSale:
    """A sale of this store as HQ holds it (GET /api/v1/sales/by-receipt/{receipt_no})."""

    terminal_id: str
    business_date: str
    occurred_at: str
    sale: dict[str, Any]  # the fields of sync.protocol.SaleCompletedV2Payload
    refunded_qty: dict[int, int]  # original line no. → units HQ knows were returned


class LookupUnavailable(Exception):
    """HQ could not be asked (offline, token refused, error). The message is for the log."""


class SaleLookup(Protocol):
    def by_receipt(self, receipt_no: str) -> RemoteSale | None:
        """HQ's copy of a sale of this store; None when HQ has no such sale. Raises
        LookupUnavailable when HQ cannot be asked."""


# -- what the cashier sees -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReturnableLine:
    line_no: int
    product_id: str
    sku: str
    name: str
    category_id: str | None
    qty: int
    unit_price_fen: int
    final_fen: int  # what the line paid, every discount included
    returned_qty: int = 0  # already returned (this till, and HQ's figure for a remote sale)
    weight_g: int | None = None

    @property
    def left(self) -> int:
        return max(0, self.qty - self.returned_qty)


@dataclass(frozen=True, slots=True)
class OriginalSale:
    sale_id: str
    receipt_no: str
    business_date: str
    created_at: str
    staff_no: str
    total_fen: int
    lines: tuple[ReturnableLine, ...]
    tenders: tuple[dict[str, Any], ...]  # kind, amount_fen (cash net of change), reference…
    source: Literal["local", "hq"] = "local"
    terminal_id: str | None = None  # the till that sold it, for a sale from HQ
    hq_refunded: Mapping[int, int] = field(default_factory=dict)
    acked_through: int = 0  # this till's outbox seq HQ had acknowledged when it was asked

    @property
    def left_qty(self) -> int:
        return sum(x.left for x in self.lines)

    def line(self, line_no: int) -> ReturnableLine:
        for x in self.lines:
            if x.line_no == line_no:
                return x
        raise NoSuchLine(line_no=line_no)


@dataclass(frozen=True, slots=True)
class CompletedRefund:
    refund_id: str
    refund_no: str
    business_date: str
    total_fen: int
    original_receipt_no: str | None
    lines: tuple[dict[str, Any], ...]
    tenders: tuple[dict[str, Any], ...]  # kind, amount_fen, reference, provider, status
    approved_by: str | None
    print_job_id: str
    seq: int

    @property
    def pending_confirmation(self) -> bool:
        return any(t["status"] == "pending" for t in self.tenders)

    @property
    def cash_fen(self) -> int:
        return sum(t["amount_fen"] for t in self.tenders if t["kind"] == TenderKind.CASH)


# -- finding the sale ----------------------------------------------------------------------


def normalise_receipt_no(text: str) -> str:
    receipt_no = (text or "").strip().upper()
    if not is_receipt_no(receipt_no):
        raise NotAReceiptNo(text=(text or "").strip()[:48])
    return receipt_no


def find_sale(uow_factory: UnitOfWorkFactory, lookup: SaleLookup | None,
              receipt_no: str) -> OriginalSale:
    """The sale with that receipt no. and what is left to return of each line: from this
    till's file, else from HQ (a sale made at another till of the store)."""
    receipt_no = normalise_receipt_no(receipt_no)
    with uow_factory(readonly=True) as uow:
        record = uow.sales.by_receipt_no(receipt_no)
        if record is not None:
            return _local_sale(record, uow.refunds.returned_qty(record.id))
        # Read before asking HQ: HQ's answer holds at least every event acknowledged by now.
        acked = int(uow.settings.get(ACKED_THROUGH) or 0)
    if lookup is None:
        raise SaleNotReachable(receipt_no=receipt_no,
                               detail="this till has no connection to head office")
    try:
        remote = lookup.by_receipt(receipt_no)
    except LookupUnavailable as exc:
        raise SaleNotReachable(receipt_no=receipt_no, detail=str(exc)) from exc
    if remote is None:
        raise SaleNotFound(receipt_no=receipt_no)
    sale_id = remote.sale["sale_id"]
    with uow_factory(readonly=True) as uow:
        local = uow.refunds.returned_qty(sale_id, after_seq=acked)
    return _remote_sale(remote, acked, local)


def sales_for_return(uow_factory: UnitOfWorkFactory, *, business_date: str | None = None,
                     receipt_fragment: str | None = None, limit: int = 50) -> list[SaleSummary]:
    """This till's sales of a business day and/or whose receipt no. contains a fragment."""
    fragment = (receipt_fragment or "").strip().upper() or None
    with uow_factory(readonly=True) as uow:
        return uow.refunds.sales_for_return(business_date=business_date,
                                            receipt_fragment=fragment, limit=limit)


def _local_sale(record: SaleRecord, returned: Mapping[int, int]) -> OriginalSale:
    lines = tuple(
        ReturnableLine(line_no=x["line_no"], product_id=x["product_id"], sku=x["sku"],
                       name=x["name"], category_id=x.get("category_id"), qty=x["qty"],
                       unit_price_fen=x["unit_price_fen"], final_fen=x["final_fen"],
                       returned_qty=returned.get(x["line_no"], 0), weight_g=x.get("weight_g"))
        for x in record.lines)
    return OriginalSale(sale_id=record.id, receipt_no=record.receipt_no,
                        business_date=record.business_date, created_at=record.created_at,
                        staff_no=record.staff_no, total_fen=record.total_fen, lines=lines,
                        tenders=tuple(_tender(t) for t in record.tenders))


def _remote_sale(remote: RemoteSale, acked: int, local: Mapping[int, int]) -> OriginalSale:
    sale = remote.sale
    hq = {int(k): int(v) for k, v in remote.refunded_qty.items()}
    lines = tuple(
        ReturnableLine(line_no=x["line_no"], product_id=x["product_id"], sku=x["sku"],
                       name=x["name"], category_id=x.get("category_id"), qty=x["qty"],
                       unit_price_fen=x["unit_price_fen"], final_fen=x["final_fen"],
                       returned_qty=hq.get(x["line_no"], 0) + local.get(x["line_no"], 0),
                       weight_g=x.get("weight_g"))
        for x in sale["lines"])
    return OriginalSale(sale_id=sale["sale_id"], receipt_no=sale["receipt_no"],
                        business_date=remote.business_date, created_at=remote.occurred_at,
                        staff_no=sale["staff_no"], total_fen=sale["total_fen"], lines=lines,
                        tenders=tuple(_tender(t) for t in sale["tenders"]), source="hq",
                        terminal_id=remote.terminal_id, hq_refunded=hq, acked_through=acked)


def _tender(t: Mapping[str, Any]) -> dict[str, Any]:
    return {"kind": t["kind"], "amount_fen": t["amount_fen"], "reference": t.get("reference"),
            "provider": t.get("provider"), "status": t.get("status") or "confirmed"}


# -- splitting money -----------------------------------------------------------------------


def prorate_refund(paid: Sequence[tuple[str, int]], refunded_before: int, amount: int,
                   given: Mapping[str, int] | None = None) -> list[int]:
    """Share `amount` fen of a refund over the original tenders `paid` ((kind, fen) with each
    kind once, cash net of change), to the fen, never negative, adding up to `amount`.

    The sale's cumulative refunded total after this refund (`refunded_before + amount`) is
    shared in proportion to what each tender paid (`allocate`), less what earlier refunds of
    the sale already gave each kind (`given`; what `refunded_before` holds beyond that, e.g.
    refunds at other tills, is taken as prorated). So when every unit has come back, each
    tender got back exactly what it paid, whatever the chunks.
    """
    weights = [max(0, fen) for _kind, fen in paid]
    if amount == 0:
        return [0] * len(weights)
    whole = sum(weights)
    if amount < 0 or whole == 0:
        raise ValueError(f"cannot share {amount} over tenders {paid!r}")
    given = given or {}
    before = min(max(0, refunded_before), whole)
    target = allocate(min(before + amount, whole), weights)
    known = [max(0, given.get(kind, 0)) for kind, _fen in paid]
    elsewhere = before - min(before, sum(max(0, v) for v in given.values()))
    room = [max(0, w - k) for w, k in zip(weights, known, strict=True)]
    if elsewhere and sum(room):
        known = [k + s for k, s in zip(known, allocate(min(elsewhere, sum(room)), room),
                                       strict=True)]
    need = [max(0, t - k) for t, k in zip(target, known, strict=True)]
    if sum(need) >= amount:
        return allocate(amount, need)
    room = [max(0, w - k) for w, k in zip(weights, known, strict=True)]
    return allocate(amount, room if sum(room) else weights)


def _paid_by_kind(original: OriginalSale) -> list[tuple[str, int]]:
    paid: dict[str, int] = {}
    for t in original.tenders:
        paid[t["kind"]] = paid.get(t["kind"], 0) + max(0, t["amount_fen"])
    return [(k, v) for k, v in paid.items() if v > 0]


def _already(uow: AbstractUnitOfWork, original: OriginalSale) -> dict[int, int]:
    if original.source == "local":
        return uow.refunds.returned_qty(original.sale_id)
    local = uow.refunds.returned_qty(original.sale_id, after_seq=original.acked_through)
    return {no: original.hq_refunded.get(no, 0) + local.get(no, 0)
            for no in {*original.hq_refunded, *local}}


def _picked(original: OriginalSale, already: Mapping[int, int],
            picks: Picks) -> list[tuple[ReturnableLine, int]]:
    """(line, qty) to return, by line no.; None picks everything still returnable, a qty of
    None all that is left of that line."""
    if picks is None:
        chosen = {x.line_no: x.qty - already.get(x.line_no, 0) for x in original.lines
                  if x.qty - already.get(x.line_no, 0) > 0}
        if not chosen:
            raise NothingLeftToReturn(receipt_no=original.receipt_no)
    else:
        chosen = {}
        for line_no, qty in picks:
            original.line(line_no)  # NoSuchLine
            if qty is None or chosen.get(line_no, 0) is None:
                chosen[line_no] = None  # all that is left of the line
            else:
                chosen[line_no] = chosen.get(line_no, 0) + check_quantity(qty)
        if not chosen:
            raise NoRefundItems()
    result = []
    for line_no in sorted(chosen):
        line, qty = original.line(line_no), chosen[line_no]
        left = max(0, line.qty - already.get(line_no, 0))
        if qty is None:
            qty = left or line.qty
        if qty > left:
            raise ReturnQuantityTooLarge(line_no=line_no, name=line.name, qty=qty, left=left,
                                         sold=line.qty)
        result.append((line, qty))
    return result


@dataclass(frozen=True, slots=True)
class _Plan:
    lines: tuple[dict[str, Any], ...]
    total_fen: int
    shares: tuple[tuple[str, int], ...]  # (kind, fen) back to the original tenders


def _plan(uow: AbstractUnitOfWork, original: OriginalSale, picks: Picks) -> _Plan:
    already = _already(uow, original)
    lines = []
    for line, qty in _picked(original, already, picks):
        done = min(already.get(line.line_no, 0), line.qty)
        lines.append({
            "original_sale_id": original.sale_id, "original_line_no": line.line_no,
            "product_id": line.product_id, "sku": line.sku, "name": line.name,
            "category_id": line.category_id, "qty": qty,
            "amount_fen": refund_share(line.final_fen, line.qty, done, qty),
            "unit_price_fen": line.unit_price_fen, "weight_g": line.weight_g})
    total = sum(x["amount_fen"] for x in lines)
    paid = _paid_by_kind(original)
    before = sum(refunded_through(x.final_fen, x.qty, min(already.get(x.line_no, 0), x.qty))
                 for x in original.lines)
    if total and not paid:  # a sale with no tender on record: pay back in cash
        paid = [(str(TenderKind.CASH), original.total_fen or total)]
    shares = prorate_refund(paid, before, total, uow.refunds.refunded_by_kind(original.sale_id))
    return _Plan(tuple(lines), total,
                 tuple((kind, fen) for (kind, _paid), fen in zip(paid, shares, strict=True)
                       if fen))


def _payouts(original: OriginalSale, plan: _Plan, to_cash: bool,
             card_reference: str | None) -> list[dict[str, Any]]:
    """The refund tenders before any money moves (mobile ones carry the charge to refund)."""
    if not plan.total_fen:
        return []
    if to_cash:
        return [_row(TenderKind.CASH, plan.total_fen)]
    rows = []
    for kind, fen in plan.shares:
        if kind == TenderKind.CASH:
            rows.append(_row(TenderKind.CASH, fen))
        elif kind == TenderKind.CARD:
            rows.append(_row(TenderKind.CARD, fen, reference=card_reference))
        elif kind == TenderKind.MOBILE:
            charges = [t for t in original.tenders if t["kind"] == kind and t["amount_fen"] > 0]
            for charge, part in zip(charges, allocate(fen, [t["amount_fen"] for t in charges]),
                                    strict=True):
                if part:
                    rows.append(_row(TenderKind.MOBILE, part, provider=charge["provider"],
                                     charge=charge["reference"] or ""))
        else:
            name = TENDER_NAMES[TenderKind(kind)] if kind in _KINDS else kind
            raise RefundTenderUnsupported(receipt_no=original.receipt_no, tender=name)
    return rows


def _row(kind: TenderKind, fen: int, *, reference: str | None = None,
         provider: str | None = None, charge: str | None = None) -> dict[str, Any]:
    row = {"kind": str(kind), "amount_fen": fen, "reference": reference, "provider": provider,
           "status": "confirmed"}
    if charge is not None:
        row["charge"] = charge
    return row


# -- refunding -----------------------------------------------------------------------------


def refund_sale(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate,
                hasher: PinHasher, mobile: MobilePay, staff: Staff, original: OriginalSale,
                picks: Picks = None, *, to_cash: bool = False,
                card_reference: str | None = None, approver: Credentials | None = None,
                reason: str = "") -> CompletedRefund:
    """Return `picks` of `original` (from `find_sale`) and pay the money back.

    `picks`: (original line no., qty), qty None = all that is left of that line; `picks` None =
    everything still returnable. `card_reference`: the card terminal's refund reference (the
    cashier refunds there). `to_cash`: everything back in cash (Permission.REFUND_TO_CASH when
    the sale was not all cash). Every check happens before anything is written or paid; a
    refusal changes nothing."""
    if card_reference is not None and card_reference.strip():
        card_reference = check_card_reference(card_reference)
    else:
        card_reference = None
    now = clock.now()
    with uow_factory(readonly=True) as uow:
        _check_return_period(uow, original, now)
        plan = _plan(uow, original, picks)
    payouts = _payouts(original, plan, to_cash, card_reference)
    granted = [approvals.check(uow_factory, hasher, clock, staff, Permission.REFUND,
                               amount_fen=plan.total_fen, approver=approver)]
    if to_cash and any(kind != TenderKind.CASH for kind, _fen in plan.shares):
        granted.append(approvals.check(uow_factory, hasher, clock, staff,
                                       Permission.REFUND_TO_CASH, amount_fen=plan.total_fen,
                                       approver=approver))

    refund_id = new_id()
    with uow_factory() as uow:
        # The final check, under this till's write lock (BEGIN IMMEDIATE).
        if _plan(uow, original, picks) != plan:
            raise RefundChangedMeanwhile(receipt_no=original.receipt_no)
        tenders = _pay_out(mobile, payouts, refund_id)
        try:
            return _save(uow, clock, translate, staff, now, refund_id, original, plan.lines,
                         plan.total_fen, tenders, granted, reason)
        except BaseException:
            paid = [t for t in tenders if t["kind"] == TenderKind.MOBILE
                    and t["status"] == "confirmed"]
            if paid:
                log.exception("refund %s of %s: mobile refunds %s were paid but the refund "
                              "could not be saved", refund_id, original.receipt_no,
                              [(t["reference"], t["amount_fen"]) for t in paid])
            raise


def refund_without_receipt(uow_factory: UnitOfWorkFactory, clock: Clock, translate: Translate,
                           hasher: PinHasher, staff: Staff, items: Sequence[str], *,
                           approver: Credentials | None = None,
                           reason: str = "") -> CompletedRefund:
    """Take back `items` (codes as scanned, optionally `CODE*QTY`) without a receipt, at the
    current catalog price, in cash; the store policy decides whether that is allowed."""
    if not items:
        raise NoRefundItems()
    with uow_factory(readonly=True) as uow:
        policy = approvals.store_policy(uow)
        if policy.get("returns_without_receipt", "manager") == "never":
            raise ReturnsWithoutReceiptRefused()
        templates = templates_from_config(uow.settings.get(SCALE_TEMPLATES_KEY))
        resolved = [lookup_code(uow.catalog_search, text, templates) for text in items]
    lines = []
    for item in resolved:
        p = item.product
        amount = item.amount_fen if item.amount_fen is not None else p.price_fen * item.qty
        lines.append({"original_sale_id": None, "original_line_no": None, "product_id": p.id,
                      "sku": p.sku, "name": p.name, "category_id": p.category_id,
                      "qty": item.qty, "amount_fen": check_amount(amount),
                      "unit_price_fen": p.price_fen, "weight_g": item.weight_g})
    total = check_amount(sum(x["amount_fen"] for x in lines))
    granted = [approvals.check(uow_factory, hasher, clock, staff, Permission.REFUND_NO_RECEIPT,
                               amount_fen=total, approver=approver),
               approvals.check(uow_factory, hasher, clock, staff, Permission.REFUND,
                               amount_fen=total, approver=approver)]
    tenders = [_row(TenderKind.CASH, total)] if total else []
    now = clock.now()
    with uow_factory() as uow:
        return _save(uow, clock, translate, staff, now, new_id(), None, tuple(lines), total,
                     tenders, granted, reason)


def _check_return_period(uow: AbstractUnitOfWork, original: OriginalSale, now) -> None:
    identity = _identity(uow)
    days = approvals.store_policy(uow).get("return_days", DEFAULT_RETURN_DAYS)
    today = open_business_date(now, identity.timezone, approvals.last_closed(uow))
    sold = date.fromisoformat(original.business_date)
    if (today - sold).days > days:
        raise ReturnPeriodOver(receipt_no=original.receipt_no, sale_date=sold.isoformat(),
                               days=days)


def _pay_out(mobile: MobilePay, payouts: list[dict[str, Any]],
             refund_id: str) -> list[dict[str, Any]]:
    tenders = []
    for row in payouts:
        row = dict(row)
        charge = row.pop("charge", None)
        if row["kind"] == TenderKind.MOBILE:
            try:
                result = mobile.refund(charge or "", row["amount_fen"], refund_id)
            except MobilePayDeclined as exc:
                raise MobileRefundDeclined(reason=exc.params.get("reason", "")) from exc
            row["provider"] = row["provider"] or result.provider
            if result.status == "pending":
                row.update(status="pending", reference=charge)
            else:
                row.update(status="confirmed", reference=result.reference)
        tenders.append(row)
    return tenders


def _identity(uow: AbstractUnitOfWork) -> TerminalIdentity:
    identity = uow.settings.identity()
    if identity is None:
        raise NotEnrolled()
    return identity


def _save(uow: AbstractUnitOfWork, clock: Clock, translate: Translate, staff: Staff, now,
          refund_id: str, original: OriginalSale | None, lines: Sequence[dict[str, Any]],
          total: int, tenders: list[dict[str, Any]], granted: list[Approval | None],
          reason: str) -> CompletedRefund:
    identity = _identity(uow)
    day = open_business_date(now, identity.timezone, approvals.last_closed(uow)).isoformat()
    number = uow.sales.next_receipt_number(day)
    refund_no = format_receipt_no(identity.store_code, identity.terminal_name,
                                  date.fromisoformat(day), number)
    approver = next((a.approver_no for a in granted if a is not None), None)
    record = RefundRecord(
        id=refund_id, refund_no=refund_no, business_date=day, created_at=now.isoformat(),
        staff_id=staff.id, staff_no=staff.staff_no, total_fen=total, lines=list(lines),
        tenders=tenders, original_sale_id=original.sale_id if original else None,
        original_receipt_no=original.receipt_no if original else None,
        shift_id=uow.settings.get(CURRENT_SHIFT_KEY), approved_by=approver,
        reason=(reason or "").strip()[:REASON_MAX])
    uow.refunds.add(record)
    what = f"refund of {original.receipt_no}" if original else "return without receipt"
    for approval in granted:
        approvals.record(uow, clock, approval, amount_fen=total, detail=what,
                         receipt_no=refund_no)
    seq = uow.outbox.append(
        type=REFUND_COMPLETED, v=REFUND_COMPLETED_V, payload=_payload(record),
        occurred_at=now.isoformat(), business_date=day, store_id=identity.store_id,
        terminal_id=identity.terminal_id, actor_id=staff.id)
    local = store_local(now, identity.timezone).strftime("%Y-%m-%d %H:%M:%S")
    cash = any(t["kind"] == TenderKind.CASH for t in tenders)
    document = build_refund_receipt(identity, record, local, translate, open_drawer=cash)
    job = PrintJob(id=new_id(), receipt_no=refund_no, document=document, status="pending",
                   attempts=0, last_error=None)
    uow.print_jobs.add(job, now.isoformat())
    uow.commit()
    return CompletedRefund(
        refund_id=refund_id, refund_no=refund_no, business_date=day, total_fen=total,
        original_receipt_no=record.original_receipt_no, lines=tuple(record.lines),
        tenders=tuple(tenders), approved_by=approver, print_job_id=job.id, seq=seq)


def _payload(record: RefundRecord) -> dict[str, Any]:
    """sync.protocol.RefundCompletedPayload, field for field."""
    return {
        "refund_id": record.id, "refund_no": record.refund_no,
        "original_sale_id": record.original_sale_id,
        "original_receipt_no": record.original_receipt_no,
        "staff_id": record.staff_id, "staff_no": record.staff_no,
        "approved_by": record.approved_by, "reason": record.reason,
        "shift_id": record.shift_id,
        "lines": [{"original_line_no": x["original_line_no"], "product_id": x["product_id"],
                   "sku": x["sku"], "name": x["name"], "qty": x["qty"],
                   "amount_fen": x["amount_fen"]} for x in record.lines],
        "total_fen": record.total_fen,
        "tenders": [{"kind": t["kind"], "amount_fen": t["amount_fen"],
                     "tendered_fen": t["amount_fen"], "change_fen": 0,
                     "reference": t["reference"], "provider": t["provider"],
                     "status": t["status"]} for t in record.tenders],
    }
