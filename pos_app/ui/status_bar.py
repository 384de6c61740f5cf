"""The status bar: online/offline, events waiting to go to head office, last good sync."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from pos_app.qt import QEvent, QLabel, QStatusBar, QTimer, Slot
from pos_app.services.status import SyncStatus
from pos_app.services.till import Till

log = logging.getLogger(__name__)
REFRESH_MS = 2000


def _restyle(label: QLabel, status: str) -> None:
    label.setProperty("status", status)
    label.style().unpolish(label)
    label.style().polish(label)


class SyncStatusBar(QStatusBar):
    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.setSizeGripEnabled(False)
        self.status: SyncStatus | None = None
        self._timezone = None
        self.online_label = QLabel()
        self.pending_label = QLabel()
        self.last_sync_label = QLabel()
        self.terminal_label = QLabel()
        for label in (self.online_label, self.pending_label, self.last_sync_label):
            self.addWidget(label)
        self.addPermanentWidget(self.terminal_label)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read the sync status (a short local query) and show it; never raises."""
        try:
            self.status = self.till.sync_status()
        except Exception:  # a locked or missing database must not take the window down
            log.exception("could not read the sync status")
            self.status = None
        self._show()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(event)

    def _show(self) -> None:
        status = self.status
        if status is None:
            self.online_label.setText(self.tr("Status unknown"))
            _restyle(self.online_label, "offline")
            self.pending_label.clear()
            self.last_sync_label.clear()
            return
        if status.online:
            self.online_label.setText(self.tr("● Online"))
            _restyle(self.online_label, "online")
        else:
            self.online_label.setText(self.tr("● Offline"))
            _restyle(self.online_label, "offline")
        self.pending_label.setText(self.tr("Waiting to upload: {count}").format(
            count=status.pending_events))
        when = self._local_time(status.last_success_at) if status.last_success_at else None
        self.last_sync_label.setText(
            self.tr("Last sync: {time}").format(time=when) if when else self.tr("Never synced"))
        tip = ""
        if status.last_error:
            tip = self.tr("Last error ({time}): {error}").format(
                time=self._local_time(status.last_error_at) or "?", error=status.last_error)
        for label in (self.online_label, self.pending_label, self.last_sync_label):
            label.setToolTip(tip)

    def _local_time(self, iso: str | None) -> str | None:
        if not iso:
            return None
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            return iso
        if moment.tzinfo is not None:
            moment = moment.astimezone(self._zone())
        return moment.strftime("%m-%d %H:%M:%S")

    def _zone(self):
        if self._timezone is None:
            try:
                self._timezone = ZoneInfo(self.till.identity().timezone)
            except Exception:  # not enrolled yet, or an unknown zone: the PC's own zone
                self._timezone = datetime.now().astimezone().tzinfo
        return self._timezone
