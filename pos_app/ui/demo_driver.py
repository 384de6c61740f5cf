"""Drive the real till window by itself: log in, scan, take cash, save screenshots.

Used by `make demo` when there is no display: every step goes through the same widgets a
cashier uses (typed keys, Enter, button clicks), one step per timer tick so the window paints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pos_app.qt import QColor, QObject, QPainter, QPixmap, QPoint, Qt, QTest, QTimer, QWidget
from pos_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

STEP_MS = 350
PRINT_TIMEOUT_MS = 15_000


def screenshot(window: QWidget, path: Path) -> Path:
    """Save the window, with any open dialog drawn over its centre, as a PNG."""
    pixmap: QPixmap = window.grab()
    dialogs = [w for w in window.findChildren(QWidget)
               if w.isWindow() and w.isVisible() and w is not window]
    if dialogs:
        painter = QPainter(pixmap)
        painter.fillRect(pixmap.rect(), QColor(0, 0, 0, 70))
        for dialog in dialogs:
            image = dialog.grab()
            corner = QPoint((pixmap.width() - image.width()) // 2,
                            (pixmap.height() - image.height()) // 2)
            painter.drawPixmap(corner, image)
        painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


class DemoRun(QObject):
    """The steps of one demo sale; `screenshots` lists what was saved, `error` what went wrong."""

    def __init__(self, window: MainWindow, staff_no: str, pin: str, barcodes: list[str],
                 screenshot_dir: Path, on_done: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.staff_no, self.pin, self.barcodes = staff_no, pin, list(barcodes)
        self.dir = Path(screenshot_dir)
        self.on_done = on_done
        self.screenshots: list[Path] = []
        self.error: BaseException | None = None
        self.finished = False
        self._steps: list[Callable[[], None]] = self._plan()
        self._print_seen = False
        self._waiting = False
        window.sale_page.printing_finished.connect(self._printed)

    def start(self) -> None:
        QTimer.singleShot(STEP_MS, self._next)

    def _plan(self) -> list[Callable[[], None]]:
        login, sale = self.window.login_page, self.window.sale_page
        steps: list[Callable[[], None]] = [
            lambda: QTest.keyClicks(login.staff_edit, self.staff_no),
            lambda: QTest.keyClick(login.staff_edit, Qt.Key.Key_Return),
            lambda: QTest.keyClicks(login.pin_edit, self.pin),
            lambda: self._shot("01-login.png"),
            lambda: QTest.keyClick(login.pin_edit, Qt.Key.Key_Return),
            self._check_logged_in,
        ]
        for code in self.barcodes:
            steps.append(lambda code=code: QTest.keyClicks(sale.scan_edit, code))
            steps.append(lambda: QTest.keyClick(sale.scan_edit, Qt.Key.Key_Return))
        steps += [
            lambda: self._shot("02-sale.png"),
            sale.cash_button.click,
            self._tender,
            lambda: self._shot("03-cash.png"),
            self._confirm,
            self._wait_for_print,
            lambda: self._shot("04-paid.png"),
        ]
        return steps

    def _next(self) -> None:
        if not self._steps:
            self._finish()
            return
        step = self._steps.pop(0)
        try:
            step()
        except Exception as exc:  # a demo that goes wrong says so and still ends
            log.exception("demo step failed")
            self.error = exc
            self._finish()
            return
        if step is not self._wait_for_print:
            QTimer.singleShot(STEP_MS, self._next)

    def _shot(self, name: str) -> None:
        self.screenshots.append(screenshot(self.window, self.dir / name))

    def _check_logged_in(self) -> None:
        if self.window.staff is None:
            raise RuntimeError(f"demo login failed: {self.window.login_page.error_label.text()}")

    def _tender(self) -> None:
        """Pay with a ¥50 / ¥100 note when it covers the total (to show change), else exact."""
        dialog = self.window.sale_page.cash_dialog
        if dialog is None:
            raise RuntimeError("the cash dialog did not open")
        total = self.window.sale_page.sale.total_fen
        for button, fen in zip(dialog.quick_buttons, (5_000, 10_000), strict=True):
            if fen >= total:
                button.click()
                return
        dialog.exact_button.click()

    def _confirm(self) -> None:
        dialog = self.window.sale_page.cash_dialog
        if dialog is None:
            raise RuntimeError("the cash dialog closed early")
        QTest.keyClick(dialog.tendered_edit, Qt.Key.Key_Return)
        if self.window.sale_page.last_sale is None:
            raise RuntimeError(f"payment refused: {dialog.error_label.text()}")

    def _wait_for_print(self) -> None:
        """The receipt prints on a worker thread: go on when it reports (or after a timeout)."""
        if self._print_seen:
            QTimer.singleShot(STEP_MS, self._next)
        else:
            self._waiting = True
            QTimer.singleShot(PRINT_TIMEOUT_MS, self._print_timeout)

    def _printed(self, _ok: bool) -> None:
        self._print_seen = True
        if self._waiting:
            self._waiting = False
            QTimer.singleShot(STEP_MS, self._next)

    def _print_timeout(self) -> None:
        if self._waiting:
            self._waiting = False
            log.warning("demo: the receipt did not print within %s ms", PRINT_TIMEOUT_MS)
            self._next()

    def _finish(self) -> None:
        if not self.finished:
            self.finished = True
            self.on_done()


def autoplay(window: MainWindow, staff_no: str, pin: str, barcodes: list[str],
             screenshot_dir: Path, on_done: Callable[[], None]) -> DemoRun:
    """Start the demo on a shown window; on_done() is called when it has finished (or failed)."""
    run = DemoRun(window, staff_no, pin, barcodes, screenshot_dir, on_done)
    run.start()
    return run
