"""KeyWedge: keyboard-wedge bursts (scanner, card reader) told from typing, on real widgets.

Bursts are typed with QTest (delivered synchronously, so ~0 ms apart in wall time) and timed
by an injected clock that advances a fixed step per key press: 5 ms for a device, 120 ms for a
person. Only one test waits on the wall clock.
"""

from __future__ import annotations

import pytest

from pos_app.qt import (
    QApplication,
    QDialog,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    Qt,
    QTest,
    QVBoxLayout,
    QWidget,
)
from pos_app.ui.wedge import KeyWedge, WedgeSettings, WedgeSource

CODE = "6901234567892"
SCANNER = WedgeSource("scanner")
SETTINGS = WedgeSettings(sources=(SCANNER,), max_gap_ms=35)
DEVICE_STEP = 0.005
PERSON_STEP = 0.120
Key = Qt.Key


def label(event: QKeyEvent) -> str:
    text = event.text()
    if len(text) == 1 and text.isprintable():
        return text
    return f"<{Qt.Key(event.key()).name.removeprefix('Key_')}>"


class LoggingList(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def keyPressEvent(self, event) -> None:
        self.keys.append(label(event))
        super().keyPressEvent(event)


class LoggingButton(QPushButton):
    """Enter clicks it (auto-default), as on a dialog."""

    def __init__(self) -> None:
        super().__init__()
        self.setAutoDefault(True)
        self.keys: list[str] = []
        self.clicks = 0
        self.clicked.connect(self._clicked)

    def _clicked(self) -> None:
        self.clicks += 1

    def keyPressEvent(self, event) -> None:
        self.keys.append(label(event))
        super().keyPressEvent(event)


class IgnoringPad(QWidget):
    """Logs the keys that reach it and ignores them (so they go on to its parent); its child
    takes the focus and ignores keys too, so they are propagated to the pad."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.child = QWidget(self)
        self.child.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event) -> None:
        self.keys.append(label(event))
        event.ignore()


class TillWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.scan = QLineEdit()
        self.scan.setObjectName("scan")
        self.other = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.lines = LoggingList()
        self.pad = IgnoringPad()
        self.button = LoggingButton()
        central = QWidget()
        layout = QVBoxLayout(central)
        for widget in (self.scan, self.other, self.password, self.lines, self.pad, self.button):
            layout.addWidget(widget)
        self.setCentralWidget(central)


class StepClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.step = DEVICE_STEP

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def win(qtbot) -> TillWindow:
    window = TillWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def wedge(win, clock):
    wedge = KeyWedge(win, SETTINGS, clock=clock)
    wedge.install()
    yield wedge
    wedge.uninstall()


@pytest.fixture
def bursts(wedge) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    wedge.burst.connect(lambda name, text: seen.append((name, text)))
    return seen


def focus(qtbot, widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def keys(qtbot, clock: StepClock, widget: QWidget, text: str, end=Key.Key_Return,
         step: float = DEVICE_STEP) -> None:
    clock.step = step
    qtbot.keyClicks(widget, text)
    if end is not None:
        qtbot.keyClick(widget, end)


def typed(qtbot, clock, widget, text, end=Key.Key_Return) -> None:
    keys(qtbot, clock, widget, text, end, PERSON_STEP)


def send_key(widget: QWidget, key: int, text: str, timestamp_ms: int) -> None:
    """A key press and release carrying a platform timestamp, as a real platform sends them."""
    for etype in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(etype, key, Qt.KeyboardModifier.NoModifier, 0, 0, 0, text)
        event.setTimestamp(timestamp_ms)
        QApplication.sendEvent(widget, event)


def send_text(widget: QWidget, text: str, stamps: list[int]) -> None:
    """`text` then Enter, with one timestamp per key (len(text) + 1 of them)."""
    for char, stamp in zip(text, stamps, strict=False):
        send_key(widget, ord(char.upper()), char, stamp)
    send_key(widget, Key.Key_Return, "\r", stamps[len(text)])


# -- outside text entries: held, then emitted or replayed --------------------------------------


def test_burst_on_a_button_is_taken_whole(qtbot, win, clock, bursts):
    focus(qtbot, win.button)
    keys(qtbot, clock, win.button, CODE)
    assert bursts == [("scanner", CODE)]
    qtbot.wait(100)  # well past max_gap_ms: nothing is replayed late either
    assert bursts == [("scanner", CODE)]
    assert win.button.keys == []
    assert win.button.clicks == 0
    assert (win.scan.text(), win.other.text(), win.lines.keys) == ("", "", [])
    assert QApplication.focusWidget() is win.button


def test_burst_with_nothing_focused_goes_to_the_active_window(qtbot, win, clock, bursts):
    QApplication.focusWidget().clearFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is None)
    keys(qtbot, clock, win, CODE)
    assert bursts == [("scanner", CODE)]
    assert win.scan.text() == ""


def test_slow_typing_on_a_list_is_replayed_in_order(qtbot, win, clock, bursts):
    focus(qtbot, win.lines)
    typed(qtbot, clock, win.lines, "123")
    assert win.lines.keys == ["1", "2", "3", "<Return>"]
    typed(qtbot, clock, win.lines, "45", end=None)
    assert win.lines.keys[-1] == "4"  # "5" is held until the pause shows it is typing
    qtbot.waitUntil(lambda: win.lines.keys[-1] == "5")
    assert win.lines.keys == ["1", "2", "3", "<Return>", "4", "5"]
    assert bursts == []


def test_too_short_burst_is_replayed_and_enter_clicks_the_button(qtbot, win, clock, bursts):
    focus(qtbot, win.button)
    keys(qtbot, clock, win.button, "12")
    assert win.button.keys == ["1", "2", "<Return>"]
    assert win.button.clicks == 1
    assert bursts == []


def test_slow_terminator_after_fast_keys_is_typing(qtbot, win, clock, bursts):
    focus(qtbot, win.button)
    keys(qtbot, clock, win.button, CODE, end=None)
    clock.step = PERSON_STEP
    qtbot.keyClick(win.button, Key.Key_Return)
    assert win.button.keys == [*CODE, "<Return>"]
    assert win.button.clicks == 1
    assert bursts == []


def test_non_printable_key_mid_burst_replays_and_spoils_the_run(qtbot, win, clock, bursts):
    focus(qtbot, win.lines)
    keys(qtbot, clock, win.lines, "123", end=Key.Key_Down)
    keys(qtbot, clock, win.lines, "456")
    # The held keys came before Down; the rest of that run was typing, never a short code.
    assert win.lines.keys == ["1", "2", "3", "<Down>", "4", "5", "6", "<Return>"]
    assert bursts == []
    keys(qtbot, clock, win.lines, "789012")  # the next burst right after Enter counts
    assert bursts == [("scanner", "789012")]
    assert win.lines.keys[-1] == "<Return>" and len(win.lines.keys) == 8


def test_shift_inside_a_burst_does_not_break_it(qtbot, win, clock, bursts):
    focus(qtbot, win.button)
    clock.step = DEVICE_STEP
    # QTest presses and releases Shift around the letter, as a scanner does.
    qtbot.keyClick(win.button, "A", Qt.KeyboardModifier.ShiftModifier)
    keys(qtbot, clock, win.button, "BC123")
    assert bursts == [("scanner", "ABC123")]
    assert win.button.keys == ["<Shift>"]  # modifier keys pass; the characters were taken


def test_focus_moving_mid_burst_replays_to_the_first_widget(qtbot, win, clock, wedge,
                                                           bursts):
    focus(qtbot, win.lines)
    keys(qtbot, clock, win.lines, "12", end=None)
    focus(qtbot, win.scan)
    keys(qtbot, clock, win.scan, "3456")
    assert win.lines.keys == ["1", "2"]
    assert win.scan.text() == "3456"
    assert wedge.was_burst(win.scan, "3456") is None  # the tail of a broken-off run
    assert bursts == []


def test_event_propagated_to_a_parent_is_judged_once(qtbot, win, clock, bursts):
    focus(qtbot, win.pad.child)
    keys(qtbot, clock, win.pad.child, CODE)
    assert bursts == [("scanner", CODE)]
    assert win.pad.keys == []
    typed(qtbot, clock, win.pad.child, "12")
    assert win.pad.keys == ["1", "2", "<Return>"]
    assert bursts == [("scanner", CODE)]


def test_real_delivery_path_through_the_qwindow(qtbot, win, wedge, bursts):
    """QTest on a QWindow goes the platform's way: the QWindow sees the key first, then the
    focus widget, with elapsed-time timestamps (wall clock: a wide gap keeps it robust)."""
    wedge.update_settings(WedgeSettings(sources=(SCANNER,), max_gap_ms=2000))
    focus(qtbot, win.button)
    window = win.windowHandle()
    for char in CODE:
        QTest.keyClick(window, char)
    QTest.keyClick(window, Key.Key_Return)
    assert bursts == [("scanner", CODE)]
    assert win.button.keys == []
    assert win.button.clicks == 0


def test_platform_timestamps_win_over_the_clock(qtbot, win, clock, bursts):
    focus(qtbot, win.lines)
    # A stalled UI delivers typed keys all at once (clock: 5 ms apart), but they were typed
    # 120 ms apart: typing.
    clock.step = DEVICE_STEP
    send_text(win.lines, "1234", [10_000, 10_120, 10_240, 10_360, 10_480])
    assert win.lines.keys == ["1", "2", "3", "4", "<Return>"]
    assert bursts == []
    # A scanner burst handled late (clock: 120 ms apart), typed 0-3 ms apart: a burst.
    clock.step = PERSON_STEP
    send_text(win.lines, "5678", [20_000, 20_003, 20_003, 20_006, 20_008])
    assert bursts == [("scanner", "5678")]
    # Timestamps that go backwards are not to be trusted: the clock decides.
    clock.step = DEVICE_STEP
    send_text(win.lines, "9012", [30_000, 100, 50, 10, 5])
    assert bursts == [("scanner", "5678"), ("scanner", "9012")]
    assert len(win.lines.keys) == 5


def test_slow_typing_on_the_wall_clock_is_not_a_burst(qtbot, win):
    wedge = KeyWedge(win, SETTINGS)  # time.monotonic
    wedge.install()
    seen = []
    wedge.burst.connect(lambda name, text: seen.append(text))
    try:
        focus(qtbot, win.lines)
        for char in "123":
            qtbot.keyClick(win.lines, char)
            qtbot.wait(150)
        qtbot.keyClick(win.lines, Key.Key_Return)
        assert win.lines.keys == ["1", "2", "3", "<Return>"]
        assert seen == []
    finally:
        wedge.uninstall()


# -- text entries: keys untouched, bursts recorded ---------------------------------------------


def test_burst_into_the_scan_field_is_recorded(qtbot, win, clock, wedge, bursts):
    returns = []
    win.scan.returnPressed.connect(
        lambda: returns.append((win.scan.text(), wedge.was_burst(win.scan, win.scan.text()))))
    focus(qtbot, win.scan)
    keys(qtbot, clock, win.scan, CODE)
    assert returns == [(CODE, "scanner")]
    assert win.scan.text() == CODE
    assert wedge.was_burst(win.scan, f" {CODE}\n") == "scanner"
    assert wedge.was_burst(win.other, CODE) is None
    assert wedge.was_burst(win.scan, CODE[:-1]) is None
    assert bursts == []


def test_typing_the_same_code_slowly_is_not_a_burst(qtbot, win, clock, wedge, bursts):
    returns = []
    win.scan.returnPressed.connect(
        lambda: returns.append(wedge.was_burst(win.scan, win.scan.text())))
    focus(qtbot, win.scan)
    keys(qtbot, clock, win.scan, CODE)
    win.scan.clear()
    typed(qtbot, clock, win.scan, CODE)
    assert returns == ["scanner", None]
    assert win.scan.text() == CODE
    assert wedge.was_burst(win.scan, CODE) is None
    assert bursts == []


def test_password_field_never_records(qtbot, win, clock, wedge, bursts):
    focus(qtbot, win.password)
    keys(qtbot, clock, win.password, CODE)
    assert win.password.text() == CODE
    assert wedge.was_burst(win.password, CODE) is None
    assert wedge.last_entry_burst(win.password) is None
    assert bursts == []


def test_modal_dialog_gets_the_keys_untouched(qtbot, win, clock, wedge, bursts):
    dialog = QDialog(win)
    edit = QLineEdit()
    button = LoggingButton()
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(button)
    dialog.open()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    try:
        focus(qtbot, button)
        keys(qtbot, clock, button, CODE)
        assert button.keys == [*CODE, "<Return>"]
        assert button.clicks == 1
        focus(qtbot, edit)
        keys(qtbot, clock, edit, CODE)
        assert edit.text() == CODE
        assert wedge.was_burst(edit, CODE) == "scanner"  # a text entry, in any window
        assert bursts == []
        assert win.button.keys == [] and win.scan.text() == ""
    finally:
        dialog.reject()


# -- sources ----------------------------------------------------------------------------------


def test_prefix_routes_the_burst_to_its_source(qtbot, win, clock, wedge, bursts):
    wedge.update_settings(WedgeSettings(sources=(
        SCANNER,
        WedgeSource("gs1", prefix="]C1"),
        WedgeSource("card", prefix=";", terminators=("enter", "tab"), min_length=6),
    )))
    focus(qtbot, win.button)
    keys(qtbot, clock, win.button, "]C10104012345012345")
    keys(qtbot, clock, win.button, ";6222020200112233=2512?", end=Key.Key_Tab)
    keys(qtbot, clock, win.button, CODE)
    assert bursts == [("gs1", "0104012345012345"), ("card", "6222020200112233=2512?"),
                      ("scanner", CODE)]
    assert QApplication.focusWidget() is win.button  # the card's Tab was taken too
    assert win.button.keys == [] and win.button.clicks == 0
    keys(qtbot, clock, win.button, ";1234")  # the card reader's, but too short
    assert win.button.keys == [*";1234", "<Return>"]
    assert len(bursts) == 3

    focus(qtbot, win.scan)
    keys(qtbot, clock, win.scan, "]C1" + CODE)
    assert win.scan.text() == "]C1" + CODE  # a text entry gets what was typed
    assert wedge.was_burst(win.scan, CODE) == "gs1"
    assert wedge.was_burst(win.scan, "]C1" + CODE) == "gs1"
    entry = wedge.last_entry_burst(win.scan)
    assert entry is not None and (entry.source, entry.text) == ("gs1", CODE)


def test_wrong_terminator_is_not_a_burst(qtbot, win, clock, bursts):
    focus(qtbot, win.lines)
    keys(qtbot, clock, win.lines, CODE, end=Key.Key_Tab)  # the scanner ends with Enter only
    assert bursts == []
    assert win.lines.keys == list(CODE)  # replayed; then Tab moved the focus on
    assert QApplication.focusWidget() is not win.lines


def test_keys_no_source_starts_with_are_not_held(qtbot, win, clock, wedge, bursts):
    wedge.update_settings(WedgeSettings(sources=(WedgeSource("card", prefix=";"),)))
    focus(qtbot, win.lines)
    keys(qtbot, clock, win.lines, "5", end=None)
    assert win.lines.keys == ["5"]  # at once: no timer wait
    clock.now += 1.0  # a pause: a burst only starts after one
    keys(qtbot, clock, win.lines, ";12345678")
    assert bursts == [("card", "12345678")]


def test_settings_are_checked():
    with pytest.raises(ValueError):
        WedgeSource("scanner", terminators=("space",))
    with pytest.raises(ValueError):
        WedgeSource("scanner", min_length=0)
    with pytest.raises(ValueError):
        WedgeSource("")
    with pytest.raises(ValueError):
        WedgeSettings(sources=(SCANNER,), max_gap_ms=0)


# -- lifetime ---------------------------------------------------------------------------------


def test_uninstalls_when_the_window_is_destroyed(qtbot, clock):
    window = QMainWindow()
    wedge = KeyWedge(window, SETTINGS, clock=clock)
    wedge.install()
    assert wedge.installed
    window.deleteLater()
    qtbot.waitUntil(lambda: not wedge.installed)
    other = QLineEdit()
    qtbot.addWidget(other)
    qtbot.keyClicks(other, "abc")  # the filter is gone: nothing touches a dead window
    assert other.text() == "abc"
