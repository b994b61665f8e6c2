from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    grants = request.user.active_grants().select_related("organisation")
    return render(request, "core/home.html", {"grants": grants})
