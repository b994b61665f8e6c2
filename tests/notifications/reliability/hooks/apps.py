import os
import time
from pathlib import Path

from django.apps import AppConfig

STAGES = ("before", "after")
MAX_PAUSE = 60


def pause_at(stage):
    def receiver(delivery, **kwargs):
        control = Path(os.environ.get("TEST_CONTROL_DIR", ""))
        wanted = control / f"pause-{stage}"
        marker = control / f"paused-{stage}"
        if not control.name or not wanted.exists() or wanted.read_text().strip() != delivery.key:
            return
        try:
            with open(marker, "x") as out:  # the first process to get here pauses; no one else
                out.write(str(os.getpid()))
        except FileExistsError:
            return
        deadline = time.monotonic() + MAX_PAUSE
        while not (control / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    return receiver


class HooksConfig(AppConfig):
    name = "tests.notifications.reliability.hooks"
    label = "reliability_hooks"

    def ready(self):
        from notifications.signals import after_handoff, before_handoff

        before_handoff.connect(pause_at("before"), weak=False, dispatch_uid="reliability.before")
        after_handoff.connect(pause_at("after"), weak=False, dispatch_uid="reliability.after")
