"""Every page of the admin a superuser can open: the index, each registered model's changelist,
its add page (where adding is allowed) and the change page of its newest row, with the
English words each shows (tests/core/admin_text.py)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from core.orgs.models import Organisation
from tests.core.admin_text import WORD, english_words, time_zone_words


def data_names() -> set[str]:
    """Names and codes the data holds, allowed in any page: logins, organisation, document type
    and policy codes, time zones, and what django-axes recorded of each sign-in (the browser's
    own name, its path, "<unknown>" for what a request did not say)."""
    from axes.models import AccessAttempt, AccessLog
    from core.docnumbers.models import DocumentType
    from notifications.models import ReminderPolicy

    names = set(get_user_model().objects.values_list("username", flat=True))
    names |= set(Organisation.objects.exclude(code="").values_list("code", flat=True))
    names |= set(DocumentType.objects.values_list("code", flat=True))
    names |= set(ReminderPolicy.objects.values_list("code", flat=True))
    for model in (AccessAttempt, AccessLog):
        for row in model.objects.values_list("user_agent", "http_accept", "path_info"):
            names |= {word for value in row for word in WORD.findall(value or "")}
    return names | time_zone_words()


def admin_urls(user) -> list[str]:
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        request = type("Request", (), {"user": user})()
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
        newest = model._default_manager.order_by("-pk").first()
        if newest is not None:
            try:
                urls.append(reverse(f"{info}_change", args=[newest.pk]))
            except NoReverseMatch:
                pass
    return urls


def walk(client, user) -> tuple[dict[str, set[str]], dict[str, int]]:
    """({url: English words shown}, {url: status} for every page that did not answer 200)."""
    allowed = data_names()
    words, failed = {}, {}
    for url in admin_urls(user):
        response = client.get(url)
        if response.status_code != 200:
            failed[url] = response.status_code
            continue
        found = english_words(response.content.decode(), allowed)
        if found:
            words[url] = found
    return words, failed
