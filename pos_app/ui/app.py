"""Entry points: `run_window` for the till, `build_main_window` for tests and tools."""

from __future__ import annotations

import json
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from pos_app.i18n import normalize_lang, resources_dir
from pos_app.qt import (
    QApplication,
    QCoreApplication,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from pos_app.services.till import Till
from pos_app.ui.main_window import MainWindow
from pos_app.ui.style import STYLESHEET, app_font

log = logging.getLogger(__name__)

APP_NAME = "chain-pos-till"
DEMO_STAFF = ("1001", "1234")  # the cashier `pos-hq seed-demo` creates
DEMO_BARCODE_COUNT = 3


def application() -> QApplication:
    """The process's QApplication, created (with the till's look) on first use."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setApplicationName(APP_NAME)
        app = QApplication(sys.argv[:1])
    if not app.property("pos_styled"):
        app.setFont(app_font())
        app.setStyleSheet(STYLESHEET)
        app.setProperty("pos_styled", True)
    return app


def build_main_window(till: Till, lang: str | None = "zh_CN") -> MainWindow:
    """A ready window (not shown) on the login page, with lang's translators installed."""
    application()
    return MainWindow(till, normalize_lang(lang))


def run_window(till: Till, *, lang: str | None = "zh_CN",
               on_close: Callable[[], None] | None = None,
               autoplay_dir: Path | None = None, stay_open: bool = False) -> int:
    """Show the till window and run the event loop until it closes; returns the exit code.

    With autoplay_dir (a demo without a display) the window rings one sale by itself through
    its real widgets, saves screenshots there and closes, unless stay_open (then it keeps
    running, syncing in the background, until Ctrl+C).
    """
    app = application()
    _quit_on_ctrl_c(app)
    _quiet_offscreen_noise(app)
    window = build_main_window(till, lang)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    if on_close is not None:
        window.closed.connect(on_close)
    window.show()
    run = None
    if autoplay_dir is not None:
        from pos_app.ui.demo_driver import autoplay

        def finished() -> None:
            if run is not None and run.error is not None:
                print(f"demo: the automatic sale stopped: {run.error}", file=sys.stderr)
            print(f"demo: screenshots saved in {autoplay_dir}/")
            if not stay_open:
                window.close()
                app.quit()

        run = autoplay(window, *DEMO_STAFF, demo_barcodes(), Path(autoplay_dir), finished)
    code = app.exec()
    if window.isVisible():
        window.close()
    if run is not None and run.error is not None:
        return code or 1
    return code


# The offscreen platform (a demo without a display) says this whenever a dialog settles; it is
# about the platform, not the till, and would only confuse the person running the demo.
OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def _quiet_offscreen_noise(app: QApplication) -> None:
    if app.platformName() != "offscreen":
        return
    previous = None

    def handler(kind: QtMsgType, context, message: str) -> None:
        if message == OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def _quit_on_ctrl_c(app: QApplication) -> None:
    """Ctrl+C in the terminal, or the system stopping the till, closes the window like its
    close button (the sale in progress stays in memory only; every paid sale is on disk).

    Python runs signal handlers only when it gets control, so a timer hands it control a few
    times a second while Qt's event loop waits.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, lambda *_: app.quit())
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def demo_barcodes(count: int = DEMO_BARCODE_COUNT) -> list[str]:
    """A few barcodes of the demo catalog, the second one scanned twice (`code*2`)."""
    path = resources_dir() / "demo" / "products.json"
    try:
        products = json.loads(path.read_text(encoding="utf-8"))["products"]
        codes = [p["barcodes"][0] for p in products if p.get("barcodes")][:count]
    except (OSError, ValueError, KeyError, IndexError):
        log.warning("no demo catalog at %s; the demo sale uses a sample barcode", path)
        codes = ["6901234567892"]
    if len(codes) > 1:
        codes[1] += "*2"
    return codes
