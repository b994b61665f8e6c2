"""Celery tasks of the workflows app: `workflows.fire_timers`, the beat task (every minute: the
steps' timeouts and the 公示 notices that have ended), `workflows.recompute_deadlines`, the
recount after the calendar changed, the daily beats (tenures, meetings, exports),
`workflows.export_run`, one background export (导出任务), `workflows.fanout_dispatch`, the
children of a background fan-out (分派), and `workflows.campaign_notices` (every
minute: campaigns opened and closing)."""

import datetime
import logging

from django.utils import timezone

from core.celery import database_job
from workflows.engine import rendering
from workflows.engine.certificates import files as certificate_files
from workflows.engine.deadlines import beat
from workflows.engine.deadlines import services as deadlines
from workflows.engine.documents import files as document_files
from workflows.engine.exports import beat as exports_beat
from workflows.engine.fanout import background as fanout_background
from workflows.engine.exports import services as exports
from workflows.engine.meetings import beat as meetings_beat
from workflows.engine.meetings import reminders as meeting_reminders
from workflows.engine.notices.closing import close_due_notices
from workflows.engine.tenure import beat as tenure_beat
from workflows.engine.tenure import expiry, report_reminders
from workflows.web.exports import background as background_exports
from workflows.programmes import announce as campaign_beat

logger = logging.getLogger(__name__)


@database_job(name=beat.TASK_NAME)
def fire_timers(now=None):
    """Fire the timeouts due at `now` (ISO 8601; beat passes none: the clock), after computing
    any deadline still pending for a calendar year that has been entered meanwhile, then close
    the notices (公示) that have ended. Safe to run
    twice at once: each timer is fired under its process's lock and re-checked there."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    caught_up = deadlines.catch_up()
    if caught_up:
        logger.info("Computed the deadlines pending for calendar years %s", caught_up)
    fired = beat.fire_timers(now=moment)
    if fired:
        logger.info("Fired %s timeouts", fired)
    closed = close_due_notices(now=moment)
    if closed:
        logger.info("Closed %s notices at their end", closed)
    rendered = render_missing()
    if rendered:
        logger.info("Rendered %s PDFs whose task had not", rendered)
    return fired


PDF_FILES = {"certificate": certificate_files, "document": document_files}
# A row this old without its file lost its render task (the broker was down at commit).
RENDER_GRACE = datetime.timedelta(minutes=2)
RENDER_MISSING_PER_RUN = 20


@database_job(name=rendering.TASK_NAME, time_limit=300)
def render_pdf(kind, pk):
    """Render and store the PDF of a certificate or document just issued. Safe to run twice:
    ensure_file renders under the row's lock only while the file is missing."""
    PDF_FILES[kind].ensure_file(pk)


def render_missing() -> int:
    """Render, a few per minute, the PDFs whose task was lost. One that fails is logged and
    left for the next run: the timers above must not wait on a PDF."""
    before, done = timezone.now() - RENDER_GRACE, 0
    for kind, files in PDF_FILES.items():
        for pk in files.unrendered().filter(created_at__lt=before).values_list("pk", flat=True)[:RENDER_MISSING_PER_RUN]:
            try:
                files.ensure_file(pk)
                done += 1
            except Exception:  # noqa: BLE001 - logged with its trace; a download shows the error
                logger.exception("Could not render the PDF of %s %s", kind, pk)
    return done


RECOMPUTE_TASK_NAME = "workflows.recompute_deadlines"


def on_calendar_changed(sender, years=(), **kwargs) -> None:
    """calendar_changed receiver: the calendar gained or corrected `years` (sent after commit).

    The recount goes to a Celery worker: a year entered can move thousands of deadlines, which
    must not hold the administrator's request. If the broker cannot take the job, the recount
    runs here instead; should the job be lost after that, the beat's catch_up() still computes
    every deadline left pending."""
    try:
        recompute_deadlines.delay(years=sorted(years))
    except Exception:  # noqa: BLE001 - any broker failure: do the work here rather than lose it
        logger.warning("Could not queue the deadline recount for %s; recounting now", years, exc_info=True)
        recompute_deadlines(years=sorted(years))


