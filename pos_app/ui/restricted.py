"""Running a service call that may need another staff member's approval, from a dialog.

    run_restricted(self, lambda approver: till.close_day(staff, approver=approver),
                   self._closed, self._show_failure, declined=self._not_approved)

The call runs first as the logged-in staff member (`approver=None`). When the service raises
ApprovalNeeded, the approval dialog (ui/approval_dialog.py) opens over `owner` and runs the same
call again with the approver's credentials; its wrong-PIN messages stay in that dialog. The
open approval dialog is kept in `owner.approval` (None otherwise) so callers and tests can see it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pos_app.domain.roles import ApprovalNeeded
from pos_app.qt import QDialog, QWidget
from pos_app.services.approvals import Credentials
from pos_app.ui.approval_dialog import ApprovalDialog
from pos_app.ui.dialogs import Message
from pos_app.ui.errors import Outcome, attempt

T = TypeVar("T")
ACCEPTED = QDialog.DialogCode.Accepted.value


def run_restricted(owner: QWidget, call: Callable[[Credentials | None], T],
                   done: Callable[[T], Any], failed: Callable[[Outcome], Any], *,
                   subject: Message | None = None, amount_fen: int | None = None,
                   declined: Callable[[], Any] | None = None) -> None:
    """call(None); on ApprovalNeeded ask for an approver and call(credentials). Then done(value),
    failed(outcome) for a refusal, or declined() when the approval dialog is cancelled."""
    outcome = attempt(lambda: call(None))
    if outcome.ok:
        done(outcome.value)
        return
    if not isinstance(outcome.error, ApprovalNeeded):
        failed(outcome)
        return
    dialog = ApprovalDialog(outcome.error, call, subject=subject, amount_fen=amount_fen,
                            parent=owner)
    owner.approval = dialog

    def finished(result: int) -> None:
        if owner.approval is not dialog:  # finished twice
            return
        owner.approval = None
        dialog.deleteLater()
        if result == ACCEPTED:
            done(dialog.result_value)
        elif declined is not None:
            declined()

    dialog.finished.connect(finished)
    dialog.open()
