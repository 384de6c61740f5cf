"""Telling a keyboard-wedge device (barcode scanner, "driver-free" card reader) from typing.

Such devices type like a keyboard: a burst of printable keys a few ms apart, then Enter (or
Tab). People type 80+ ms apart. `KeyWedge` watches the key presses of the whole application (an
application event filter) and sorts them:

* In a text entry (line edit, spin box, text edit), anywhere: keys pass through untouched and
  at once. A burst that ends there is only *recorded*: the field's owner asks `was_burst()`
  when it handles its own Enter.
* On anything else inside the till's main window while it is the active window (a table, a
  button, a label, nothing focused): printable keys are held back while they could still be a
  burst. A qualifying burst is swallowed, terminator included, and emitted as `burst`;
  anything else is replayed, in order, to the widget that had the focus. Nothing typed is lost.
* Everywhere else (a dialog's buttons, a popup) and for non-printable keys: untouched.

Timing uses the platform's key timestamps when it gives them (a stalled UI that delivers typed
keys late must not make typing look like a burst) and the injected clock otherwise.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from pos_app.qt import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QObject,
    QPlainTextEdit,
    Qt,
    QTextEdit,
    QTimer,
    QWidget,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

TERMINATORS = frozenset({"enter", "tab"})

_KEY_PRESS = QEvent.Type.KeyPress
_KEY_RELEASE = QEvent.Type.KeyRelease
_CHORD = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
          | Qt.KeyboardModifier.MetaModifier)
#: Keys that only change how other keys read. Scanners press Shift around upper-case letters,
#: so these neither end a burst nor count as typing.
_MODIFIER_KEYS = frozenset({
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Meta, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock, Qt.Key.Key_ScrollLock, Qt.Key.Key_Super_L,
    Qt.Key.Key_Super_R, Qt.Key.Key_Hyper_L, Qt.Key.Key_Hyper_R, Qt.Key.Key_Mode_switch,
})
_TEXT_ENTRIES = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


@dataclass(frozen=True)
class WedgeSource:
    """One device programmed to type: its name, the prefix it sends first (stripped from the
    text), the keys it ends with, and how many characters after the prefix make a read."""

    name: str
    prefix: str = ""
    terminators: tuple[str, ...] = ("enter",)
    min_length: int = 3

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a wedge source needs a name")
        if not all(c.isprintable() for c in self.prefix):
            raise ValueError(f"prefix {self.prefix!r}: printable characters only")
        if not self.terminators or not set(self.terminators) <= TERMINATORS:
            raise ValueError(f"terminators {self.terminators!r}: any of {sorted(TERMINATORS)}")
        if self.min_length < 1:
            raise ValueError("min_length must be at least 1")


@dataclass(frozen=True)
class WedgeSettings:
    sources: tuple[WedgeSource, ...]
    #: The longest pause between two keys of one burst, and between its last key and Enter.
    max_gap_ms: int = 35

    def __post_init__(self) -> None:
        if self.max_gap_ms < 1:
            raise ValueError("max_gap_ms must be at least 1")


@dataclass(frozen=True)
class EntryBurst:
    """A qualifying burst that was typed into a text entry (and went into it, as typed)."""

    widget: QWidget
    source: str
    #: What the device typed, prefix included, whitespace-stripped (what the field now holds).
    typed: str
    #: The text after the source's prefix, whitespace-stripped.
    text: str


@dataclass(frozen=True)
class _Stamp:
    """When a key was pressed: the platform's timestamp (0 if none) and the injected clock."""

    event_ms: int
    clock_s: float


def _gap_ms(before: _Stamp, after: _Stamp) -> float:
    # Fast scanners often send two keys within the same millisecond: equal stamps are fine.
    if before.event_ms and after.event_ms and after.event_ms >= before.event_ms:
        return after.event_ms - before.event_ms
    return (after.clock_s - before.clock_s) * 1000.0


@dataclass(frozen=True)
class _Key:
    """Enough of a held key press to send it again (the event itself dies after delivery)."""

    key: int
    modifiers: Qt.KeyboardModifier
    scan_code: int
    virtual_key: int
    native_modifiers: int
    text: str

    @classmethod
    def of(cls, event: QKeyEvent) -> _Key:
        return cls(event.key(), event.modifiers(), event.nativeScanCode(),
                   event.nativeVirtualKey(), event.nativeModifiers(), event.text())


@dataclass
class _Burst:
    """The keys of a possible burst so far, all typed at one widget."""

    target: QWidget
    hold: bool  # True: the keys are held back (replayed unless it qualifies)
    chars: list[str] = field(default_factory=list)
    held: list[_Key] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _is_text_entry(widget: QWidget) -> bool:
    if isinstance(widget, _TEXT_ENTRIES):
        return True
    return isinstance(widget, QComboBox) and widget.isEditable()