@database_job(name=RECOMPUTE_TASK_NAME, time_limit=1800, retry_backoff_max=60)
def recompute_deadlines(years):
    """Count again the deadlines the calendar's `years` decide (deadlines.recompute_deadlines), in
    batches. Safe to run twice: a recount of the same days gives the same deadlines and keys."""
    still_missing = deadlines.recompute_deadlines(years=years)
    if still_missing:
        logger.info("Deadlines still wait for calendar years %s", still_missing)
    return still_missing


@database_job(name=tenure_beat.TASK_NAME)
def tenure_daily(on=None):
    """Expire the tenures whose last day has passed, remind the holders of those ending soon and of
    the annual reports owed (and their heads when the window is about to close),
    as of the date `on` (ISO 8601; beat passes none: today). Safe to run twice: an expired tenure
    stays expired and each reminder's key is sent once."""
    day = datetime.date.fromisoformat(on) if on else None
    expired = expiry.expire_due(on=day)
    reminded = expiry.remind_due(on=day)
    reports = report_reminders.remind_reports(on=day)
    if expired or reminded or reports:
        logger.info("Expired %s tenures, sent %s reminders before expiry and %s about annual reports",
                    expired, reminded, reports)
    return {"expired": expired, "reminded": reminded, "report_reminders": reports}


@database_job(name=meetings_beat.TASK_NAME)
def meetings_daily(now=None):
    """Remind the participants of the meetings ahead (3 and 1 working days before, the step's data),
    as of `now` (ISO 8601; beat passes none: the clock). Safe to run twice: each stage's key is sent once."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    reminded = meeting_reminders.remind_due(now=moment)
    if reminded:
        logger.info("Sent %s reminders before meetings", reminded)
    return reminded


# A worker that dies midway is given the job again (acks_late): it resumes at the first target
# without a child, batch by batch (fanout.background).
@database_job(name=fanout_background.TASK_NAME, time_limit=900)
def fanout_dispatch(task_id):
    """Create the children of the background fan-out task `task_id`. Safe to run twice."""
    progress = fanout_background.run(task_id)
    logger.info("Fan-out task %s: %s of %s children dispatched", task_id, progress.created, progress.total)
    return progress.created


# Writing 100,000 rows takes minutes, not seconds: a limit of its own (its soft limit fails the job
# with a reason; DatabaseError retries, resuming the job from its first row).
@database_job(name=exports.TASK_NAME, time_limit=1800)
def export_run(job):
    """Write the export job `job`'s file (background.run). Safe to run twice: a job done or failed
    is left alone, and only one attempt's file is kept (services.finish)."""
    return background_exports.run(job)


@database_job(name=exports_beat.TASK_NAME)
def exports_daily(now=None):
    """Delete the export files past their expiry and stop the jobs that lost their worker, as of
    `now` (ISO 8601; beat passes none: the clock). Safe to run twice at once."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    result = exports.expire_due(now=moment)
    if any(result.values()):
        logger.info("Exports: %(expired)s files expired, %(stale)s stale jobs stopped", result)
    return result
@database_job(name=campaign_beat.TASK_NAME)
def campaign_notices(now=None):
    """Tell the eligible schools of every campaign that has opened, and remind those that have not
    submitted of every campaign closing within its programme's days, as of `now` (ISO 8601; beat
    passes none: the clock). Safe to run twice: each stage of each campaign is sent once."""
    moment = datetime.datetime.fromisoformat(now) if now else None
    sent = campaign_beat.run(now=moment)
    if any(sent.values()):
        logger.info("Campaign notices: %s opened, %s closing", sent["opened"], sent["closing"])
    return sent
