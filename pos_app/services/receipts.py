"""Builds the receipt document (devices.ReceiptDocument as plain data) for a completed sale."""

from __future__ import annotations

from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.member import MemberRecord
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
    "card": QT_TRANSLATE_NOOP("receipt", "Bank card"),
    "mobile": QT_TRANSLATE_NOOP("receipt", "Mobile pay"),
    "wechat": QT_TRANSLATE_NOOP("receipt", "WeChat Pay"),
    "alipay": QT_TRANSLATE_NOOP("receipt", "Alipay"),
    "pending": QT_TRANSLATE_NOOP("receipt", "(to be confirmed)"),
    "subtotal": QT_TRANSLATE_NOOP("receipt", "Subtotal"),
    "manual": QT_TRANSLATE_NOOP("receipt", "Discount"),
    "rounding": QT_TRANSLATE_NOOP("receipt", "Rounding"),
    "saved": QT_TRANSLATE_NOOP("receipt", "You saved"),
    "member": QT_TRANSLATE_NOOP("receipt", "Member level"),
    "member_name": QT_TRANSLATE_NOOP("receipt", "Member"),
    "member_no": QT_TRANSLATE_NOOP("receipt", "Member no."),
    "change": QT_TRANSLATE_NOOP("receipt", "Change"),
    "thanks": QT_TRANSLATE_NOOP("receipt", "Thank you, please come again"),
    "reprint": QT_TRANSLATE_NOOP("receipt", "*** REPRINT ***"),
}
TENDER_LABELS = {"cash": "cash", "card": "card", "mobile": "mobile"}


def build_receipt(identity: TerminalIdentity, sale: SaleRecord, local_time: str,
                  translate: Translate, open_drawer: bool, member: MemberRecord | None = None,
                  level_name: str | None = None) -> dict[str, Any]:
    """The receipt document. `member`: the sale's member, printed in the member block with
    the phone masked; `level_name`: the member level's name (else its code)."""
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
    level = level_name or sale.member_level
    member_block = []
    if member is not None:
        member_block = [_left(f"{t('member_name')}: {member.display_name} {member.masked_phone}"),
                        _left(f"{t('member_no')}: {member.member_no}")]
        if level:
            member_block.append(_left(f"{t('member')}: {level}"))
    elif level:
        header.append(_left(f"{t('member')}: {level}"))
    lines = [_item(x) for x in sale.lines]
    totals = [{"label": t("items"), "amount": str(sale.item_count), "bold": False}]
    if sale.original_fen != sale.total_fen:
        totals.append(_amount(t("subtotal"), sale.original_fen))
        for name, fen in _discounts(sale.lines, t).items():
            totals.append(_amount(name, -fen))
    totals.append({"label": t("total"), "amount": format_yuan(sale.total_fen), "bold": True})
    if sale.original_fen > sale.total_fen:
        totals.append(_amount(t("saved"), sale.original_fen - sale.total_fen))
    payments = []
    for tender in sale.tenders:
        key = tender.get("provider") or TENDER_LABELS.get(tender["kind"], "cash")
        label = t(key) if key in _LABELS else tender["kind"]
        if tender.get("status") == "pending":
            label = f"{label} {t('pending')}"
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
        "member": member_block,
    }


def _item(line: dict[str, Any]) -> dict[str, Any]:
    weight = line.get("weight_g")
    if weight is not None:  # weighed goods: kg × price per kg
        qty, unit = f"{weight / 1000:.3f}kg", f"{format_yuan(line['unit_price_fen'])}/kg"
    else:
        qty, unit = str(line["qty"]), format_yuan(line["unit_price_fen"])
    return {"name": line["name"], "qty": qty, "unit_price": unit,
            "amount": format_yuan(line["amount_fen"])}


def _discounts(lines: list[dict[str, Any]], t) -> dict[str, int]:
    """Promotion name (or "Discount", "Rounding") → fen taken off, in the order they appear."""
    totals: dict[str, int] = {}
    for line in lines:
        for d in line.get("discounts") or []:
            if d["stage"] == "manual":
                name = t("manual")
            elif d["stage"] == "rounding":
                name = t("rounding")
            else:
                name = d["rule_name"] or d["rule_id"]
            totals[name] = totals.get(name, 0) + d["amount_fen"]
    return totals


def _amount(label: str, fen: int) -> dict[str, Any]:
    return {"label": label, "amount": format_yuan(fen), "bold": False}


def mark_reprint(document: dict[str, Any], translate: Translate) -> dict[str, Any]:
    banner = {"text": translate(CONTEXT, _LABELS["reprint"]), "align": "center", "bold": True,
              "double": False}
    return {**document, "header": [banner, *document["header"]], "open_drawer": False}


def _left(text: str) -> dict[str, Any]:
    return {"text": text, "align": "left", "bold": False, "double": False}
