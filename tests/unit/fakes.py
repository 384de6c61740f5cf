"""Hand-written in-memory fakes of the service repositories and ports (our own ports only)."""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from pos_app.domain.catalog import Product
from pos_app.domain.staff import LoginAttempts, Staff
from pos_app.services import repositories as repo
from pos_app.services.ports import PrinterFailed, TerminalIdentity
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory

IDENTITY = TerminalIdentity(terminal_id="t-1", terminal_name="T01", store_id="s-1",
                            store_code="S001", store_name="人民路店", hq_url="http://127.0.0.1:9")


class FakeStore:
    """What the fake 'database' holds; a unit of work edits a copy and commit swaps it in."""

    def __init__(self) -> None:
        self.settings: dict[str, Any] = {"terminal": dataclasses.asdict(IDENTITY)}
        self.staff: dict[str, repo.StaffCredentials] = {}
        self.attempts: dict[str, LoginAttempts] = {}
        self.products: dict[str, Product] = {}
        self.counters: dict[str, int] = {}
        self.sales: list[repo.SaleRecord] = []
        self.events: list[dict[str, Any]] = []
        self.jobs: dict[str, repo.PrintJob] = {}
        self.commits = 0


class _Settings(repo.SettingsRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def get(self, key, default=None):
        return self.s.settings.get(key, default)

    def put(self, key, value):
        self.s.settings[key] = value


class _Staff(repo.StaffRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def credentials(self, staff_no):
        return self.s.staff.get(staff_no)

    def count_active(self):
        return sum(1 for c in self.s.staff.values() if c.staff.active)

    def attempts(self, staff_no):
        return copy.copy(self.s.attempts.get(staff_no, LoginAttempts(staff_no)))

    def save_attempts(self, attempts):
        self.s.attempts[attempts.staff_no] = attempts


class _Catalog(repo.CatalogRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def by_barcode(self, code):
        return self.s.products.get(code)

    def count_products(self):
        return len(self.s.products)


class _Sales(repo.SaleRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def next_receipt_number(self, business_date):
        self.s.counters[business_date] = self.s.counters.get(business_date, 0) + 1
        return self.s.counters[business_date]

    def add(self, sale):
        self.s.sales.append(sale)

    def by_receipt_no(self, receipt_no):
        return next((x for x in self.s.sales if x.receipt_no == receipt_no), None)


class _Outbox(repo.OutboxRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def append(self, **event):
        self.s.events.append(event)
        return len(self.s.events)

    def pending_count(self):
        return len(self.s.events)


class _Jobs(repo.PrintJobRepository):
    def __init__(self, s: FakeStore) -> None:
        self.s = s

    def add(self, job, created_at):
        self.s.jobs[job.id] = job

    def get(self, job_id):
        return self.s.jobs.get(job_id)

    def first_for_receipt(self, receipt_no):
        return next((j for j in self.s.jobs.values() if j.receipt_no == receipt_no), None)

    def unprinted(self, limit=20):
        return [j for j in self.s.jobs.values() if j.status != "printed"][:limit]

    def mark_printed(self, job_id, at):
        j = self.s.jobs[job_id]
        self.s.jobs[job_id] = repo.PrintJob(j.id, j.receipt_no, j.document, "printed",
                                            j.attempts + 1, None)

    def mark_failed(self, job_id, error):
        j = self.s.jobs[job_id]
        self.s.jobs[job_id] = repo.PrintJob(j.id, j.receipt_no, j.document, "failed",
                                            j.attempts + 1, error)


class FakeUnitOfWork(AbstractUnitOfWork):
    def __init__(self, committed: FakeStore) -> None:
        self.committed = committed
        self.work = copy.deepcopy(committed)
        self._bind(self.work)

    def _bind(self, s: FakeStore) -> None:
        self.settings, self.staff, self.catalog = _Settings(s), _Staff(s), _Catalog(s)
        self.sales, self.outbox, self.print_jobs = _Sales(s), _Outbox(s), _Jobs(s)

    def commit(self) -> None:
        self.work.commits += 1
        self.committed.__dict__.update(copy.deepcopy(self.work.__dict__))

    def rollback(self) -> None:
        self.work = copy.deepcopy(self.committed)
        self._bind(self.work)


class FakeUnitOfWorkFactory(UnitOfWorkFactory):
    def __init__(self) -> None:
        self.store = FakeStore()

    def __call__(self, readonly: bool = False) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store)


class FakeClock:
    def __init__(self) -> None:
        self.current = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs) -> None:
        self.current += timedelta(**kwargs)


class PlainPinHasher:
    """Stores 'plain:PIN' so unit tests need no argon2 (the adapters test the real one)."""

    def verify(self, pin_hash: str, pin: str) -> bool:
        return pin_hash == f"plain:{pin}"


class FakePrinter:
    def __init__(self) -> None:
        self.printed: list[tuple[str, dict]] = []
        self.fail_with: str | None = None

    def print_document(self, job_id: str, document: dict) -> None:
        if self.fail_with:
            raise PrinterFailed(reason=self.fail_with)
        self.printed.append((job_id, document))


def add_staff(uow_factory: FakeUnitOfWorkFactory, staff_no: str, pin: str,
              role: str = "cashier") -> Staff:
    staff = Staff(f"id-{staff_no}", staff_no, "张敏", role)
    uow_factory.store.staff[staff_no] = repo.StaffCredentials(staff, f"plain:{pin}")
    return staff
