"""Builds the receipt document (devices.ReceiptDocument as plain data) for a completed sale."""

from __future__ import annotations

from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.money import format_yuan
from pos_app.services.ports import TerminalIdentity, Translate
from pos_app.services.repositories import SaleRecord

CONTEXT = "receipt"
_LABELS = {
    "receipt_no": QT_TRANSLATE_NOOP("receipt", "Receipt"),
    "time": QT_TRANSLATE_NOOP("receipt", "Time"),
    "cashier": QT_TRANSLATE_NOOP("receipt", "Cashier"),
    "total": QT_TRANSLATE_NOOP("receipt", "Total"),
    "items": QT_TRANSLATE_NOOP("receipt", "Items"),
    "cash": QT_TRANSLATE_NOOP("receipt", "Cash"),
    "change": QT_TRANSLATE_NOOP("receipt", "Change"),
    "thanks": QT_TRANSLATE_NOOP("receipt", "Thank you, please come again"),
    "reprint": QT_TRANSLATE_NOOP("receipt", "*** REPRINT ***"),
}
TENDER_LABELS = {"cash": "cash"}


def build_receipt(identity: TerminalIdentity, sale: SaleRecord, local_time: str,
                  translate: Translate, open_drawer: bool) -> dict[str, Any]:
    def t(key: str) -> str:
        return translate(CONTEXT, _LABELS[key])

    header = [{"text": identity.store_name, "align": "center", "bold": True, "double": True}]
    if identity.receipt_header:
        header += [{"text": x, "align": "center", "bold": False, "double": False}
                   for x in identity.receipt_header.splitlines()]
    header += [
        _left(f"{t('receipt_no')}: {sale.receipt_no}"),
        _left(f"{t('time')}: {local_time}"),
        _left(f"{t('cashier')}: {sale.staff_no}"),
    ]
    lines = [
        {"name": x["name"], "qty": str(x["qty"]), "unit_price": format_yuan(x["unit_price_fen"]),
         "amount": format_yuan(x["amount_fen"])}
        for x in sale.lines
    ]
    totals = [
        {"label": t("items"), "amount": str(sale.item_count), "bold": False},
        {"label": t("total"), "amount": format_yuan(sale.total_fen), "bold": True},
    ]
    payments = []
    for tender in sale.tenders:
        label = t(TENDER_LABELS.get(tender["kind"], "cash"))
        payments.append({"label": label, "amount": format_yuan(tender["tendered_fen"]),
                         "bold": False})
        if tender["change_fen"]:
            payments.append({"label": t("change"), "amount": format_yuan(tender["change_fen"]),
                             "bold": False})
    footer_text = identity.receipt_footer or t("thanks")
    footer = [{"text": x, "align": "center", "bold": False, "double": False}
              for x in footer_text.splitlines()]
    return {
        "header": header, "lines": lines, "totals": totals, "payments": payments,
        "footer": footer, "barcode": sale.receipt_no, "qr": None, "open_drawer": open_drawer,
    }


def mark_reprint(document: dict[str, Any], translate: Translate) -> dict[str, Any]:
    banner = {"text": translate(CONTEXT, _LABELS["reprint"]), "align": "center", "bold": True,
              "double": False}
    return {**document, "header": [banner, *document["header"]], "open_drawer": False}


def _left(text: str) -> dict[str, Any]:
    return {"text": text, "align": "left", "bold": False, "double": False}
