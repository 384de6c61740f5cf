"""The one place that wires every layer: database, services, devices, sync (DESIGN §3 rule 7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from pos_app import __version__
from pos_app.adapters import migrate
from pos_app.adapters.catalog_search import CounterReader
from pos_app.adapters.clock import SystemClock
from pos_app.adapters.counter_devices import CounterDevices, default_printer
from pos_app.adapters.db import make_engine
from pos_app.adapters.mobile_pay import SimulatedMobilePay
from pos_app.adapters.sale_lookup import HqSaleLookup
from pos_app.adapters.security import Argon2PinHasher, TokenVault
from pos_app.adapters.sync_ports import SqliteChangeSink, SqliteOutbox, SqliteSyncStatus
from pos_app.adapters.unit_of_work import SqlAlchemyUnitOfWorkFactory
from pos_app.domain.errors import QT_TRANSLATE_NOOP, NotEnrolled, PosError
from pos_app.i18n import load_translator
from pos_app.services.devices import PRINTER
from pos_app.services.ports import DeviceSettingsInvalid, TerminalIdentity
from pos_app.services.refunds import LookupUnavailable
from pos_app.services.status import LAST_ATTEMPT_OK
from pos_app.services.till import LANG_KEY, Till
from sync.engine import SyncEngine
from sync.scheduler import SyncScheduler
from sync.transport import HttpTransport, enroll

DB_FILE = "till.sqlite"
TOKEN_KEY = "device_token"
PRINTER_KEY = PRINTER
DEFAULT_LANG = "zh_CN"


@dataclass
class TillApp:
    data_dir: Path
    engine: Engine
    uow_factory: SqlAlchemyUnitOfWorkFactory
    till: Till
    lang: str
    devices: CounterDevices
    scheduler: SyncScheduler | None = field(default=None)

    def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown()
        if self.till.scan_reader is not None:
            self.till.scan_reader.close()
        self.devices.close()
        self.engine.dispose()


def open_till(data_dir: Path, lang: str | None = None) -> TillApp:
    """Open (creating or upgrading) the till database in data_dir and wire the services."""
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / DB_FILE
    engine = make_engine(db_path)
    migrate.upgrade(engine, db_path, data_dir / "backups")
    probe = SqlAlchemyUnitOfWorkFactory(engine)
    with probe(readonly=True) as uow:
        identity = uow.settings.identity()
        lang = lang or uow.settings.get(LANG_KEY, DEFAULT_LANG)
    uow_factory = SqlAlchemyUnitOfWorkFactory(engine, identity.terminal_id if identity else "till")
    translate = load_translator(lang)
    devices = CounterDevices(uow_factory, data_dir, translate)
    till = Till(
        uow_factory=uow_factory, clock=SystemClock(), hasher=Argon2PinHasher(),
        printer=devices.printer, translate=translate,
        mobile=SimulatedMobilePay(reachable=_online(uow_factory)),
        display=devices.display, cards=devices.cards, counter_input=devices.input,
        device_admin=devices.admin,
    )
    app = TillApp(data_dir, engine, uow_factory, till, lang, devices)
    till.sale_lookup = sale_lookup(app)
    till.scan_reader = CounterReader(engine)
    return app


def _online(uow_factory: SqlAlchemyUnitOfWorkFactory):
    """The mobile-pay simulator follows the till's network state as sync last saw it."""
    def reachable() -> bool:
        with uow_factory(readonly=True) as uow:
            return bool(uow.settings.get(LAST_ATTEMPT_OK, True))
    return reachable


def printer_settings(app: TillApp) -> dict:
    with app.uow_factory(readonly=True) as uow:
        return uow.settings.get(PRINTER_KEY) or default_printer(app.data_dir)


def save_printer_settings(app: TillApp, config: dict) -> None:
    """Check the settings by building the printer (nothing is opened), then store them."""
    try:
        app.devices.admin.check(PRINTER_KEY, config)
    except DeviceSettingsInvalid as exc:
        raise PrinterSettingsInvalid(detail=exc.params["detail"]) from exc
    with app.uow_factory() as uow:
        uow.settings.put(PRINTER_KEY, config)
        uow.commit()
    app.devices.apply()


