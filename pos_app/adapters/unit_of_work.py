"""The SQLAlchemy unit of work: one Session, one transaction, every repository."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from pos_app.adapters import repositories as r
from pos_app.adapters.catalog_search import CatalogSearch
from pos_app.adapters.db import READONLY
from pos_app.adapters.outbox import next_hlc_for
from pos_app.adapters.refund_repository import RefundRepository
from pos_app.adapters.shift_repository import DayRepository, ShiftRepository
from pos_app.services.unit_of_work import AbstractUnitOfWork, UnitOfWorkFactory


class SqlAlchemyUnitOfWork(AbstractUnitOfWork):
    def __init__(self, session: Session, hlc_node: str) -> None:
        self.session = session
        self.settings = r.SettingsRepository(session)
        self.staff = r.StaffRepository(session)
        self.catalog = r.CatalogRepository(session)
        self.sales = r.SaleRepository(session)
        self.outbox = r.OutboxRepository(session, next_hlc_for(hlc_node))
        self.print_jobs = r.PrintJobRepository(session)
        self.promotions = r.PromotionRepository(session)
        self.suspended = r.SuspendedSaleRepository(session)
        self.voids = r.VoidRepository(session)
        self.catalog_search = CatalogSearch(session)
        self.shifts = ShiftRepository(session)
        self.days = DayRepository(session)
        self.refunds = RefundRepository(session)
        self.members = r.MemberRepository(session)

    def __exit__(self, *exc_info) -> None:
        super().__exit__(*exc_info)
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlAlchemyUnitOfWorkFactory(UnitOfWorkFactory):
    """Makes units of work; a Session is created per unit and never shared across threads."""

    def __init__(self, engine: Engine, hlc_node: str = "till") -> None:
        self.engine = engine
        self.hlc_node = hlc_node
        self._write = sessionmaker(bind=engine, expire_on_commit=False)
        self._read = sessionmaker(bind=engine.execution_options(**{READONLY: True}),
                                  expire_on_commit=False)

    def __call__(self, readonly: bool = False) -> SqlAlchemyUnitOfWork:
        maker = self._read if readonly else self._write
        return SqlAlchemyUnitOfWork(maker(), self.hlc_node)
