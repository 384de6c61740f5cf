"""Builds the refund slip (退货单; devices.ReceiptDocument as plain data) for a refund: the
original receipt no., the lines and amounts paid back, and the tenders they went back to."""

from __future__ import annotations

from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.money import format_yuan
from pos_app.services.ports import TerminalIdentity, Translate
from pos_app.services.refund_repository import RefundRecord

CONTEXT = "receipt"
# Labels shared with the sale receipt (services/receipts.py) are the same source texts, so they
# share its translations.
_LABELS = {
    "banner": QT_TRANSLATE_NOOP("receipt", "*** REFUND ***"),
    "refund_no": QT_TRANSLATE_NOOP("receipt", "Refund no."),
    "original": QT_TRANSLATE_NOOP("receipt", "Original receipt"),
    "no_receipt": QT_TRANSLATE_NOOP("receipt", "Return without receipt"),
    "time": QT_TRANSLATE_NOOP("receipt", "Time"),
    "cashier": QT_TRANSLATE_NOOP("receipt", "Cashier"),
    "approved_by": QT_TRANSLATE_NOOP("receipt", "Approved by"),
    "reason": QT_TRANSLATE_NOOP("receipt", "Reason"),
    "items": QT_TRANSLATE_NOOP("receipt", "Items"),
    "total": QT_TRANSLATE_NOOP("receipt", "Refund total"),
    "cash": QT_TRANSLATE_NOOP("receipt", "Cash"),
    "card": QT_TRANSLATE_NOOP("receipt", "Bank card"),
    "mobile": QT_TRANSLATE_NOOP("receipt", "Mobile pay"),
    "wechat": QT_TRANSLATE_NOOP("receipt", "WeChat Pay"),
    "alipay": QT_TRANSLATE_NOOP("receipt", "Alipay"),
    "pending": QT_TRANSLATE_NOOP("receipt", "(to be confirmed)"),
    "reference": QT_TRANSLATE_NOOP("receipt", "Ref."),
    "signature": QT_TRANSLATE_NOOP("receipt", "Customer signature: ____________"),
}


def build_refund_receipt(identity: TerminalIdentity, refund: RefundRecord, local_time: str,
                         translate: Translate, open_drawer: bool) -> dict[str, Any]:
    def t(key: str) -> str:
        return translate(CONTEXT, _LABELS[key])

    header = [_centre(identity.store_name, double=True)]
    header += [_centre(x) for x in identity.receipt_header.splitlines()]
    header.append(_centre(t("banner"), double=True))
    header.append(_left(f"{t('refund_no')}: {refund.refund_no}"))
    if refund.original_receipt_no:
        header.append(_left(f"{t('original')}: {refund.original_receipt_no}"))
    else:
        header.append(_left(t("no_receipt")))
    header += [_left(f"{t('time')}: {local_time}"), _left(f"{t('cashier')}: {refund.staff_no}")]
    if refund.approved_by:
        header.append(_left(f"{t('approved_by')}: {refund.approved_by}"))
    if refund.reason:
        header.append(_left(f"{t('reason')}: {refund.reason}"))

    lines = [_item(x) for x in refund.lines]
    totals = [
        {"label": t("items"), "amount": str(sum(x["qty"] for x in refund.lines)), "bold": False},
        {"label": t("total"), "amount": format_yuan(refund.total_fen), "bold": True},
    ]
    payments = []
    for tender in refund.tenders:
        key = tender.get("provider") or tender["kind"]
        label = t(key) if key in _LABELS else tender["kind"]
        if tender["kind"] == "card" and tender.get("reference"):
            label = f"{label} {t('reference')} {tender['reference']}"
        if tender.get("status") == "pending":
            label = f"{label} {t('pending')}"
        payments.append({"label": label, "amount": format_yuan(tender["amount_fen"]),
                         "bold": False})
    footer = [_left(""), _left(t("signature"))]
    footer += [_centre(x) for x in identity.receipt_footer.splitlines()]
    return {
        "header": header, "lines": lines, "totals": totals, "payments": payments,
        "footer": footer, "barcode": refund.refund_no, "qr": None, "open_drawer": open_drawer,
    }


def _item(line: dict[str, Any]) -> dict[str, Any]:
    weight = line.get("weight_g")
    unit = line.get("unit_price_fen")
    if weight is not None:  # weighed goods: the label's weight × price per kg
        qty = f"{weight / 1000:.3f}kg"
        price = f"{format_yuan(unit)}/kg" if unit is not None else ""
    else:
        qty, price = str(line["qty"]), format_yuan(unit) if unit is not None else ""
    return {"name": line["name"], "qty": qty, "unit_price": price,
            "amount": format_yuan(line["amount_fen"])}


def _left(text: str) -> dict[str, Any]:
    return {"text": text, "align": "left", "bold": False, "double": False}


def _centre(text: str, double: bool = False) -> dict[str, Any]:
    return {"text": text, "align": "center", "bold": double, "double": double}
