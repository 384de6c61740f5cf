"""The till window: login and sale pages in a stack, the sync status bar underneath."""

from __future__ import annotations

import logging

from pos_app.domain.staff import Staff
from pos_app.i18n import normalize_lang
from pos_app.qt import QCloseEvent, QEvent, QMainWindow, QStackedWidget, Signal, Slot
from pos_app.services.devices import WedgeConfig
from pos_app.services.till import Till
from pos_app.ui.background import Worker
from pos_app.ui.counter_input import SerialInputBridge, wedge_settings
from pos_app.ui.errors import attempt
from pos_app.ui.login_page import LoginPage
from pos_app.ui.sale_page import SalePage
from pos_app.ui.status_bar import SyncStatusBar
from pos_app.ui.style import WINDOW_SIZE
from pos_app.ui.translation import Translations
from pos_app.ui.wedge import KeyWedge

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    #: The cashier picked another language (code); the caller may remember it.
    language_changed = Signal(str)
    #: The window was closed.
    closed = Signal()

    def __init__(self, till: Till, lang: str = "zh_CN", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("till_window")
        self.till = till
        self.translations = Translations()
        self.worker = Worker(self)
        self.staff: Staff | None = None

        self.login_page = LoginPage(till)
        self.sale_page = SalePage(till, self.worker)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login_page)
        self.stack.addWidget(self.sale_page)
        self.setCentralWidget(self.stack)
        self.status = SyncStatusBar(till)
        self.setStatusBar(self.status)
        self.resize(*WINDOW_SIZE)
        self.setMinimumSize(1024, 640)

        self.login_page.logged_in.connect(self.start_sale)
        self.login_page.language_requested.connect(self.set_language)
        self.login_page.language_requested.connect(self._remember_language)
        self.sale_page.logout_requested.connect(self.logout)
        self.sale_page.sale_completed.connect(lambda _done: self.status.refresh())
        self.sale_page.fact_recorded.connect(self.status.refresh)
        self._connect_counter_input()

        self.set_language(lang)
        self.show_login()

    def _connect_counter_input(self) -> None:
        """Wedge scanners / card readers (told from typing by timing) and serial ones."""
        config = attempt(self.till.wedge_config)
        # Parented to the window: Qt owns it, so its Python side (the event filter the
        # application calls) cannot be garbage-collected while it is still installed.
        self.wedge = KeyWedge(self, wedge_settings(config.value) if config.ok else
                              wedge_settings(WedgeConfig((), 35)), parent=self)
        self.wedge.install()
        self.sale_page.wedge = self.wedge
        self.wedge.burst.connect(self.sale_page.handle_code)
        self.serial_input = SerialInputBridge(self.till, self)
        self.serial_input.scanned.connect(self._serial_scanned)
        self.serial_input.card_read.connect(self._serial_card_read)
        self.serial_input.problem.connect(self.sale_page.show_device_problem)
        self.serial_input.start()
        self.sale_page.devices_saved.connect(lambda _role: self.devices_changed())

    @Slot(str)
    def _serial_scanned(self, code: str) -> None:
        self.sale_page.handle_code("scanner", code)

    @Slot(str)
    def _serial_card_read(self, card_no: str) -> None:
        self.sale_page.handle_card_number(card_no)

    def devices_changed(self) -> None:
        """A manager saved device settings: the wedge and serial readers follow them."""
        config = attempt(self.till.wedge_config)
        if config.ok:
            self.wedge.update_settings(wedge_settings(config.value))

    # -- pages ------------------------------------------------------------------------------

    @Slot()
    def show_login(self) -> None:
        self.staff = None
        self.login_page.reset()
        self.stack.setCurrentWidget(self.login_page)
        self.login_page.staff_edit.setFocus()

    @Slot(object)
    def start_sale(self, staff: Staff) -> None:
        self.staff = staff
        self.stack.setCurrentWidget(self.sale_page)
        self.sale_page.start(staff, self.store_text())

    @Slot()
    def logout(self) -> None:
        self.show_login()

    def store_text(self) -> str:
        outcome = attempt(self.till.identity)
        if not outcome.ok:
            return ""
        identity = outcome.value
        return f"{identity.store_name} · {identity.terminal_name}"

    # -- language ---------------------------------------------------------------------------

    @Slot(str)
    def set_language(self, lang: str) -> None:
        """Install lang's translators; every page retranslates on the LanguageChange event."""
        lang = normalize_lang(lang)
        changed = lang != self.translations.lang
        self.translations.switch(lang)
        self.login_page.set_language(lang)
        # LanguageChange events arrive later; retranslate now so the switch is immediate.
        for page in (self.login_page, self.sale_page):
            page.retranslate()
        self.status.refresh()
        self.retranslate()
        if changed:
            self.language_changed.emit(lang)

    @Slot(str)
    def _remember_language(self, lang: str) -> None:
        try:
            self.till.save_language(normalize_lang(lang))
        except Exception:  # a preference; never worth interrupting the cashier for
            log.exception("could not save the language choice")

    @property
    def lang(self) -> str:
        return self.translations.lang

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Till"))
        text = self.store_text()
        self.login_page.set_store(text)
        self.status.terminal_label.setText(text)

    # -- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Let a receipt that is printing finish, then stop refreshing and drop translators."""
        self.status.timer.stop()
        self.serial_input.stop()
        self.wedge.uninstall()
        if not self.worker.wait(15_000):
            log.warning("a print job was still running when the window closed")
        self.translations.remove()
        super().closeEvent(event)
        self.closed.emit()
