"""PDFs are rendered after the act that issued them has committed, not inside it.

A CJK PDF costs about a second to render (fontTools parses the Noto collection and subsets it),
measured in bench/pdf_render.py; inside an act's transaction that second is paid with the act's
row locks held, and a list act that grants 150 items would hold them for minutes. So the act
writes the row — number, text, verification code: everything the PDF will say — and asks for the
file on commit (`render_after_commit`: the task `workflows.render_pdf`). A rolled-back act asks
for nothing and leaves no orphan file. Each feature's `files.ensure_file` renders its row's file
if it is not there yet, under the row's lock, so the task, a second task and a download that
comes first all end with one file: a download never waits for the worker, and a lost task (the
broker down at commit) loses nothing; the minute beat also renders what is still missing.
"""

import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

TASK_NAME = "workflows.render_pdf"


def render_after_commit(kind: str, pk: int) -> None:
    """Once the current transaction commits, queue the rendering of `kind`'s row `pk`."""
    transaction.on_commit(lambda: _publish(kind, pk))


def _publish(kind: str, pk: int) -> None:
    try:
        current_app.send_task(TASK_NAME, args=[kind, pk], retry=False)
    except Exception:  # noqa: BLE001 - the file is rendered on download or by the beat instead
        logger.warning("Could not queue the PDF of %s %s; it will be rendered on demand", kind, pk, exc_info=True)
