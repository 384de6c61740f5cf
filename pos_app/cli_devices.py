"""`pos-till device ...`: counter devices for support staff.

    device list [--json]                  configured devices and what is plugged in
    device set ROLE KIND [KEY=VALUE ...] --staff N --pin P [--approver N --approver-pin P]
    device test ROLE --staff N --pin P [--approver N --approver-pin P]
    device print-text FILE                a UTF-8 text file through the receipt pipeline

ROLE is printer, drawer, scanner, card_reader or display. Same rules as the other commands
(cli.py): bad input prints one clear line on stderr, exits 2 and writes nothing. Changing or
testing a device needs a staff member allowed to (a manager), and is audited.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pos_app.domain.errors import QT_TRANSLATE_NOOP, PosError
from pos_app.services import devices as device_roles

MAX_TEXT_BYTES = 64 * 1024  # a check page, not a book: the printer would take minutes


class TextFileUnusable(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "Cannot print {path}: {detail}")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from pos_app import cli  # cli imports this module first; it is complete by now

    p = sub.add_parser("device", help="counter devices: list, set, test, print a text file")
    device = p.add_subparsers(dest="device_command", required=True)

    p = device.add_parser("list", help="configured devices and devices found on this machine")
    p.add_argument("--json", action="store_true")

    p = device.add_parser("set", help="store one device's settings (checked, then applied)")
    p.add_argument("role", choices=device_roles.ROLES)
    p.add_argument("kind", help="e.g. virtual, usb, serial, network, wedge, printer, none")
    p.add_argument("options", nargs="*", metavar="KEY=VALUE")
    _staff_options(p)
    cli._approver_options(p)

    p = device.add_parser("test", help="exercise a device with its stored settings")
    p.add_argument("role", choices=device_roles.ROLES)
    _staff_options(p)
    cli._approver_options(p)

    p = device.add_parser("print-text", help="print a UTF-8 text file on the receipt printer")
    p.add_argument("file", type=Path)


def _staff_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--staff", required=True, help="staff no. of a manager")
    p.add_argument("--pin", required=True)


def parse_options(kind: str, options: list[str]) -> dict[str, object]:
    from pos_app.cli import BadArguments

    config: dict[str, object] = {"kind": kind}
    for option in options:
        key, eq, value = option.partition("=")
        if not eq or not key:
            raise BadArguments(detail=f"“{option}” is not KEY=VALUE")
        config[key] = int(value) if value.isascii() and value.isdigit() else value
    return config


def read_text(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TextFileUnusable(path=str(path), detail=exc.strerror or str(exc)) from exc
    if len(data) > MAX_TEXT_BYTES:
        raise TextFileUnusable(path=str(path), detail=f"larger than {MAX_TEXT_BYTES // 1024} KB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextFileUnusable(path=str(path), detail=f"not UTF-8 text (byte {exc.start})") \
            from exc
    return text.splitlines() or [""]


def cmd_device(app, args) -> int:
    from pos_app import cli

    till = app.till
    if args.device_command == "list":
        return _list(app, args.json)
    if args.device_command == "print-text":
        lines = read_text(args.file)
        till.print_text(lines)
        print(till.translate("devices", QT_TRANSLATE_NOOP(
            "devices", "{count} lines sent to the printer.")).format(count=len(lines)))
        return 0
    staff = till.login(args.staff, args.pin)
    approver = cli.approver_of(args)
    if args.device_command == "set":
        config = parse_options(args.kind, args.options)
        till.save_device_settings(staff, args.role, config, approver)
        print(json.dumps(config, ensure_ascii=False))
        return 0
    config = till.device_settings()[args.role]
    print(till.test_device(staff, args.role, config, approver))
    return 0


def _list(app, as_json: bool) -> int:
    till = app.till
    configured = till.device_settings()
    detected = till.detected_devices()
    status = till.device_status()
    if as_json:
        print(json.dumps({"configured": configured, "status": status, "detected": detected},
                         ensure_ascii=False))
        return 0
    tr = till.translate
    for role in device_roles.ROLES:
        name = tr("devices", device_roles.ROLE_NAMES[role])
        print(f"{name} ({role}): {json.dumps(configured[role], ensure_ascii=False)}")
        if role in status:
            print(f"  {json.dumps(status[role], ensure_ascii=False)}")
    print(tr("devices", QT_TRANSLATE_NOOP("devices", "Found on this machine:")))
    if not detected:
        print("  " + tr("devices", QT_TRANSLATE_NOOP("devices", "nothing")))
    for found in detected:
        print(f"  {found['type']}\t{found['id']}\t{found['name']}")
    return 0


COMMANDS = {"device": cmd_device}
