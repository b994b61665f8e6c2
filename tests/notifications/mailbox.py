"""A mail backend for tests and the benchmark that run real workers: it appends one JSON line per
message to a file (under an exclusive lock), so a test can count emails across processes."""

import fcntl
import json
import os
import time

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class AppendingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        lines = []
        for message in email_messages:
            headers = message.extra_headers or {}
            lines.append(
                json.dumps(
                    {
                        "to": message.to,
                        "subject": message.subject,
                        "message_id": headers.get("Message-ID", ""),
                        "key": headers.get("X-Delivery-Key", ""),
                        "pid": os.getpid(),
                        "at": time.time(),
                    },
                    ensure_ascii=False,
                )
            )
        if lines:
            with open(settings.TEST_MAILBOX, "a", encoding="utf-8") as box:
                fcntl.flock(box, fcntl.LOCK_EX)
                box.write("\n".join(lines) + "\n")
                box.flush()
                fcntl.flock(box, fcntl.LOCK_UN)
        return len(lines)


def read_mailbox(path) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as box:
            return [json.loads(line) for line in box if line.strip()]
    except FileNotFoundError:
        return []