class PrinterSettingsInvalid(PosError):
    msgid = QT_TRANSLATE_NOOP("errors", "The printer settings are not usable: {detail}")


# A cashier looking up a receipt waits at most this long (connect, read) for head office.
COUNTER_LOOKUP_TIMEOUT = (2.0, 4.0)


def hq_transport(app: TillApp, timeout: tuple[float, float] | None = None) -> HttpTransport:
    """An HTTP transport to head office with this till's device token (NotEnrolled without)."""
    identity = app.till.identity()
    with app.uow_factory(readonly=True) as uow:
        sealed = uow.settings.get(TOKEN_KEY)
    token = TokenVault(app.data_dir).open(sealed) if sealed else None
    if token is None:
        raise NotEnrolled()
    if timeout is None:
        return HttpTransport(identity.hq_url, token)
    return HttpTransport(identity.hq_url, token, timeout)


def sale_lookup(app: TillApp) -> HqSaleLookup:
    """Another till's sale for a return, from head office: a fresh connection per lookup with a
    short timeout, so a cashier waits seconds, not minutes, when HQ is unreachable."""
    def connect() -> HttpTransport:
        try:
            return hq_transport(app, COUNTER_LOOKUP_TIMEOUT)
        except NotEnrolled as exc:
            raise LookupUnavailable("this till has no device token from head office") from exc
    return HqSaleLookup(connect, close_after=True)


def sync_engine(app: TillApp) -> tuple[SyncEngine, HttpTransport]:
    identity = app.till.identity()
    transport = hq_transport(app)
    engine = SyncEngine(
        outbox=SqliteOutbox(app.uow_factory), sink=SqliteChangeSink(app.uow_factory),
        status=SqliteSyncStatus(app.uow_factory), transport=transport,
        terminal_id=identity.terminal_id, app_version=__version__, clock=app.till.clock.now,
    )
    return engine, transport


def start_background_sync(app: TillApp, on_outcome=None) -> SyncScheduler | None:
    """Push after each sale (debounced) and on an interval, pull on an interval."""
    if not app.till.is_enrolled():
        return None
    engine, _transport = sync_engine(app)
    app.scheduler = SyncScheduler(engine, on_outcome=on_outcome)
    app.till.sync = _SchedulerTrigger(app.scheduler)
    app.scheduler.start()
    return app.scheduler


class _SchedulerTrigger:
    def __init__(self, scheduler: SyncScheduler) -> None:
        self.scheduler = scheduler

    def sale_committed(self) -> None:
        self.scheduler.trigger_push()


def enroll_till(app: TillApp, hq_url: str, code: str) -> TerminalIdentity:
    """Exchange a one-time code for a device token, then pull catalog and staff."""
    response = enroll(hq_url, code, __version__)
    identity = TerminalIdentity(
        terminal_id=response.terminal_id, terminal_name=response.terminal_name,
        store_id=response.store_id, store_code=response.store_code,
        store_name=response.store_name, hq_url=hq_url.rstrip("/"),
    )
    with app.uow_factory() as uow:
        uow.settings.put("terminal", {
            "terminal_id": identity.terminal_id, "terminal_name": identity.terminal_name,
            "store_id": identity.store_id, "store_code": identity.store_code,
            "store_name": identity.store_name, "hq_url": identity.hq_url,
            "timezone": identity.timezone, "receipt_header": "", "receipt_footer": "",
        })
        uow.settings.put(TOKEN_KEY, TokenVault(app.data_dir).seal(response.token))
        uow.commit()
    app.uow_factory.hlc_node = identity.terminal_id
    return identity


def run_window(data_dir: Path, lang: str | None, autoplay_dir: Path | None = None) -> int:
    """The till window: one per data dir; background sync while it is open."""
    from pos_app.adapters.instance_lock import WindowLock
    from pos_app.ui.app import run_window as run_ui

    data_dir.mkdir(parents=True, exist_ok=True)
    with WindowLock(data_dir):
        app = open_till(data_dir, lang)
        try:
            start_background_sync(app)
            return run_ui(app.till, lang=app.lang, autoplay_dir=autoplay_dir,
                          stay_open=autoplay_dir is not None)
        finally:
            app.close()
