"""The alarm when beat or the workers stop: an incident for the administrators, and an email.

It runs from outside Celery on purpose (a watch that beat schedules stops with beat): from
`manage.py watch_background`, which deploy/ runs every minute from a systemd timer, and from every
/readyz that finds the background stopped, so a site whose load balancer probes readyz is watched
even where the timer was not installed. Raising again only counts one more occurrence, and the
email goes out once per incident, when it opens; the incident resolves itself once everything
runs again."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import gettext as _

from core.health import probes
from core.incidents.models import Incident, IncidentStatus
from core.incidents.services import raise_incident, resolve_incident

logger = logging.getLogger(__name__)

INCIDENT_KIND = "health.background"
INCIDENT_KEY = "beat-and-workers"


@dataclass
class Background:
    workers: probes.Probe
    beat: probes.Probe
    jobs: probes.Probe

    @property
    def ok(self) -> bool:
        return self.workers.ok and self.beat.ok and self.jobs.ok


def probe_background(*, now=None) -> Background:
    beat, jobs = probes.schedule(now=now)
    return Background(workers=probes.workers(), beat=beat, jobs=jobs)


def watch_background(*, now=None, background: Background | None = None) -> Incident | None:
    """The open background incident after this look (None when all runs), raised or resolved."""
    background = background or probe_background(now=now)
    try:
        if background.ok:
            _resolve_open()
            return None
        incident = raise_incident(kind=INCIDENT_KIND, key=INCIDENT_KEY, title=_("后台任务已停止：定时任务或后台进程无响应"),
                                  detail=_describe(background), payload=_payload(background))
    except DatabaseError:
        logger.exception("The background watch could not reach the database")
        return None
    if incident.occurrences == 1:
        _email_administrators(incident)
    return incident


def _resolve_open() -> None:
    for incident in Incident.objects.filter(kind=INCIDENT_KIND, key=INCIDENT_KEY, status=IncidentStatus.OPEN):
        resolve_incident(incident=incident, by=None, comment=_("后台任务已恢复运行，自动解决。"))


def _describe(background: Background) -> str:
    lines = []
    if not background.workers.ok:
        lines.append(_("没有后台进程（Celery worker）响应 ping。"))
    for late in background.beat.detail.get("late", []):
        lines.append(_("定时调度（beat）未按时发出“%(name)s”，上次发出：%(last)s。") % _named(late))
    for late in background.jobs.detail.get("late", []):
        lines.append(_("后台进程未按时完成“%(name)s”，上次完成：%(last)s。") % _named(late))
    missed = background.beat.detail.get("missed", []) + background.jobs.detail.get("missed", [])
    for late in {late["name"]: late for late in missed}.values():
        lines.append(_("每日任务“%(name)s”错过了上次运行，将在下一次计划时间运行。") % _named(late))
    if "error" in background.beat.detail or "error" in background.jobs.detail:
        lines.append(_("无法读取定时任务的运行记录。"))
    return "\n".join(lines)


def _named(late: dict) -> dict:
    return {"name": late["name"], "last": late["last"] or _("从未")}


def _payload(background: Background) -> dict:
    return {"workers": background.workers.as_json(), "beat": background.beat.as_json(),
            "jobs": background.jobs.as_json()}


def administrators():
    """Active superusers and holders of the system administrator role, with an email address."""
    from django.db.models import Q

    from core.orgs.models import RoleGrant, User
    from core.orgs.roles import Role

    admins = RoleGrant.objects.active().filter(role=Role.ADMIN).values("user")
    return (User.objects.filter(Q(is_superuser=True) | Q(pk__in=admins), is_active=True)
            .exclude(email="").order_by("pk"))


def _email_administrators(incident: Incident) -> None:
    recipients = list(administrators().values_list("email", flat=True))
    if not recipients:
        logger.error("Background stopped and no administrator has an email address: %s", incident.detail)
        return
    body = _("%(detail)s\n\n请检查 Celery worker 与 beat 服务（systemctl status edu-worker edu-beat）。"
             "恢复运行后该异常事件会自动解决。\n%(url)s") % {
        "detail": incident.detail,
        "url": settings.SITE_URL.rstrip("/") + reverse("admin:incidents_incident_change", args=[incident.pk])}
    try:
        send_mail(f"[{_('教育审批系统')}] {incident.title}", body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception:  # noqa: BLE001 - the incident stands on the admin home whether or not mail works
        logger.exception("Could not email the administrators about incident %s", incident.pk)
