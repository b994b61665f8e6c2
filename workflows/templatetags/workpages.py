"""Small helpers for the workflow pages' templates."""

from django import template
from django.urls import reverse

from core.orgs.roles import REVIEWING_ROLES

from workflows.engine.carbon_copy.rules import copied_to
from workflows.engine.deadlines.extension_selectors import DECIDE, extensions_for
from workflows.engine.experts import rules as experts
from workflows.engine.models import Decision, kind_models
from workflows.engine.notices.rules import handler_departments
from workflows.engine.rubrics.rules import staff_departments
from workflows.engine.start.rules import may_start as _may_start
from workflows.engine.reading.selectors import (
    my_tasks_queryset,
    queue_queryset,
    visible_items,
)
from workflows.web.stats import duration_text

register = template.Library()


@register.filter
def may_start(user) -> bool:
    """Whether the navigation offers 发起申报 (workflows.engine.start.rules.may_start)."""
    return bool(user and user.is_authenticated and _may_start(user))


@register.filter
def kind_label(item) -> str:
    """The item's kind in words (its proxy model's verbose name)."""
    model = kind_models().get(item.kind)
    return str(model._meta.verbose_name) if model is not None else item.kind


@register.filter
def handles_notices(user) -> bool:
    """Whether the navigation offers 公示管理 (the owning department's reviewers and heads)."""
    return bool(handler_departments(user))


@register.filter
def manages_rubrics(user) -> bool:
    """Whether the navigation offers 评分指标 (the owning department's staff: rubrics.rules). One query."""
    return staff_departments(user).exists()


@register.filter
def expert_menu(user) -> dict:
    """Which expert pages the navigation offers: 专家库 (keeps a pool), 专家抽取 (draws), 我的评审
    (in a pool). Two queries."""
    drawing = pool = False
    if user.is_authenticated:
        pool = experts.pool_departments(user).exists()
        drawing = pool and experts.drawing_departments(user).exists()
    return {"pool": pool, "panels": drawing, "reviews": user.is_authenticated and experts.own_seats(user).exists()}


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def duration(span) -> str:
    return duration_text(span)


@register.simple_tag
def download_url(attachment_id) -> str:
    """Where a file is downloaded: the API's scoped download view (404 outside the reader's
    scope), which a signed-in browser reaches with its session."""
    return reverse("api:file-download", args=[attachment_id])


@register.inclusion_tag("workflows/_home_summary.html")
def work_summary(user):
    """The home page's way into the lists, fitted to the person: a reviewer's queues and searches,
    a teacher's or school's own applications first. One count query per card shown."""
    reviews = user.is_superuser or user.active_grants().filter(role__in=REVIEWING_ROLES).exists()
    summary = {
        "reviews": reviews,
        "todo": my_tasks_queryset(user).count(),
        "copied": copied_to(user).count(),
        "mine": visible_items(user).filter(submitter=user).count(),
    }
    if reviews:
        summary.update(
            claimable=queue_queryset(user).count(),
            done=Decision.objects.filter(actor=user, item__in=visible_items(user).values("pk")).count(),
            extensions=extensions_for(user, DECIDE).count(),  # 延期申请 waiting for the user's decision
        )
    return summary
