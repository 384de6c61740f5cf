"""Counter devices on a real till: settings stored in its database, the print queue, the
customer display, serial scanners and card readers and a serial drawer, over real ptys.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from devices.display_sim import VirtualVfd
from devices.drawer_sim import VirtualSerialDrawer
from devices.simulators import VirtualCardReader, VirtualSerialScanner
from pos_app import cli
from pos_app.adapters.counter_devices import SERIAL_TEST_SECONDS
from pos_app.domain.member import UnknownMemberCard
from pos_app.domain.roles import ApprovalNeeded
from pos_app.services.approvals import Credentials
from pos_app.services.ports import BadCardNumber, DeviceSettingsInvalid, PrinterFailed
from tests.integration.helpers_escpos import receipt_numbers
from tests.till_fixtures import CASHIER, MANAGER, PRODUCTS, open_seeded_till, seed_member

COLA, WATER = PRODUCTS[0][0], PRODUCTS[1][0]
CARD = "0040856634"  # an 8H10D card number: what "driver-free" RFID readers type


@pytest.fixture
def app(tmp_path):
    app = open_seeded_till(tmp_path / "till")
    yield app
    app.close()


def manager(app):
    return app.till.login(*MANAGER)


def cashier(app):
    return app.till.login(*CASHIER)


def set_device(app, role: str, config: dict) -> None:
    app.till.save_device_settings(manager(app), role, config)


def sell_cash(app, *codes: str):
    till = app.till
    staff = cashier(app)
    sale = till.new_sale()
    for code in codes:
        till.scan(sale, code)
    return till.complete_cash_sale(staff, sale, sale.total_fen)


def add_member(app) -> None:
    seed_member(app, CARD)


# -- settings ---------------------------------------------------------------------------


def test_settings_are_checked_stored_audited_and_applied(app, tmp_path):
    before = app.till.device_settings()
    with pytest.raises(DeviceSettingsInvalid):
        set_device(app, "printer", {"kind": "network", "host": "127.0.0.1", "port": "abc"})
    with pytest.raises(DeviceSettingsInvalid):
        set_device(app, "drawer", {"kind": "printer", "pin": 3})
    assert app.till.device_settings() == before

    with pytest.raises(ApprovalNeeded):  # a cashier may not change devices
        app.till.save_device_settings(cashier(app), "display", {"kind": "none"})
    app.till.save_device_settings(cashier(app), "display",
                                  {"kind": "virtual", "directory": str(tmp_path / "vfd")},
                                  Credentials(*MANAGER))
    assert app.till.device_settings()["display"]["kind"] == "virtual"
    with app.engine.connect() as conn:
        audits = [json.loads(p) for (p,) in conn.exec_driver_sql(
            "SELECT payload FROM outbox WHERE type = 'audit.override' ORDER BY seq")]
    assert audits and "display: virtual" in audits[-1]["detail"]

    app.till.customer_sees_sale(None)  # applied at once: the new display shows the welcome
    assert app.devices.display.flush()
    assert "人民路店" in (tmp_path / "vfd" / "display.txt").read_text(encoding="utf-8")


# -- print queue ------------------------------------------------------------------------


def test_receipts_wait_in_order_while_the_paper_is_out_and_print_once_after(app):
    receipts = app.data_dir / "receipts"
    receipts.mkdir(parents=True, exist_ok=True)
    (receipts / "PAPER_OUT").touch()
    first, second = sell_cash(app, COLA), sell_cash(app, WATER)
    for done in (first, second):
        with pytest.raises(PrinterFailed):
            app.till.print_job(done.print_job_id)
    assert not list(receipts.glob("*.bin"))
    # both cash sales opened the drawer for change although nothing printed
    assert (receipts / "drawer.log").read_text().count("\t-\t") >= 1

    (receipts / "PAPER_OUT").unlink()
    assert app.till.retry_unprinted() == 2
    assert app.till.retry_unprinted() == 0  # once
    printed = sorted(receipts.glob("*.bin"), key=lambda p: p.stat().st_mtime_ns)
    assert [p.stem for p in printed] == [first.print_job_id, second.print_job_id]


class _FlakyTcpPrinter:
    """A raw-TCP printer that answers status queries, and loses power halfway through the
    first job it gets."""

    STATUS_OK = b"\x12"

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                data = bytearray()
                while chunk := conn.recv(65536):
                    data += chunk
                    if data.endswith((b"\x10\x04\x04", b"\x10\x04\x02", b"\x10\x04\x01")):
                        if self.connections == 1 and len(data) > 64:
                            break  # the power goes: no answer to the check after the job
                        conn.sendall(self.STATUS_OK)
                if self.connections > 1:
                    self.jobs.append(bytes(data))

    def close(self) -> None:
        self.server.close()


def test_a_printer_failing_mid_job_keeps_the_receipt_queued_and_reprints_it_whole(app):
    flaky = _FlakyTcpPrinter()
    try:
        set_device(app, "printer", {"kind": "network", "host": "127.0.0.1", "port": flaky.port,
                                    "timeout": 1, "check_paper": True})
        done = sell_cash(app, COLA, WATER)
        with pytest.raises(PrinterFailed):
            app.till.print_job(done.print_job_id)
        assert app.till.retry_unprinted() == 1
        assert _wait(lambda: flaky.jobs)
        assert receipt_numbers(flaky.jobs[-1]) == [done.receipt_no]
        assert app.till.retry_unprinted() == 0
    finally:
        flaky.close()


def test_two_processes_on_one_till_print_each_receipt_once(app, tmp_path):
    out = tmp_path / "printer.bin"
    set_device(app, "printer", {"kind": "file", "path": str(out)})
    sales = [sell_cash(app, COLA) for _ in range(6)]
    from pos_app import bootstrap
    other = bootstrap.open_till(app.data_dir)  # the window and a `pos-till` command
    try:
        errors: list[BaseException] = []

        def drain(till) -> None:
            try:
                till.retry_unprinted()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=drain, args=(t,)) for t in (app.till, other.till)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert not errors
    finally:
        other.close()
    assert receipt_numbers(out.read_bytes()) == [s.receipt_no for s in sales]


# -- drawer -----------------------------------------------------------------------------


def test_a_serial_drawer_opens_for_cash_and_on_a_permissioned_no_sale(app, tmp_path):
    with VirtualSerialDrawer() as drawer:
        set_device(app, "drawer", {"kind": "serial", "port": drawer.path})
        done = sell_cash(app, COLA)
        app.till.print_job(done.print_job_id)
        assert drawer.wait_for_openings(1)
        receipt = (app.data_dir / "receipts" / f"{done.print_job_id}.bin").read_bytes()
        assert b"\x1bp" not in receipt  # the printer's kick is not sent as well

        with pytest.raises(ApprovalNeeded):
            app.till.open_drawer(cashier(app))
        app.till.open_drawer(cashier(app), Credentials(*MANAGER))
        assert drawer.wait_for_openings(2)


# -- customer display -------------------------------------------------------------------


def test_the_customer_display_follows_the_sale(app):
    with VirtualVfd(encoding="gb18030") as vfd:
        set_device(app, "display", {"kind": "serial", "port": vfd.path, "encoding": "gb18030"})
        till = app.till
        till.customer_sees_sale(None)
        assert vfd.wait_for(lambda rows: rows[1].strip() == "人民路店")
        sale = till.new_sale()
        till.scan(sale, COLA)
        till.scan(sale, COLA)
        till.customer_sees_sale(sale)
        assert vfd.wait_for(lambda rows: rows[0].startswith("可口可乐") and "¥6.00" in rows[0]
                            .replace("￥", "¥") and rows[1].rstrip().endswith("6.00"))
        till.customer_sees_total(sale)
        till.complete_cash_sale(cashier(app), sale, 1000)
        assert vfd.wait_for(lambda rows: rows[1].rstrip().endswith("4.00")), vfd.lines()


def test_an_ascii_only_display_gets_english_labels_and_pinyin_names(app):
    with VirtualVfd(encoding="ascii") as vfd:
        set_device(app, "display", {"kind": "serial", "port": vfd.path})
        sale = app.till.new_sale()
        app.till.scan(sale, COLA)
        app.till.customer_sees_sale(sale)
        assert vfd.wait_for(lambda rows: rows[0].startswith("KeKouKeLe 330m")
                            and rows[1].startswith("Total") and rows[1].rstrip()
                            .endswith("Y3.00")), vfd.lines()


def test_a_display_unplugged_never_stops_a_sale(app):
    vfd = VirtualVfd()
    set_device(app, "display", {"kind": "serial", "port": vfd.path})
    vfd.close()
    done = sell_cash(app, COLA)  # the display write fails on its own thread
    assert done.receipt_no
    app.devices.display.flush()
    assert app.devices.display.last_error is not None


# -- scanners and card readers ----------------------------------------------------------


def test_serial_scanner_and_card_reader_deliver_to_the_till(app):
    add_member(app)
    got: dict[str, list[str]] = {"scan": [], "card": [], "problem": []}
    arrived = threading.Event()

    def put(kind):
        def record(value):
            got[kind].append(value)
            arrived.set()
        return record

    with VirtualSerialScanner() as scanner, VirtualCardReader(checksum="xor") as reader:
        set_device(app, "scanner", {"kind": "serial", "port": scanner.path})
        set_device(app, "card_reader", {"kind": "serial", "port": reader.path,
                                        "checksum": "xor", "card_format": "8H10D"})
        app.till.counter_input.start(put("scan"), put("card"), put("problem"))
        try:
            _send_until(lambda: scanner.scan(COLA), lambda: got["scan"])
            _send_until(lambda: reader.tap("0026F0BA"), lambda: got["card"])  # an 8H uid
            scanner.send_raw(b"\xff\xfe\r")
            assert _wait(lambda: got["problem"])
        finally:
            app.till.counter_input.stop()
    assert got["scan"][0] == COLA
    assert got["card"][0] == "0002551994"
    assert "扫描枪" in got["problem"][0] or "Scanner" in got["problem"][0]


def _send_until(send, received, timeout: float = 5.0) -> None:
    """pyserial drops what arrived before it opened the port: send until it is read."""
    deadline = time.monotonic() + timeout
    while not received() and time.monotonic() < deadline:
        send()
        _wait(received, 0.5)
    assert received()


def _wait(condition, timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return bool(condition())


def test_a_card_identifies_the_member_in_the_stores_format(app):
    add_member(app)
    set_device(app, "card_reader", {"kind": "wedge", "card_format": "8H10D"})
    sale = app.till.new_sale()
    app.till.scan(sale, COLA)
    member = app.till.identify_member(sale, CARD)
    assert member.member_no == "M0001"
    assert sale.member_level == "GOLD"
    with pytest.raises(BadCardNumber):
        app.till.identify_member(sale, "zz!")
    with pytest.raises(UnknownMemberCard):
        app.till.identify_member(sale, "0000000001")
    assert sale.member_id == "m-M0001"  # unchanged by the failures


def test_a_scanner_test_reads_one_code(app):
    assert SERIAL_TEST_SECONDS >= 5
    with VirtualSerialScanner() as scanner:
        config = {"kind": "serial", "port": scanner.path}
        result: list[str] = []
        worker = threading.Thread(
            target=lambda: result.append(app.till.test_device(manager(app), "scanner", config)))
        worker.start()
        _send_until(lambda: scanner.scan("6901234567892"), lambda: result, timeout=8)
        worker.join(5)
    assert "6901234567892" in result[0]


# -- commands ---------------------------------------------------------------------------


def run_cli(app, *args: str, capsys) -> tuple[int, str, str]:
    code = cli.main(["--data-dir", str(app.data_dir), "--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_device_commands(app, tmp_path, capsys):
    app.close()
    code, out, _err = run_cli(app, "device", "list", "--json", capsys=capsys)
    assert code == 0
    listing = json.loads(out)
    assert listing["configured"]["printer"]["kind"] == "virtual"
    assert listing["configured"]["scanner"] == {"kind": "wedge"}
    assert isinstance(listing["detected"], list)
    assert listing["status"]["printer"]["online"] is True  # the virtual printer answers
    assert listing["status"]["printer"]["problem"] is None

    text = tmp_path / "check.txt"
    text.write_text("打印测试：中文 ABC ￥12.80\n第二行\n", encoding="utf-8")
    code, out, err = run_cli(app, "device", "print-text", str(text), capsys=capsys)
    assert code == 0, err
    printed = [p for p in (app.data_dir / "receipts").glob("text-*.txt")]
    assert "打印测试：中文 ABC ￥12.80" in printed[0].read_text(encoding="utf-8")

    text.write_bytes(b"\xff\xfe\x00bad")
    code, _out, err = run_cli(app, "device", "print-text", str(text), capsys=capsys)
    assert code == 2 and "not UTF-8" in err

    code, _out, err = run_cli(app, "device", "set", "printer", "network", "host=127.0.0.1",
                              "port=abc", "--staff", MANAGER[0], "--pin", MANAGER[1],
                              capsys=capsys)
    assert code == 2 and "port" in err
    code, _out, err = run_cli(app, "device", "test", "drawer", "--staff", CASHIER[0],
                              "--pin", CASHIER[1], capsys=capsys)
    assert code == 2 and "approval" in err

    vfd_dir = tmp_path / "vfd"
    code, _out, err = run_cli(app, "device", "set", "display", "virtual",
                              f"directory={vfd_dir}", "--staff", MANAGER[0], "--pin",
                              MANAGER[1], capsys=capsys)
    assert code == 0, err
    code, out, err = run_cli(app, "device", "test", "display", "--staff", MANAGER[0],
                             "--pin", MANAGER[1], capsys=capsys)
    assert code == 0, err
    assert "0123456789" in (vfd_dir / "display.txt").read_text(encoding="utf-8")


def test_a_drawer_test_reports_the_drawer_switch(app, tmp_path):
    message = app.till.test_device(manager(app), "drawer",
                                   {"kind": "virtual", "directory": str(tmp_path)})
    assert "开关显示已打开" in message  # the virtual drawer reads open right after a kick
    assert (tmp_path / "drawer.log").read_text(encoding="utf-8").count("virtual") == 1


def test_printing_a_test_page_through_the_settings(app, tmp_path):
    target = tmp_path / "paper"
    message = app.till.test_device(manager(app), "printer",
                                   {"kind": "virtual", "directory": str(target),
                                    "profile": "58mm"})
    assert message
    page = next(target.glob("test-*.txt")).read_text(encoding="utf-8")
    assert "中文打印测试" in page
    assert max(len(line) for line in page.splitlines()) <= 32 * 2


def test_the_demo_wires_its_simulators_as_the_tills_devices(app, tmp_path):
    from pos_app.demo_devices import DemoDevices

    app.close()
    devices = DemoDevices.start(tmp_path)
    try:
        devices.configure(app.data_dir)
        from pos_app import bootstrap
        reopened = bootstrap.open_till(app.data_dir)
        try:
            settings = reopened.till.device_settings()
            assert settings["scanner"] == {"kind": "serial", "port": devices.scanner.path}
            assert settings["drawer"]["port"] == devices.drawer.path
            reopened.till.open_drawer(reopened.till.login(*MANAGER))
            assert devices.drawer.wait_for_openings(1)
            reopened.till.customer_sees_sale(None)
            assert devices.display.wait_for(lambda rows: "人民路店" in rows[1])
        finally:
            reopened.close()
    finally:
        devices.close()
    assert "人民路店" in (tmp_path / "display.txt").read_text(encoding="utf-8")


def test_the_receipt_carries_the_member_block_with_the_phone_masked(app):
    add_member(app)
    till = app.till
    sale = till.new_sale()
    till.scan(sale, COLA)
    till.identify_member(sale, CARD)
    done = till.complete_cash_sale(cashier(app), sale, sale.total_fen)
    till.print_job(done.print_job_id)
    text = (app.data_dir / "receipts" / f"{done.print_job_id}.txt").read_text(encoding="utf-8")
    assert "李娜 138****1234" in text and "M0001" in text and "金卡" in text
    assert "13800001234" not in text
