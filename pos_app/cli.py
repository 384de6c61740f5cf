"""`pos-till`: the till window and the commands support staff, automation and benchmarks use.

Names and arguments are stable. Bad input prints one clear line on stderr, exits non-zero and
writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from platformdirs import user_data_dir

from pos_app import __version__
from pos_app.domain.barcode import validate_gtin
from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import check_amount, format_yuan
from pos_app.i18n import load_translator
from pos_app.services.checkout import split_item
from pos_app.services.ports import PrinterFailed

EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3


class BadArguments(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "{detail}")


class NoTillHere(PosError):
    msgid = QT_TRANSLATE_NOOP(
        "errors", "There is no till in {path} (enrol one first: pos-till --data-dir {path} enroll)."
    )


class SyncFailed(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Sync with head office failed: {detail}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-till", description="Chain-store till.")
    parser.add_argument("--data-dir", type=Path, default=Path(user_data_dir("pos-till")),
                        help="folder holding this till's database, receipts and backups")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default=None,
                        help="language of the window and messages (default: the till's setting)")
    parser.add_argument("--version", action="version", version=f"pos-till {__version__}")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("enroll", help="enrol this till with head office and pull its catalog")
    p.add_argument("--hq", required=True, help="head office URL, e.g. http://127.0.0.1:8765")
    p.add_argument("--code", required=True, help="one-time enrolment code from head office")

    p = sub.add_parser("sell", help="ring one sale through the same services as the window")
    p.add_argument("--staff", required=True)
    p.add_argument("--pin", required=True)
    p.add_argument("--item", action="append", required=True, metavar="BARCODE[*QTY]",
                   type=_checked(parse_item))
    p.add_argument("--pay", required=True, metavar="cash[:FEN]", type=_checked(parse_cash))

    sub.add_parser("sync", help="push queued events and pull changes once")

    p = sub.add_parser("printer", help="show or set the receipt printer")
    printer = p.add_subparsers(dest="printer_command", required=True)
    printer.add_parser("show", help="print the printer settings as JSON")
    p = printer.add_parser("set", help="store printer settings (checked before saving)")
    p.add_argument("kind", choices=["virtual", "file", "network", "usb", "serial"])
    p.add_argument("options", nargs="*", metavar="KEY=VALUE")

    p = sub.add_parser("status", help="pending events, last successful sync, last error")
    p.add_argument("--json", action="store_true")
    return parser


def parse_cash(text: str) -> int | None:
    """'cash' → None (exact), 'cash:FEN' → FEN."""
    kind, _, amount = text.partition(":")
    if kind != "cash":
        raise BadArguments(detail=f"unsupported payment “{text}”: use cash or cash:FEN")
    if not amount:
        return None
    if not (amount.isascii() and amount.isdigit()):
        raise BadArguments(detail=f"“{amount}” is not an amount in fen (a whole number)")
    return check_amount(int(amount))


def parse_item(text: str) -> tuple[str, int]:
    """'BARCODE' or 'BARCODE*QTY', barcode check digit and quantity checked."""
    code, qty = split_item(text)
    return validate_gtin(code), qty


def _checked(parse):
    """An argparse type: bad values stop the command before it opens anything."""

    def convert(text: str):
        try:
            return parse(text)
        except PosError as exc:
            raise argparse.ArgumentTypeError(exc.message()) from exc

    convert.__name__ = parse.__name__
    return convert


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    translate = load_translator(args.lang or "en")
    try:
        return _run(args)
    except PosError as exc:
        print(exc.message(translate), file=sys.stderr)
        return EXIT_UNAVAILABLE if isinstance(exc, SyncFailed) else EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    from pos_app import bootstrap  # deferred: `--help` should not open databases

    if args.command is None:
        return bootstrap.run_window(args.data_dir, args.lang)
    if args.command != "enroll" and not (args.data_dir / bootstrap.DB_FILE).exists():
        raise NoTillHere(path=str(args.data_dir))  # a mistyped --data-dir creates nothing
    app = bootstrap.open_till(args.data_dir, args.lang)
    try:
        return COMMANDS[args.command](app, args)
    finally:
        app.close()


def cmd_enroll(app, args) -> int:
    from pos_app import bootstrap
    from sync.ports import TransportError

    if app.till.is_enrolled():
        raise BadArguments(detail=f"this till is already enrolled ({args.data_dir})")
    try:
        identity = bootstrap.enroll_till(app, args.hq, args.code)
    except TransportError as exc:
        raise SyncFailed(detail=str(exc)) from exc
    engine, transport = bootstrap.sync_engine(app)
    try:
        pulled = pull_all(engine)
    finally:
        transport.close()
    print(f"enrolled {identity.store_code}-{identity.terminal_name} ({identity.terminal_id}); "
          f"pulled {pulled} changes")
    return 0


def cmd_sell(app, args) -> int:
    till = app.till
    items, tendered = args.item, args.pay  # already checked by the parser
    staff = till.login(args.staff, args.pin)
    sale = till.new_sale()
    for code, qty in items:
        till.scan(sale, f"{code}*{qty}")
    done = till.complete_cash_sale(staff, sale, sale.total_fen if tendered is None else tendered)
    try:
        till.print_job(done.print_job_id)
    except PrinterFailed as exc:
        print(exc.message(load_translator(args.lang or "en")), file=sys.stderr)
    print(f"total {format_yuan(done.total_fen)} paid {format_yuan(done.tendered_fen)} "
          f"change {format_yuan(done.change_fen)}")
    print(done.receipt_no)
    return 0


def cmd_sync(app, args) -> int:
    from pos_app import bootstrap

    engine, transport = bootstrap.sync_engine(app)
    try:
        pushed = push_all(engine)
        pulled = pull_all(engine)
    finally:
        transport.close()
    print(f"pushed {pushed} events, pulled {pulled} changes")
    return 0


def push_all(engine) -> int:
    return _drain(engine.push_once, "pushed")


def pull_all(engine) -> int:
    return _drain(engine.pull_once, "pulled")


def _drain(run_once, counted: str) -> int:
    """Run until nothing is left: one engine run stops at its per-run bound (`more`)."""
    total = 0
    while True:
        outcome = run_once(force=True)
        if not outcome.ok:
            raise SyncFailed(detail=outcome.error)
        total += getattr(outcome, counted)
        if not outcome.more:
            return total


def cmd_status(app, args) -> int:
    status = app.till.sync_status()
    if args.json:
        print(json.dumps(status.to_dict(), ensure_ascii=False))
    else:
        for key, value in status.to_dict().items():
            print(f"{key}: {value}")
    return 0


def cmd_printer(app, args) -> int:
    from pos_app import bootstrap

    if args.printer_command == "show":
        print(json.dumps(bootstrap.printer_settings(app), ensure_ascii=False))
        return 0
    config: dict[str, object] = {"kind": args.kind}
    for option in args.options:
        key, eq, value = option.partition("=")
        if not eq or not key:
            raise BadArguments(detail=f"“{option}” is not KEY=VALUE")
        config[key] = int(value) if value.isascii() and value.isdigit() else value
    bootstrap.save_printer_settings(app, config)
    print(json.dumps(config, ensure_ascii=False))
    return 0


COMMANDS = {"enroll": cmd_enroll, "sell": cmd_sell, "sync": cmd_sync, "status": cmd_status,
            "printer": cmd_printer}
