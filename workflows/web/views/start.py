"""发起申报 (start): what I may start now and my drafts; a new draft; the draft's page (save,
evidence files, submit). Every act is one service call, under the rules of
workflows.engine.start.rules (who may start) and access.edit_refusal (who may edit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.orgs.models import Organisation, RoleGrant
from workflows.engine import access, services
from workflows.engine.exceptions import Conflict, NotAllowed
from workflows.engine.lists.campaign_models import Campaign
from workflows.engine.models import Attachment, BaseStatus
from workflows.engine.reading import selectors
from workflows.engine.start import rules
from workflows.engine.start.kinds import start_kind, start_kinds
from workflows.engine.start.services import start_item
from workflows.web.start_forms import DraftFields, EvidenceForm


def my_drafts(user):
    return (selectors.visible_items(user).filter(submitter=user, status=BaseStatus.DRAFT)
            .select_related("organisation").order_by("-updated_at", "-pk"))


def drafts_to_sign_off(user):
    """My school's staff's drafts of kinds drafted for the head (Submit's drafters) that I may
    submit: services.items.may_sign_off as one query (a draft whose writer may not submit it, at a
    school where I hold a submitting role), however many drafts."""
    codes = [kind.code for kind in start_kinds() if kind.flow_class.submit_node().drafters]
    if not codes:
        return []
    roles = set().union(*(rules.submitting_roles(start_kind(code)) for code in codes))
    mine = RoleGrant.objects.active().filter(user=user, role__in=roles).values("organisation_id")
    writer_submits = RoleGrant.objects.active().filter(user=OuterRef("submitter_id"), role__in=roles,
                                                       organisation=OuterRef("organisation_id"))
    return list(selectors.visible_items(user).filter(status=BaseStatus.DRAFT, kind__in=codes, organisation__in=mine)
                .exclude(submitter=user).exclude(Exists(writer_submits))
                .select_related("organisation", "submitter").order_by("-updated_at", "-pk"))


@login_required
def start_page(request):
    """发起申报: the campaigns open to my school now, with their window and seats, my drafts, and
    my staff's drafts waiting for me to submit them."""
    return render(request, "workflows/start/index.html",
                  {"offers": rules.offers(request.user), "drafts": list(my_drafts(request.user)),
                   "to_sign_off": drafts_to_sign_off(request.user), "page_name": "start"})


def _kind(code):
    kind = start_kind(code)
    if kind is None:
        raise Http404()
    return kind


def forbidden(request, message):
    return render(request, "workflows/forbidden.html", {"message": message}, status=403)


@login_required
def new_draft(request, kind, campaign, organisation):
    """The form of a new application; saving it writes the draft (start_item)."""
    kind = _kind(kind)
    campaign = get_object_or_404(Campaign, pk=campaign)
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), pk=organisation)
    refusal = rules.start_refusal(request.user, kind, campaign, organisation)
    if isinstance(refusal, NotAllowed):
        return forbidden(request, refusal.message)
    form = DraftFields(kind, request.POST if request.method == "POST" else None, campaign=campaign)
    status = 200
    if refusal is not None:  # the campaign refuses (window, seats, the kind's own): said on the page
        status = 400  # (not as the form's error: an unbound form, as on GET, has none to hold)
    elif request.method == "POST":
        if form.is_valid():
            try:
                item = start_item(kind=kind, campaign=campaign, organisation=organisation, by=request.user,
                                  title=form.title, fields=form.values())
            except NotAllowed as exc:
                return forbidden(request, exc.message)
            except ValidationError as exc:
                form.add_error(exc)
            else:
                messages.success(request, _("草稿已保存（%(ref)s）。可以继续修改、上传材料，然后提交。") % {"ref": item.ref_no})
                return redirect("workflows:draft", pk=item.pk)
        status = 400
    return render(request, "workflows/start/new.html", {
        "kind": kind, "campaign": campaign, "organisation": organisation, "form": form, "refused": refusal,
        "refused_messages": refusal.messages if refusal is not None else [],
    }, status=status)


def _draft(request, pk):
    """The item as a draft its submitter may edit: 404 out of scope, 403 (with why) otherwise."""
    item = selectors.get_item_for(request.user, pk)
    kind = start_kind(item.kind)
    if kind is None:
        raise Http404()
    return item, kind, access.edit_refusal(item, request.user)


