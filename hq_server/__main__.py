"""`pos-hq`: run the head-office service and administer it from the command line.

    pos-hq serve [--db URL] [--host H] [--port P]
    pos-hq [--db URL] seed-demo
    pos-hq [--db URL] terminal add --store S001 --name T01     (last line: the enrolment code)
    pos-hq [--db URL] terminal revoke --store S001 --name T01
    pos-hq [--db URL] report sales --date YYYY-MM-DD [--json]
    pos-hq [--db URL] promotion load FILE       (rules and member levels, promotions.json format)
    pos-hq [--db URL] promotion disable ID
    pos-hq [--db URL] member load FILE          (members by member_no, members.json format)

--db may come before or after the subcommand; without it POS_HQ_DB_URL or the default SQLite
file in the user data dir is used. Bad input: one line on stderr, exit code 2, nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from hq_server import __version__
from hq_server.db import Database
from hq_server.services.errors import ServiceError
from hq_server.settings import Settings

EXIT_BAD_INPUT = 2


class CliError(Exception):
    pass


def _db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a --db given after the subcommand does not overwrite one given before it.
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="URL",
                        help="database URL (sqlite:///PATH or postgresql://...); "
                             "default: $POS_HQ_DB_URL or a SQLite file in the user data dir")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-hq", description="Head office for the chain tills")
    parser.add_argument("--version", action="version", version=f"pos-hq {__version__}")
    _db_option(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("serve", help="run the HQ web service (API and dashboard)")
    _db_option(p)
    p.add_argument("--host", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8765)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("seed-demo", help="create the demo store, staff, ~200 products and the "
                                         "demo promotions and members")
    _db_option(p)
    p.set_defaults(func=cmd_seed_demo)

    terminal = sub.add_parser("terminal", help="manage terminals (tills)")
    _db_option(terminal)
    tsub = terminal.add_subparsers(dest="terminal_command", required=True, metavar="ACTION")
    p = tsub.add_parser("add", help="create a terminal and print its one-time enrolment code")
    _db_option(p)
    p.add_argument("--store", required=True, help="store code, e.g. S001")
    p.add_argument("--name", required=True, help="terminal name, e.g. T01")
    p.set_defaults(func=cmd_terminal_add)
    p = tsub.add_parser("revoke", help="revoke a terminal's device token")
    _db_option(p)
    p.add_argument("--store", required=True)
    p.add_argument("--name", required=True)
    p.set_defaults(func=cmd_terminal_revoke)

    report = sub.add_parser("report", help="reports")
    _db_option(report)
    rsub = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    p = rsub.add_parser("sales", help="sales of one business date per terminal")
    _db_option(p)
    p.add_argument("--date", required=True, help="business date, YYYY-MM-DD")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_report_sales)

    promotion = sub.add_parser("promotion", help="promotions and member levels for every till")
    _db_option(promotion)
    psub = promotion.add_subparsers(dest="promotion_command", required=True, metavar="ACTION")
    p = psub.add_parser("load", help="create or update the rules and member levels of a JSON "
                                     "file (the format of resources/demo/promotions.json)")
    _db_option(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_promotion_load)
    p = psub.add_parser("disable", help="stop applying a promotion at every till")
    _db_option(p)
    p.add_argument("id", metavar="ID", help="the rule id, e.g. PROMO-SPEND")
    p.set_defaults(func=cmd_promotion_disable)

    member = sub.add_parser("member", help="members, published to every till for card lookup")
    _db_option(member)
    msub = member.add_subparsers(dest="member_command", required=True, metavar="ACTION")
    p = msub.add_parser("load", help="create or update the members of a JSON file by member_no "
                                     "(the format of resources/demo/members.json)")
    _db_option(p)
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_member_load)
    return parser


def open_database(url: str) -> Database:
    """Connect and migrate to head, or raise CliError with one clear line."""
    try:
        db = Database(url)
    except ServiceError as exc:
        raise CliError(exc.detail) from exc
    try:
        from hq_server import migrate

        migrate.upgrade(db)
    except OperationalError as exc:
        db.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise CliError(f"cannot open the database {_safe(db.url)}: {reason}") from exc
    except SQLAlchemyError as exc:
        db.dispose()
        raise CliError(f"database error on {_safe(db.url)}: {exc.__class__.__name__}") from exc
    return db


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # only for a message
        return "<database>"


def cmd_serve(args, settings: Settings) -> int:
    import uvicorn

    from hq_server.app import create_app

    if args.host:
        settings.host = args.host
    if args.port is not None:
        if not 0 < args.port < 65536:
            raise CliError(f"not a TCP port: {args.port}")
        settings.port = args.port
    db = open_database(settings.db_url)
    app = create_app(settings, db)
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info",
                    access_log=False)
    finally:
        db.dispose()
    return 0


def _in_transaction(settings: Settings, work: Callable):
    db = open_database(settings.db_url)
    try:
        with db.write() as session:
            return work(session)
    finally:
        db.dispose()


def cmd_seed_demo(args, settings: Settings) -> int:
    from hq_server.services import catalog

    result = _in_transaction(settings, catalog.seed_demo)
    print(result.summary())
    return 0


def cmd_terminal_add(args, settings: Settings) -> int:
    from hq_server.schemas import TerminalCreate, TerminalCreatedPublic
    from hq_server.services import terminals

    try:
        spec = TerminalCreate(store_code=args.store, name=args.name)
    except ValidationError as exc:
        raise CliError("--store must be 1-32 and --name 1-16 characters") from exc

    def work(session):
        created = terminals.create_terminal(
            session, spec.store_code, spec.name,
            valid_for=timedelta(hours=settings.enrol_code_hours))
        return TerminalCreatedPublic(id=created.terminal.id, name=created.terminal.name,
                                     store_code=spec.store_code, enrol_code=created.code,
                                     expires_at=created.expires_at)

    out = _in_transaction(settings, work)
    print(f"terminal {out.store_code}-{out.name} created (id {out.id})")
    print(f"enrolment code valid until {out.expires_at:%Y-%m-%d %H:%M} UTC, usable once:")
    print(out.enrol_code)
    return 0


def cmd_terminal_revoke(args, settings: Settings) -> int:
    from hq_server.services import terminals

    name = _in_transaction(settings, lambda s: terminals.revoke(s, args.store, args.name).name)
    print(f"terminal {args.store}-{name} revoked")
    return 0


def cmd_report_sales(args, settings: Settings) -> int:
    from hq_server.services import reports
    from pos_app.domain.money import format_yuan

    day = reports.parse_date(args.date)  # before opening the database
    db = open_database(settings.db_url)
    try:
        with db.read() as session:
            report = reports.sales_by_terminal(session, day)
    finally:
        db.dispose()
    if args.json:
        print(report.model_dump_json(indent=2))
        return 0
    print(f"sales on {report.date}")
    print(f"{'store':<8}{'terminal':<10}{'count':>8}{'total ¥':>14}{'refunds':>9}"
          f"{'refunded ¥':>14}{'net ¥':>14}{'last seq':>10}")
    for row in report.terminals:
        print(f"{row.store_code:<8}{row.terminal_name:<10}{row.count:>8}"
              f"{format_yuan(row.total_fen):>14}{row.refunds_count:>9}"
              f"{format_yuan(row.refunds_fen):>14}{format_yuan(row.net_fen):>14}"
              f"{row.last_seq:>10}")
    print(f"{'total':<18}{report.count:>8}{format_yuan(report.total_fen):>14}"
          f"{report.refunds_count:>9}{format_yuan(report.refunds_fen):>14}"
          f"{format_yuan(report.net_fen):>14}")
    return 0


def cmd_promotion_load(args, settings: Settings) -> int:
    from hq_server.services import promotions

    checked = promotions.read_file(Path(args.file))  # before opening the database
    result = _in_transaction(settings, lambda s: promotions.load(s, checked))
    print(result.summary())
    return 0


def cmd_promotion_disable(args, settings: Settings) -> int:
    from hq_server.services import promotions

    changed = _in_transaction(settings,
                              lambda s: promotions.disable_promotion(s, args.id)[1])
    print(f"promotion {args.id} {'disabled' if changed else 'was already disabled'}")
    return 0


def cmd_member_load(args, settings: Settings) -> int:
    from hq_server.services import members

    checked = members.read_file(Path(args.file))  # before opening the database
    result = _in_transaction(settings, lambda s: members.load(s, checked))
    print(result.summary())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
        if getattr(args, "db", None):
            settings.db_url = args.db
        return args.func(args, settings)
    except CliError as exc:
        print(f"pos-hq: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ServiceError as exc:
        print(f"pos-hq: error: {exc.detail}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
