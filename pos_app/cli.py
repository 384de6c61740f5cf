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

from pos_app import __version__, cli_devices, cli_refund, cli_shifts
from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.domain.money import check_amount, format_yuan
from pos_app.domain.tender import TenderKind, TenderOffer, check_offers
from pos_app.i18n import load_translator
from pos_app.services.approvals import Credentials
from pos_app.services.lookup import split_code
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
    p.add_argument("--item", action="append", required=True, metavar="CODE[*QTY]",
                   type=_checked(parse_item),
                   help="barcode, scale label, PLU or item code; repeat for more lines")
    p.add_argument("--pay", action="append", required=True,
                   metavar="cash[:FEN]|card:FEN:REF|mobile:FEN:CODE", type=_checked(parse_pay),
                   help="repeat for split tender; plain `cash` pays what is left, exactly")
    p.add_argument("--discount", type=_checked(parse_discount), metavar="FEN|N%",
                   help="manual discount on the whole sale, in fen or percent")
    _approver_options(p)

    sub.add_parser("sync", help="push queued events and pull changes once")

    p = sub.add_parser("printer", help="show or set the receipt printer")
    printer = p.add_subparsers(dest="printer_command", required=True)
    printer.add_parser("show", help="print the printer settings as JSON")
    p = printer.add_parser("set", help="store printer settings (checked before saving)")
    p.add_argument("kind", choices=["virtual", "file", "network", "usb", "serial"])
    p.add_argument("options", nargs="*", metavar="KEY=VALUE")

    cli_refund.add_parsers(sub)
    cli_shifts.add_parsers(sub)
    cli_devices.add_parsers(sub)

    p = sub.add_parser("status", help="pending events, last successful sync, last error")
    p.add_argument("--json", action="store_true")
    return parser


def _approver_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--approver", metavar="STAFF_NO",
                   help="staff no. of a manager approving what the staff's role does not allow")
    p.add_argument("--approver-pin", metavar="PIN")


def approver_of(args) -> Credentials | None:
    if args.approver is None:
        return None
    if not args.approver_pin:
        raise BadArguments(detail="--approver needs --approver-pin")
    return Credentials(args.approver, args.approver_pin)


def parse_fen(amount: str) -> int:
    if not (amount.isascii() and amount.isdigit()):
        raise BadArguments(detail=f"“{amount}” is not an amount in fen (a whole number)")
    return check_amount(int(amount))


def parse_pay(text: str) -> TenderOffer | None:
    """'cash' → None (what is left, exactly); 'cash:FEN'; 'card:FEN:REF'; 'mobile:FEN:CODE'."""
    kind, _, rest = text.partition(":")
    amount, _, reference = rest.partition(":")
    if kind == "cash" and not rest:
        return None
    if kind not in ("cash", "card", "mobile") or (kind == "cash" and reference):
        raise BadArguments(detail=f"unsupported payment “{text}”: use cash, cash:FEN, "
                                  "card:FEN:REF or mobile:FEN:CODE")
    offer = TenderOffer(TenderKind(kind), parse_fen(amount), reference=reference or None)
    check_offers([offer])
    return offer


def parse_discount(text: str) -> tuple[str, int]:
    """'500' → ("fen", 500); '10%' → ("percent", 10)."""
    if text.endswith("%"):
        percent = text[:-1]
        if not (percent.isascii() and percent.isdigit()) or not 0 < int(percent) <= 100:
            raise BadArguments(detail=f"“{text}” is not a percentage from 1% to 100%")
        return ("percent", int(percent))
    return ("fen", parse_fen(text))


def parse_item(text: str) -> tuple[str, int | None]:
    """'CODE' or 'CODE*QTY' (quantity checked here; the code when it is looked up)."""
    code, qty = split_code(text)
    if not code:
        raise BadArguments(detail=f"“{text}” names no item")
    return code, qty


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
    approver = approver_of(args)
    staff = till.login(args.staff, args.pin)
    sale = till.new_sale()
    for code, qty in args.item:  # already checked by the parser
        till.scan(sale, code if qty is None else f"{code}*{qty}")
    if args.discount:
        unit, value = args.discount
        fen = value if unit == "fen" else sale.total_fen * value // 100
        till.discount_sale(staff, sale, fen, approver)
    offers = cash_for_the_rest(till, sale, args.pay)
    done = till.complete_sale(staff, sale, offers)
    try:
        till.print_job(done.print_job_id)
    except PrinterFailed as exc:
        print(exc.message(load_translator(args.lang or "en")), file=sys.stderr)
    rounding = f" rounding {format_yuan(done.rounding_fen)}" if done.rounding_fen else ""
    pending = " (mobile payment pending confirmation)" if done.pending_confirmation else ""
    print(f"total {format_yuan(done.total_fen)} paid {format_yuan(done.tendered_fen)} "
          f"change {format_yuan(done.change_fen)}{rounding}{pending}")
    print(done.receipt_no)
    return 0


def cash_for_the_rest(till, sale, pays: list[TenderOffer | None]) -> list[TenderOffer]:
    """A plain `cash` pays what the other payments leave, exactly (after store rounding)."""
    given = [x for x in pays if x is not None]
    if len(given) == len(pays):
        return given
    only_cash = all(x.kind is TenderKind.CASH for x in given)
    from pos_app.domain.money import cash_rounding

    total = sale.total_fen
    due = total - (cash_rounding(total, till.cash_rounding_mode()) if only_cash else 0)
    rest = due - sum(x.amount_fen for x in given)
    if rest <= 0:
        raise BadArguments(detail="plain `cash` has nothing left to pay")
    return [*given, TenderOffer(TenderKind.CASH, rest)]


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
            "printer": cmd_printer, **cli_refund.COMMANDS, **cli_shifts.COMMANDS,
            **cli_devices.COMMANDS}
