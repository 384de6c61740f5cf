"""`pos-till shift ...` and `pos-till day ...`: shifts, paid-in / paid-out, X and Z reports.

    shift open  --staff N --pin P --float FEN
    shift cash  --staff N --pin P (--in FEN | --out FEN) --reason TEXT [--approver N --approver-pin P]
    shift x     [--json]
    shift close --staff N --pin P --count FEN [--json]      (blind: the count goes in first)
    day close   --staff N --pin P [--approver N --approver-pin P] [--date YYYY-MM-DD] [--json]

Same rules as the other commands (cli.py): bad input prints one clear line on stderr, exits 2
and writes nothing. What is printed (cash slip, shift report, Z report) is saved with the fact
first; a printer failure is reported on stderr and the fact stays saved.
"""

from __future__ import annotations

import argparse
import json
import sys

from pos_app.domain.money import format_yuan


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the `shift` and `day` subcommands."""
    from pos_app import cli  # cli imports this module first; it is complete by now

    fen = cli._checked(cli.parse_fen)

    p = sub.add_parser("shift", help="open / cash in-out / X reading / close a drawer shift")
    shift = p.add_subparsers(dest="shift_command", required=True)

    p = shift.add_parser("open", help="open a shift with the float in the drawer")
    _staff_options(p)
    p.add_argument("--float", dest="float_fen", required=True, type=fen, metavar="FEN",
                   help="cash put in the drawer to start with, in fen")

    p = shift.add_parser("cash", help="paid-in or paid-out of the drawer, with a reason")
    _staff_options(p)
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--in", dest="paid_in", type=fen, metavar="FEN", help="cash put in")
    way.add_argument("--out", dest="paid_out", type=fen, metavar="FEN", help="cash taken out")
    p.add_argument("--reason", required=True, help="why (printed on the slip)")
    cli._approver_options(p)

    p = shift.add_parser("x", help="X report: the open shift and day so far (changes nothing)")
    p.add_argument("--json", action="store_true")

    p = shift.add_parser("close", help="close the open shift with the counted cash (blind)")
    _staff_options(p)
    p.add_argument("--count", dest="counted_fen", required=True, type=fen, metavar="FEN",
                   help="cash counted in the drawer, in fen")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("day", help="end of day")
    day = p.add_subparsers(dest="day_command", required=True)
    p = day.add_parser("close", help="Z report: close the business day")
    _staff_options(p)
    cli._approver_options(p)
    p.add_argument("--date", type=cli._checked(_parse_date), metavar="YYYY-MM-DD",
                   help="an earlier business day never closed (default: the open one)")
    p.add_argument("--json", action="store_true", help="print the Z totals as JSON")


def _staff_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--staff", required=True, metavar="STAFF_NO")
    p.add_argument("--pin", required=True)


def _parse_date(text: str) -> str:
    from pos_app.services.day_close import parse_business_date

    return parse_business_date(text)


def cmd_shift(app, args) -> int:
    return {"open": _shift_open, "cash": _shift_cash, "x": _shift_x,
            "close": _shift_close}[args.shift_command](app, args)


def _shift_open(app, args) -> int:
    from pos_app.services import shifts

    till = app.till
    staff = till.login(args.staff, args.pin)
    opened = shifts.open_shift(till.uow_factory, till.clock, staff, args.float_fen)
    print(f"shift opened float {format_yuan(opened.float_fen)} business day "
          f"{opened.business_date}")
    print(opened.shift_id)
    return 0


def _shift_cash(app, args) -> int:
    from pos_app import cli
    from pos_app.domain.shift import PAID_IN, PAID_OUT
    from pos_app.services import shifts

    till = app.till
    approver = cli.approver_of(args)
    kind, amount = (PAID_IN, args.paid_in) if args.paid_in is not None else (PAID_OUT,
                                                                             args.paid_out)
    staff = till.login(args.staff, args.pin)
    moved = shifts.move_cash(till.uow_factory, till.clock, till.translate, till.hasher, staff,
                             kind, amount, args.reason, approver)
    _print(app, args, moved.print_job_id)
    approved = f" approved by {moved.approved_by}" if moved.approved_by else ""
    print(f"{kind.replace('_', ' ')} {format_yuan(moved.amount_fen)}{approved}: {moved.reason}")
    return 0


def _shift_x(app, args) -> int:
    from pos_app.services import shifts

    till = app.till
    report = shifts.x_report(till.uow_factory, till.clock, till.translate)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    day = report.day
    print(f"X report {report.local_time} business day {report.business_date}")
    print(f"sales {day['sales_count']} {format_yuan(day['sales_fen'])} refunds "
          f"{day['refunds_count']} {format_yuan(day['refunds_fen'])} net "
          f"{format_yuan(day['net_fen'])}")
    for kind, fen in day["by_tender"].items():
        print(f"  {kind} {format_yuan(fen)}")
    if report.shift is None:
        print("no shift open")
    else:
        shift = report.shift.to_dict()
        print(f"shift opened by {shift['opened_by']} float {format_yuan(shift['float_fen'])} "
              f"sales {shift['sales_count']} paid in {format_yuan(shift['paid_in_fen'])} "
              f"paid out {format_yuan(shift['paid_out_fen'])}")
        for kind, fen in shift["by_tender"].items():
            print(f"  {kind} {format_yuan(fen)}")
    return 0


def _shift_close(app, args) -> int:
    from pos_app.services import shifts

    till = app.till
    staff = till.login(args.staff, args.pin)
    closed = shifts.close_shift(till.uow_factory, till.clock, till.translate, staff,
                                args.counted_fen)
    _print(app, args, closed.print_job_id)
    if args.json:
        print(json.dumps(closed.summary, ensure_ascii=False))
        return 0
    expected = closed.expected_by_tender
    print(f"shift closed: cash expected {format_yuan(expected['cash'])} counted "
          f"{format_yuan(closed.counted_cash_fen)} variance "
          f"{format_yuan(closed.cash_variance_fen)}")
    return 0


def cmd_day(app, args) -> int:
    from pos_app import cli
    from pos_app.services import day_close

    till = app.till
    approver = cli.approver_of(args)
    staff = till.login(args.staff, args.pin)
    closed = day_close.close_day(till.uow_factory, till.clock, till.translate, till.hasher,
                                 staff, approver, args.date)
    _print(app, args, closed.print_job_id)
    totals = closed.totals
    if args.json:
        print(json.dumps(totals, ensure_ascii=False))
        return 0
    print(f"day {closed.business_date} closed: sales {totals['sales_count']} "
          f"{format_yuan(totals['sales_fen'])} refunds {totals['refunds_count']} "
          f"{format_yuan(totals['refunds_fen'])} net {format_yuan(totals['net_fen'])}")
    return 0


def _print(app, args, job_id: str) -> None:
    """Print what was just saved; a printer failure leaves the job queued for a reprint."""
    from pos_app.i18n import load_translator
    from pos_app.services.ports import PrinterFailed

    try:
        app.till.print_job(job_id)
    except PrinterFailed as exc:
        print(exc.message(load_translator(args.lang or "en")), file=sys.stderr)


COMMANDS: dict = {"shift": cmd_shift, "day": cmd_day}
