"""`pos-till refund`: return goods and pay the money back, through the same services as the
window.

    pos-till refund --staff N --pin P --receipt S001-T01-20261123-0005 [--line N[*QTY] ...]
                    [--to-cash] [--card-ref REF] [--reason TEXT]
                    [--approver N --approver-pin P] [--json]
    pos-till refund --staff N --pin P --no-receipt --item CODE[*QTY] ... [--approver ...]

No --line returns everything still returnable; `--line 2` all that is left of line 2. A sale
from another till of the store is looked up at head office; when that is needed and head office
cannot be reached the command exits 3. Bad input: one clear line on stderr, exit 2, nothing
written. Output: the refund total, one line per tender, and the refund no. last.
"""

from __future__ import annotations

import argparse
import json
import sys

from pos_app.domain.money import format_yuan
from pos_app.domain.sale import parse_quantity


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `refund` subcommand."""
    from pos_app import cli  # cli imports this module; by now it is loaded

    p = sub.add_parser("refund", help="return goods of a sale (or without receipt) and pay back")
    p.add_argument("--staff", required=True)
    p.add_argument("--pin", required=True)
    p.add_argument("--receipt", metavar="RECEIPT_NO",
                   help="the receipt no. (what the receipt's barcode holds)")
    p.add_argument("--line", action="append", metavar="N[*QTY]", type=cli._checked(parse_line),
                   help="line no. of the receipt and how many to return (default: all that "
                        "is left of it); repeat for more lines; none = everything returnable")
    p.add_argument("--to-cash", action="store_true",
                   help="pay everything back in cash instead of the original card / mobile "
                        "payments (needs approval)")
    p.add_argument("--card-ref", metavar="REF",
                   help="reference no. of the refund done on the card terminal")
    p.add_argument("--no-receipt", action="store_true",
                   help="a return without receipt (store policy; refunded in cash)")
    p.add_argument("--item", action="append", metavar="CODE[*QTY]",
                   type=cli._checked(cli.parse_item),
                   help="with --no-receipt: barcode, scale label, PLU or item code; repeat")
    p.add_argument("--reason", default="", help="why the goods came back (printed, sent to HQ)")
    cli._approver_options(p)
    p.add_argument("--json", action="store_true", help="print the refund as one JSON object")


def parse_line(text: str) -> tuple[int, int | None]:
    """'2' → (2, None): all that is left of line 2; '2*3' → (2, 3)."""
    from pos_app.cli import BadArguments

    number, star, qty = text.strip().partition("*")
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise BadArguments(detail=f"“{text}” is not a receipt line: use N or N*QTY "
                                  "(line no. 1, 2, … as printed)")
    return int(number), (parse_quantity(qty) if star else None)


def cmd_refund(app, args) -> int:
    from pos_app import cli
    from pos_app.i18n import load_translator
    from pos_app.services import refunds
    from pos_app.services.ports import PrinterFailed

    _check_combination(args)
    approver = cli.approver_of(args)
    till = app.till
    staff = till.login(args.staff, args.pin)
    if args.no_receipt:
        items = [code if qty is None else f"{code}*{qty}" for code, qty in args.item]
        done = till.refund_without_receipt(staff, items, approver=approver, reason=args.reason)
    else:
        try:
            original = till.find_sale(args.receipt)
        except refunds.SaleNotReachable as exc:
            print(exc.message(load_translator(args.lang or "en")), file=sys.stderr)
            return cli.EXIT_UNAVAILABLE
        done = till.refund_sale(staff, original, args.line, to_cash=args.to_cash,
                                card_reference=args.card_ref, approver=approver,
                                reason=args.reason)
    try:
        till.print_job(done.print_job_id)
    except PrinterFailed as exc:
        print(exc.message(load_translator(args.lang or "en")), file=sys.stderr)
    if args.json:
        print(json.dumps(_as_json(done), ensure_ascii=False))
        return 0
    of = f" of {done.original_receipt_no}" if done.original_receipt_no else " without receipt"
    print(f"refund {format_yuan(done.total_fen)}{of}")
    for tender in done.tenders:
        reference = f" ref {tender['reference']}" if tender["reference"] else ""
        pending = " (pending confirmation)" if tender["status"] == "pending" else ""
        print(f"  {tender['kind']} {format_yuan(tender['amount_fen'])}{reference}{pending}")
    print(done.refund_no)
    return 0


def _check_combination(args) -> None:
    from pos_app.cli import BadArguments

    if args.no_receipt:
        if args.receipt:
            raise BadArguments(detail="use either --receipt or --no-receipt, not both")
        if not args.item:
            raise BadArguments(detail="--no-receipt needs at least one --item CODE[*QTY]")
        for option, given in (("--line", args.line), ("--to-cash", args.to_cash),
                              ("--card-ref", args.card_ref)):
            if given:
                raise BadArguments(detail=f"{option} goes with --receipt, not --no-receipt "
                                          "(returns without receipt are paid in cash)")
    else:
        if not args.receipt:
            raise BadArguments(detail="give --receipt RECEIPT_NO, or --no-receipt with --item")
        if args.item:
            raise BadArguments(detail="--item goes with --no-receipt; with --receipt pick "
                                      "lines with --line N[*QTY]")
        if args.to_cash and args.card_ref:
            raise BadArguments(detail="--card-ref is for a refund to the card; --to-cash pays "
                                      "it all in cash")


def _as_json(done) -> dict:
    return {
        "refund_no": done.refund_no, "refund_id": done.refund_id,
        "original_receipt_no": done.original_receipt_no, "business_date": done.business_date,
        "total_fen": done.total_fen, "approved_by": done.approved_by,
        "pending_confirmation": done.pending_confirmation,
        "lines": [{k: x[k] for k in ("original_line_no", "sku", "name", "qty", "amount_fen")}
                  for x in done.lines],
        "tenders": list(done.tenders),
    }


COMMANDS: dict = {"refund": cmd_refund}
