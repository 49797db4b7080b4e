"""Email backends for fault tests: the mail server itself is real in those tests; these
stand in for the process dying in the middle of a send."""

from __future__ import annotations

import threading

from django.core.mail.backends.locmem import EmailBackend


class WorkerDies(BaseException):
    """Not an Exception: like a SIGKILL, nothing in the sweep gets to handle it."""


class DiesOnSecondMessage(EmailBackend):
    sent = 0
    lock = threading.Lock()

    def send_messages(self, messages):
        with DiesOnSecondMessage.lock:
            DiesOnSecondMessage.sent += 1
            if DiesOnSecondMessage.sent == 2:
                raise WorkerDies("killed while talking to the mail server")
        return super().send_messages(messages)