def _draft_page(request, item, kind, *, form=None, evidence=None, error="", status=200):
    files = list(Attachment.objects.filter(item=item, decision__isnull=True, removed_at__isnull=True)
                 .order_by("slot", "pk"))
    # Its head, before a staff member's draft: reads it (fields and files) and may only submit it.
    sign_off = item.submitter_id != request.user.pk
    labels = item.snapshot_labels()
    content = [(labels.get(name, name), value) for name, value in item.snapshot_fields().items()] if sign_off else []
    slots = kind.evidence_slots(item=item)  # the programme's 材料清单, else the kind's
    labels = {slot.code: slot.label for slot in slots}
    for attachment in files:
        attachment.slot_label = labels.get(attachment.slot, attachment.slot)
    return render(request, "workflows/start/draft.html", {
        "item": item, "kind": kind, "campaign": kind.campaign_of(item),
        "form": form or DraftFields(kind, item=item), "evidence": evidence or EvidenceForm(slots=labels),
        "slots": slots, "files": files, "sign_off": sign_off, "content": content, "error": error, "page_name": "start",
    }, status=status)


@login_required
def draft(request, pk):
    """The draft's page: its fields (保存), its files, 提交."""
    item, kind, refusal = _draft(request, pk)
    if refusal is not None and request.method != "POST" and services.may_sign_off(request.user, kind.flow_class, item):
        # A staff member's draft before its head: read it, then submit it (提交 becomes theirs).
        return _draft_page(request, item, kind)
    if refusal is not None:
        if isinstance(refusal, NotAllowed):
            return forbidden(request, refusal.message)
        messages.info(request, refusal.message)
        return redirect("workflows:item", pk=item.pk)
    if item.status != BaseStatus.DRAFT:  # a returned item is edited on its resubmission form
        return redirect("workflows:item", pk=item.pk)
    if request.method != "POST":
        return _draft_page(request, item, kind)
    form = DraftFields(kind, request.POST, item=item)
    if form.is_valid():
        try:
            kind.update(item=item.pk, by=request.user, title=form.title, expected_version=form.version,
                        **form.values())
        except (Conflict, ValidationError) as exc:
            form.add_error(exc if isinstance(exc, ValidationError) else ValidationError(exc.message))
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("workflows:draft", pk=item.pk)
    return _draft_page(request, item, kind, form=form, status=400)


def _draft_act(request, item, kind, call, success, then="workflows:draft"):
    """Run one act on the draft; a refusal is said on the draft's page, else go to `then`."""
    try:
        result = call()
    except NotAllowed as exc:
        return forbidden(request, exc.message)
    except Conflict as exc:
        return _draft_page(request, item, kind, error=exc.message, status=409)
    except ValidationError as exc:
        return _draft_page(request, item, kind, error=" ".join(exc.messages), status=400)
    messages.success(request, success(result))
    return redirect(then, pk=item.pk)


@require_POST
@login_required
def add_file(request, pk):
    item, kind, _refusal = _draft(request, pk)
    form = EvidenceForm(request.POST, request.FILES, slots=kind.slots_for(item=item))
    if not form.is_valid():
        return _draft_page(request, item, kind, evidence=form, status=400)
    return _draft_act(request, item, kind, lambda: services.add_evidence(
        item=item.pk, by=request.user, slot=form.cleaned_data["slot"], upload=form.cleaned_data["file"]),
        lambda attachment: _("已上传“%(name)s”。") % {"name": attachment.name})


@require_POST
@login_required
def remove_file(request, pk, file):
    item, kind, _refusal = _draft(request, pk)
    attachment = get_object_or_404(Attachment, pk=file, item_id=item.pk)
    return _draft_act(request, item, kind, lambda: services.remove_evidence(attachment=attachment.pk, by=request.user),
                      lambda none: _("已删除“%(name)s”。") % {"name": attachment.name})


@require_POST
@login_required
def submit(request, pk):
    """提交: the kind's submit service (its campaign's window is checked there)."""
    item, kind, _refusal = _draft(request, pk)
    return _draft_act(request, item, kind, lambda: kind.submit(item=item.pk, by=request.user),
                      lambda submission: _("已提交，等待审核。"), then="workflows:item")