def _is_secret(widget: QWidget) -> bool:
    return isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal


def _terminator(event: QKeyEvent) -> str | None:
    key = event.key()
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if modifiers != Qt.KeyboardModifier.NoModifier:
        return None
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return "enter"
    if key == Qt.Key.Key_Tab:
        return "tab"
    return None


def _is_printable(event: QKeyEvent) -> bool:
    text = event.text()
    return len(text) == 1 and text.isprintable() and not event.modifiers() & _CHORD


class KeyWedge(QObject):
    """Sorts the application's key presses into device bursts and typing (module docstring).

    `burst` is emitted from inside the event filter, synchronously: a slot may open a dialog
    with open()/show(), but should not run a nested event loop (exec()).
    """

    #: (source name, text without the prefix, whitespace-stripped)
    burst = Signal(str, str)

    def __init__(self, window: QWidget, settings: WedgeSettings,
                 clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        # A child of the window unless told otherwise: Qt then deletes it with the window,
        # and a deleted filter is dropped from the application's list.
        super().__init__(parent if parent is not None else window)
        self._window: QWidget | None = window
        self._clock = clock
        self._installed = False
        self._burst: _Burst | None = None
        self._last: _Stamp | None = None  # the last key press (not a modifier) at a target
        self._entry: EntryBurst | None = None
        self._swallow: set[int] = set()  # keys whose press was held: their release is dropped
        self._sending: list[QKeyEvent] = []  # replayed events on their way: not ours to judge
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._quiet)
        self.update_settings(settings)
        # Through a weak reference: when the window is deleted by Python's garbage collector,
        # this wedge may be part of the same garbage and must not be called into.
        ref = weakref.ref(self)
        window.destroyed.connect(lambda *_args: _window_gone(ref))

    # -- public ------------------------------------------------------------------------------

    @property
    def settings(self) -> WedgeSettings:
        return self._settings

    @property
    def installed(self) -> bool:
        return self._installed

    def install(self) -> None:
        if self._installed or self._window is None:
            return
        QApplication.instance().installEventFilter(self)
        self._installed = True

    def uninstall(self) -> None:
        """Stop watching; keys held at that moment are replayed first."""
        self._abort()
        self._stop()

    def update_settings(self, settings: WedgeSettings) -> None:
        self._abort()
        self._settings = settings
        # The device with the longest prefix that matches claims the burst.
        self._sources = tuple(sorted(settings.sources, key=lambda s: len(s.prefix),
                                     reverse=True))
        self._timer.setInterval(settings.max_gap_ms)

    def was_burst(self, widget: QWidget, text: str) -> str | None:
        """The source name if the last burst, ended by the key just pressed, was typed into
        `widget` and was `text` (after the prefix or as typed; whitespace-stripped compare)."""
        entry = self.last_entry_burst(widget)
        if entry is None or text.strip() not in (entry.text, entry.typed):
            return None
        return entry.source

    def last_entry_burst(self, widget: QWidget) -> EntryBurst | None:
        """The qualifying burst just typed into the text entry `widget`, if any. It is
        forgotten at the next key press anywhere, so ask while handling the terminator."""
        entry = self._entry
        return entry if entry is not None and entry.widget is widget else None

    # -- the filter --------------------------------------------------------------------------

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype != _KEY_PRESS and etype != _KEY_RELEASE:
            return False
        if not self._installed or any(event is own for own in self._sending):
            return False
        # The application's filter sees one key event several times: at the QWindow, at the
        # focus widget, then at each parent while it is ignored. Judge it once, at the target.
        target = self._target()
        if target is None or obj is not target:
            return False
        if etype == _KEY_RELEASE:
            return self._release(event)
        return self._press(target, event)

    @staticmethod
    def _target() -> QWidget | None:
        """Where Qt delivers key events now."""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            focus = popup.focusWidget()
            return popup if focus is None else focus
        focus = QApplication.focusWidget()
        return QApplication.activeWindow() if focus is None else focus

    def _release(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in self._swallow and not event.isAutoRepeat():
            self._swallow.discard(key)
            event.accept()
            return True
        return False

    def _press(self, target: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        self._swallow.discard(key)  # a new press: any release still owed was lost
        self._entry = None
        stamp = _Stamp(event.timestamp(), self._clock())
        continues = (self._last is not None
                     and _gap_ms(self._last, stamp) <= self._settings.max_gap_ms)
        self._last = stamp
        burst = self._burst
        if burst is not None and (not continues or burst.target is not target):
            self._abort()
        if _is_printable(event):
            return self._char(target, event, continues)
        terminator = _terminator(event)
        if terminator is not None:
            self._last = None  # the next key starts afresh (scanners may send codes back to back)
            return self._terminate(target, event, terminator)
        # Any other key (F-keys, arrows, Delete, Escape, Ctrl+...) is the user's: a device does
        # not send it mid-code. It ends the burst: the held keys are replayed first, so they
        # arrive before it, as typed; then it goes its way. The keys that follow it quickly
        # continue the same run and are passed through (`continues` below): a burst only
        # starts after a pause, so the tail of a broken-off run never makes a truncated code.
        self._abort()
        return False

    def _char(self, target: QWidget, event: QKeyEvent, continues: bool) -> bool:
        burst = self._burst
        if burst is not None and event.isAutoRepeat():  # a key held down: typing
            self._abort()
            return False
        if burst is None:
            # Only a key after a pause starts a burst: one that continues a run which was
            # broken off (or started somewhere else) is typing.
            if continues or event.isAutoRepeat() or not self._sources:
                return False
            zone = self._zone(target)
            if zone is None:
                return False
            burst = self._burst = _Burst(target, hold=zone)
        burst.chars.append(event.text())
        self._timer.start()
        if not burst.hold:
            return False
        if not self._could_match(burst.text):  # no device starts like that: let it go now
            burst.chars.pop()
            self._abort()
            return False
        burst.held.append(_Key.of(event))
        self._swallow.add(event.key())
        event.accept()
        return True

    def _terminate(self, target: QWidget, event: QKeyEvent, terminator: str) -> bool:
        burst = self._burst
        if burst is None:
            return False
        match = self._match(burst.text, terminator)
        if match is None:
            # Too short, wrong terminator, unknown prefix: replay the held keys; the terminator
            # then follows them on its normal way (so Enter clicks the focused button).
            self._abort()
            return False
        self._burst = None
        self._timer.stop()
        source, text = match
        if not burst.hold:  # a text entry: it got the keys and now gets its Enter
            self._entry = EntryBurst(target, source, burst.text.strip(), text)
            return False
        self._swallow.add(event.key())
        event.accept()
        log.debug("wedge burst from %s (%d characters)", source, len(text))
        self.burst.emit(source, text)
        return True

    def _zone(self, target: QWidget) -> bool | None:
        """True: hold keys typed at `target`; False: watch them only; None: leave them be."""
        if _is_text_entry(target):
            return None if _is_secret(target) else False
        window = self._window
        if window is None or QApplication.activeWindow() is not window:
            return None  # a dialog (modal or not) is in front
        if target is window or window.isAncestorOf(target):
            return True
        return None

    def _could_match(self, text: str) -> bool:
        return any(s.prefix.startswith(text) or text.startswith(s.prefix)
                   for s in self._sources)

    def _match(self, text: str, terminator: str) -> tuple[str, str] | None:
        for source in self._sources:
            if text.startswith(source.prefix):
                code = text[len(source.prefix):].strip()
                if terminator in source.terminators and len(code) >= source.min_length:
                    return source.name, code
                return None
        return None

    # -- ending a burst that does not qualify ------------------------------------------------

    @Slot()
    def _quiet(self) -> None:
        """max_gap_ms without a key: whatever was held is typing."""
        self._abort()

    def _abort(self) -> None:
        burst, self._burst = self._burst, None
        self._timer.stop()
        if burst is not None and burst.held:
            self._replay(burst.target, burst.held)

    def _replay(self, target: QWidget, keys: list[_Key]) -> None:
        """Send the held keys, press and release each, to the widget they were typed at.
        Sent synchronously, so a key being handled now arrives after them."""
        try:
            target.window()
        except RuntimeError:  # the widget was deleted meanwhile: give them to the focus
            target = self._target()
            if target is None:
                return
        for key in keys:
            for etype in (_KEY_PRESS, _KEY_RELEASE):
                event = QKeyEvent(etype, key.key, key.modifiers, key.scan_code,
                                  key.virtual_key, key.native_modifiers, key.text)
                self._sending.append(event)
                try:
                    QApplication.sendEvent(target, event)
                finally:
                    self._sending.pop()

    # -- lifetime ----------------------------------------------------------------------------

    def _stop(self) -> None:
        if self._installed:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._installed = False
        self._timer.stop()
        self._burst = None
        self._last = None
        self._entry = None
        self._swallow.clear()

    @Slot()
    def window_destroyed(self) -> None:
        """The till window is going: its widgets too, so nothing is replayed."""
        self._burst = None
        self._stop()
        self._window = None


def _window_gone(ref: weakref.ref) -> None:
    wedge = ref()
    if wedge is not None:
        wedge.window_destroyed()
