"""/healthz and /readyz: JSON for load balancers and monitoring, without sign-in and without secrets.

/healthz answers as long as the process does (no database, no broker): restart it if not.
/readyz asks every dependency: 200 when all answer, else 503, with which one failed."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.health import probes
from core.health.watch import probe_background, watch_background


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    database = probes.database()
    broker = probes.broker()
    background = probe_background()
    if database.ok:  # raises the background incident, or resolves it once all runs again
        watch_background(background=background)
    checks = {"database": database, "broker": broker, "workers": background.workers, "beat": background.beat,
              "jobs": background.jobs}
    ready = all(check.ok for check in checks.values())
    return JsonResponse({"status": "ok" if ready else "fail", "checks": {k: v.as_json() for k, v in checks.items()}},
                        status=200 if ready else 503)
