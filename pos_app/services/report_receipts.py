"""Printed documents for cash movements, the shift report, the X report and the Z report.

Same shape as services/receipts.py (devices.ReceiptDocument as plain data): header lines, then
the figures as label / amount lines (`totals`), with bold section headings inside them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pos_app.domain.errors import QT_TRANSLATE_NOOP
from pos_app.domain.money import format_yuan
from pos_app.domain.shift import PAID_IN, ShiftTakings
from pos_app.domain.tender import TENDER_NAMES, TenderKind
from pos_app.services.ports import TerminalIdentity, Translate

CONTEXT = "receipt"
_LABELS = {
    "paid_in": QT_TRANSLATE_NOOP("receipt", "Paid in"),
    "paid_out": QT_TRANSLATE_NOOP("receipt", "Paid out"),
    "reason": QT_TRANSLATE_NOOP("receipt", "Reason"),
    "staff": QT_TRANSLATE_NOOP("receipt", "Staff"),
    "approved_by": QT_TRANSLATE_NOOP("receipt", "Approved by"),
    "time": QT_TRANSLATE_NOOP("receipt", "Time"),
    "terminal": QT_TRANSLATE_NOOP("receipt", "Terminal"),
    "shift_report": QT_TRANSLATE_NOOP("receipt", "Shift report"),
    "x_report": QT_TRANSLATE_NOOP("receipt", "X report (day not closed)"),
    "z_report": QT_TRANSLATE_NOOP("receipt", "Z report (day close)"),
    "business_date": QT_TRANSLATE_NOOP("receipt", "Business date"),
    "opened": QT_TRANSLATE_NOOP("receipt", "Opened"),
    "closed": QT_TRANSLATE_NOOP("receipt", "Closed"),
    "closed_by": QT_TRANSLATE_NOOP("receipt", "Closed by"),
    "float": QT_TRANSLATE_NOOP("receipt", "Float"),
    "sales": QT_TRANSLATE_NOOP("receipt", "Sales"),
    "refunds": QT_TRANSLATE_NOOP("receipt", "Refunds"),
    "original": QT_TRANSLATE_NOOP("receipt", "Before discounts"),
    "discounts": QT_TRANSLATE_NOOP("receipt", "Discounts"),
    "rounding": QT_TRANSLATE_NOOP("receipt", "Rounding"),
    "net": QT_TRANSLATE_NOOP("receipt", "Net"),
    "voids": QT_TRANSLATE_NOOP("receipt", "Voids"),
    "expected_cash": QT_TRANSLATE_NOOP("receipt", "Cash expected"),
    "counted_cash": QT_TRANSLATE_NOOP("receipt", "Cash counted"),
    "variance": QT_TRANSLATE_NOOP("receipt", "Variance"),
    "by_tender": QT_TRANSLATE_NOOP("receipt", "By tender"),
    "by_category": QT_TRANSLATE_NOOP("receipt", "By category"),
    "by_cashier": QT_TRANSLATE_NOOP("receipt", "By cashier"),
    "by_hour": QT_TRANSLATE_NOOP("receipt", "By hour"),
    "no_category": QT_TRANSLATE_NOOP("receipt", "(no category)"),
    "current_shift": QT_TRANSLATE_NOOP("receipt", "Open shift"),
    "no_shift": QT_TRANSLATE_NOOP("receipt", "No shift is open"),
    "events": QT_TRANSLATE_NOOP("receipt", "Events"),
}


class _Labels:
    def __init__(self, translate: Translate) -> None:
        self.translate = translate

    def __call__(self, key: str) -> str:
        return self.translate(CONTEXT, _LABELS[key])

    def tender(self, kind: str) -> str:
        try:
            return self.translate("tender", TENDER_NAMES[TenderKind(kind)])
        except ValueError:
            return kind


def build_cash_slip(identity: TerminalIdentity, *, kind: str, amount_fen: int, reason: str,
                    staff_no: str, approved_by: str | None, local_time: str,
                    translate: Translate) -> dict[str, Any]:
    """A short slip for a paid-in / paid-out; printing it opens the drawer."""
    t = _Labels(translate)
    title = t("paid_in") if kind == PAID_IN else t("paid_out")
    header = [_center(identity.store_name, bold=True), _center(title, bold=True),
              _left(f"{t('terminal')}: {identity.store_code}-{identity.terminal_name}"),
              _left(f"{t('time')}: {local_time}"), _left(f"{t('staff')}: {staff_no}")]
    if approved_by:
        header.append(_left(f"{t('approved_by')}: {approved_by}"))
    header.append(_left(f"{t('reason')}: {reason}"))
    return _document(header, [_amount(title, amount_fen, bold=True)], open_drawer=True)


def build_shift_report(identity: TerminalIdentity, *, opened_by: str, opened_at: str,
                       closed_by: str, closed_at: str, takings: ShiftTakings,
                       counted_cash_fen: int, translate: Translate) -> dict[str, Any]:
    """The shift report printed at close: takings by tender, cash expected, counted, variance."""
    t = _Labels(translate)
    header = [_center(identity.store_name, bold=True), _center(t("shift_report"), bold=True),
              _left(f"{t('terminal')}: {identity.store_code}-{identity.terminal_name}"),
              _left(f"{t('opened')}: {opened_at} ({opened_by})"),
              _left(f"{t('closed')}: {closed_at} ({closed_by})")]
    totals = _shift_lines(t, takings)
    totals += [
        _amount(t("expected_cash"), takings.expected_cash_fen),
        _amount(t("counted_cash"), counted_cash_fen),
        _amount(t("variance"), takings.variance(counted_cash_fen), bold=True),
    ]
    return _document(header, totals)


def _shift_lines(t: _Labels, takings: ShiftTakings) -> list[dict[str, Any]]:
    sales = sum(takings.sales_by_tender.values())
    refunds = sum(takings.refunds_by_tender.values())
    lines = [
        _amount(t("float"), takings.float_fen),
        _amount(f"{t('sales')} ({takings.sales_count})", sales),
        _amount(f"{t('refunds')} ({takings.refunds_count})", -refunds),
        _amount(t("paid_in"), takings.paid_in_fen),
        _amount(t("paid_out"), -takings.paid_out_fen),
        _heading(t("by_tender")),
    ]
    lines += [_amount(t.tender(kind), fen) for kind, fen in takings.net_by_tender().items()]
    return lines


def build_day_report(identity: TerminalIdentity, totals: Mapping[str, Any], *, local_time: str,
                     translate: Translate, closed_by: str | None = None,
                     shift: ShiftTakings | None = None, shift_opened: str | None = None,
                     category_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The Z report when `closed_by` is given (the day is closed), else an X report (a reading
    of the day so far, with the open shift's takings when `shift` is given)."""
    t = _Labels(translate)
    title = t("z_report") if closed_by else t("x_report")
    header = [_center(identity.store_name, bold=True), _center(title, bold=True),
              _left(f"{t('terminal')}: {identity.store_code}-{identity.terminal_name}"),
              _left(f"{t('business_date')}: {totals['business_date']}"),
              _left(f"{t('time')}: {local_time}")]
    if closed_by:
        header.append(_left(f"{t('closed_by')}: {closed_by}"))
    lines = [
        _amount(f"{t('sales')} ({totals['sales_count']})", totals["sales_fen"]),
        _amount(t("original"), totals["original_fen"]),
        _amount(t("discounts"), -totals["discount_fen"]),
        _amount(t("rounding"), -totals["rounding_fen"]),
        _amount(f"{t('refunds')} ({totals['refunds_count']})", -totals["refunds_fen"]),
        _amount(t("net"), totals["net_fen"], bold=True),
        _amount(f"{t('voids')} ({totals['voids_count']})", totals["voids_fen"]),
        _amount(t("paid_in"), totals["paid_in_fen"]),
        _amount(t("paid_out"), -totals["paid_out_fen"]),
        _heading(t("by_tender")),
    ]
    lines += [_amount(t.tender(k), v) for k, v in totals["by_tender"].items()]
    lines.append(_heading(t("by_category")))
    names = category_names or {}
    lines += [_amount(names.get(k, k) if k else t("no_category"), v)
              for k, v in totals["by_category"].items()]
    lines.append(_heading(t("by_cashier")))
    lines += [_amount(k, v) for k, v in totals["by_cashier"].items()]
    lines.append(_heading(t("by_hour")))
    lines += [_amount(f"{k}:00", v) for k, v in totals["by_hour"].items()]
    if totals.get("first_seq") is not None:
        lines.append({"label": t("events"), "amount": f"{totals['first_seq']}-"
                                                      f"{totals['last_seq']}", "bold": False})
    if not closed_by:
        if shift is None:
            lines.append(_heading(t("no_shift")))
        else:
            lines.append(_heading(f"{t('current_shift')}: {shift_opened or ''}"))
            lines += _shift_lines(t, shift)
            lines.append(_amount(t("expected_cash"), shift.expected_cash_fen))
    return _document(header, lines)


def _document(header: list[dict[str, Any]], totals: list[dict[str, Any]],
              open_drawer: bool = False) -> dict[str, Any]:
    return {"header": header, "lines": [], "totals": totals, "payments": [], "footer": [],
            "barcode": None, "qr": None, "open_drawer": open_drawer}


def _amount(label: str, fen: int, bold: bool = False) -> dict[str, Any]:
    return {"label": label, "amount": format_yuan(fen), "bold": bold}


def _heading(label: str) -> dict[str, Any]:
    return {"label": label, "amount": "", "bold": True}


def _center(text: str, bold: bool = False) -> dict[str, Any]:
    return {"text": text, "align": "center", "bold": bold, "double": False}


def _left(text: str) -> dict[str, Any]:
    return {"text": text, "align": "left", "bold": False, "double": False}
