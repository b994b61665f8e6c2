"""Certificate pages: the list of those the signed-in may see (the owning department's, or the
holder's own), the PDF download, and the public verification page `/verify/<code>/`.

Who may see and download is workflows.engine.certificates.rules (anyone else: 404). The public
page needs no sign-in and reads only `verification.lookup`: every answer it gives is one of three
fixed pages — the certificate's five facts, "not found" (the same bytes for an unknown code and
a malformed one: no token, no echo of the code) or "too many requests" (per address, counted
before the lookup) — each marked noindex and not to be cached."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.rate_limits import allow
from workflows.engine.certificates import rules, verification
from workflows.engine.certificates.downloading import download_certificate
from workflows.web.listing import ListError, paginate

NOINDEX = "noindex, nofollow, noarchive"


@login_required
def certificate_list(request):
    page, error, status = None, "", 200
    try:
        page = paginate(rules.visible_certificates(request.user), request.GET.get("page"))
    except ListError as exc:
        error, status = exc.message, exc.status
    return render(request, "workflows/certificates/list.html", {"page": page, "error": error,
                                                                "page_name": "certificates"}, status=status)


@login_required
def download(request, pk):
    certificate = download_certificate(certificate=pk, by=request.user)
    return FileResponse(certificate.file.open("rb"), as_attachment=True, filename=certificate.file_name,
                        content_type="application/pdf")


@require_safe
def verify(request, code):
    address = request.META.get("REMOTE_ADDR", "")
    if not allow("verify", address, limit=settings.CERTIFICATE_VERIFY_PER_MINUTE):
        return _verify_page(request, {"limited": True}, 429)
    certificate = verification.lookup(code)
    if certificate is None:
        return _verify_page(request, {"found": None}, 404)
    return _verify_page(request, {"found": verification.public_view(certificate)}, 200)


def _verify_page(request, context, status):
    response = render(request, "workflows/certificates/verify.html", context, status=status)
    response["X-Robots-Tag"] = NOINDEX
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the code in the address goes nowhere else
    return response
