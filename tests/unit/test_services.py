"""The use cases over fakes of our own ports: what a cashier would notice, no storage needed."""

import pytest

from pos_app.domain.catalog import Product
from pos_app.domain.errors import InsufficientTender, LoginFailed, LoginLocked, UnknownBarcode
from pos_app.services.ports import PrinterFailed
from pos_app.services.till import Till
from tests.unit.fakes import (
    FakeClock,
    FakeMobilePay,
    FakePrinter,
    FakeUnitOfWorkFactory,
    PlainPinHasher,
    add_staff,
)

COLA = Product("p1", "SKU1", "可口可乐 330ml", 300)


class RecordingSync:
    def __init__(self) -> None:
        self.calls = 0

    def sale_committed(self) -> None:
        self.calls += 1


@pytest.fixture
def parts():
    uow = FakeUnitOfWorkFactory()
    uow.store.products["6901234567892"] = COLA
    staff = add_staff(uow, "1001", "1234")
    clock, printer, sync = FakeClock(), FakePrinter(), RecordingSync()
    till = Till(uow, clock, PlainPinHasher(), printer, lambda _c, text: text, FakeMobilePay(),
                sync)
    return till, uow, staff, clock, printer, sync


def test_completing_a_sale_commits_once_and_asks_for_a_push(parts):
    till, uow, staff, _clock, printer, sync = parts
    sale = till.new_sale()
    till.scan(sale, "6901234567892*2")
    done = till.complete_cash_sale(staff, sale, 1000)
    store = uow.store
    assert (done.total_fen, done.change_fen) == (600, 400)
    assert done.receipt_no == "S001-T01-20261123-0001"
    assert [e["type"] for e in store.events] == ["sale.completed"]
    assert store.events[0]["payload"]["total_fen"] == 600
    assert len(store.sales) == 1 and len(store.jobs) == 1
    assert sync.calls == 1
    assert printer.printed == []  # printing is the caller's next step, after the commit
    till.print_job(done.print_job_id)
    job_id, document = printer.printed[0]
    assert job_id == done.print_job_id and document["open_drawer"] is True
    assert document["barcode"] == done.receipt_no


def test_rejected_tender_writes_nothing(parts):
    till, uow, staff, *_ = parts
    sale = till.new_sale()
    till.scan(sale, "6901234567892")
    with pytest.raises(InsufficientTender):
        till.complete_cash_sale(staff, sale, 299)
    assert uow.store.events == [] and uow.store.sales == [] and uow.store.counters == {}


def test_unknown_barcode(parts):
    till, *_ = parts
    with pytest.raises(UnknownBarcode):
        till.scan(till.new_sale(), "4006381333931")


def test_printer_failure_keeps_the_job_for_a_retry(parts):
    till, uow, staff, _clock, printer, _sync = parts
    sale = till.new_sale()
    till.scan(sale, "6901234567892")
    done = till.complete_cash_sale(staff, sale, 300)
    printer.fail_with = "out of paper"
    with pytest.raises(PrinterFailed) as info:
        till.print_job(done.print_job_id)
    assert "out of paper" in info.value.message()
    assert uow.store.jobs[done.print_job_id].status == "failed"
    printer.fail_with = None
    assert till.retry_unprinted() == 1
    assert uow.store.jobs[done.print_job_id].status == "printed"
    copy_id = till.reprint(done.receipt_no)
    assert printer.printed[-1][0] == copy_id
    assert printer.printed[-1][1]["open_drawer"] is False
    assert printer.printed[-1][1]["header"][0]["text"] == "*** REPRINT ***"


def test_lockout_lifts_after_five_minutes(parts):
    till, _uow, _staff, clock, *_ = parts
    for _ in range(4):
        with pytest.raises(LoginFailed):
            till.login("1001", "0000")
    with pytest.raises(LoginLocked):
        till.login("1001", "0000")
    clock.advance(minutes=4)
    with pytest.raises(LoginLocked):
        till.login("1001", "1234")
    clock.advance(minutes=1, seconds=1)
    assert till.login("1001", "1234").staff_no == "1001"


def test_a_retried_job_does_not_open_the_drawer_again(parts):
    till, _uow, staff, _clock, printer, _sync = parts
    sale = till.new_sale()
    till.scan(sale, "6901234567892")
    done = till.complete_cash_sale(staff, sale, 500)
    printer.fail_with = "out of paper"
    with pytest.raises(PrinterFailed):
        till.print_job(done.print_job_id)
    printer.fail_with = None
    till.print_job(done.print_job_id)
    assert printer.printed[-1][1]["open_drawer"] is False
