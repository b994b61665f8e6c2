"""The page shown while an account is locked after repeated failed sign-ins (django-axes's
AXES_LOCKOUT_CALLABLE): it says in Chinese at what time the person may try again."""

import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.shortcuts import render
from django.utils import timezone

LOCKED_STATUS = 429


def retry_at(*, username: str, cool_off):
    """When the lockout of `username` ends: the cool-off counted from their last failed attempt
    (attempts made while locked are not counted, see AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    last = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    start = last.attempt_time if last else timezone.now()
    return start + cool_off


def lockout_response(request, original_response=None, credentials=None):
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request)
    context = {"username": username}
    if cool_off:
        until = retry_at(username=username, cool_off=cool_off)
        context["retry_at"] = timezone.localtime(until)
        context["minutes_left"] = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return render(request, "accounts/locked_out.html", context, status=LOCKED_STATUS)
