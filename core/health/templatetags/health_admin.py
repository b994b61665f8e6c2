from django import template
from django.urls import reverse

from core.health.watch import INCIDENT_KIND
from core.incidents.models import Incident, IncidentStatus

register = template.Library()


@register.inclusion_tag("health/admin_warning.html")
def background_stopped_warning():
    """In red on the admin home while the background incident is open (core.health.watch)."""
    incident = Incident.objects.filter(kind=INCIDENT_KIND, status=IncidentStatus.OPEN).first()
    return {"incident": incident,
            "url": reverse("admin:incidents_incident_change", args=[incident.pk]) if incident else ""}
