"""The studio flow's ends, the hooks its Finish nodes and renewal call in the act's transaction:
认定 (certify: members active, the term and its certificate), a rejected or lapsed application
(release_members), a term ended (end_members), and a renewal's copy. Apart from the services so
that the flow imports them without the services importing the flow back."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import record_event
from workflows.engine.tenure.granting import begin_tenure
from workflows.engine.tenure.models import Tenure
from workflows.studio.models import MemberState, StudioDetails, StudioMember


def certify(item):
    """认定 (the approval's hook, in the approving act's transaction): the members become active
    (the database's one-studio rule checked once more: a member certified elsewhere meanwhile is
    left out, and the timeline says so), a renewal's old members make way first, then the term
    and its certificate under the kind's terms."""
    details = StudioDetails.objects.select_related("campaign__programme").get(item=item)
    renewed = Tenure.objects.filter(renewal_item=item).select_related("item").first()
    if renewed is not None:
        _leave(StudioMember.objects.filter(studio=renewed.item, state=MemberState.ACTIVE), _("工作室续期认定"))
    today = timezone.localdate()
    left_out = []
    for member in StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED).select_related("person"):
        try:
            with transaction.atomic():
                StudioMember.objects.filter(pk=member.pk).update(state=MemberState.ACTIVE, joined_on=today)
        except IntegrityError:
            StudioMember.objects.filter(pk=member.pk).update(state=MemberState.LEFT, left_on=today,
                                                             left_reason=_("认定时已是其他工作室的在册成员"))
            left_out.append(member.person_id)
    if left_out:
        record_event(action="studio_members_left_out", target=item, organisation=item.owner_department,
                     from_status=item.status, to_status=item.status, data={"people": left_out})
    begin_tenure(item, programme=details.campaign.programme)


def release_members(item):
    """Rejected or lapsed: the proposed members are no longer proposed."""
    _leave(StudioMember.objects.filter(studio=item, state=MemberState.PROPOSED), _("申报未通过"))


def end_members(tenure):
    """A studio's term ended (revoked or expired): its members are free to join another.
    A renewal's certification (state renewed) has moved them already."""
    _leave(StudioMember.objects.filter(studio=tenure.item, state=MemberState.ACTIVE),
           _("工作室认定已终止（%(state)s）") % {"state": tenure.get_state_display()})


def _leave(members, reason: str) -> None:
    members.update(state=MemberState.LEFT, left_on=timezone.localdate(), left_reason=str(reason)[:200])


def copy_for_renewal(old, new):
    """A renewal applies with the studio's details and its active members, in the term's campaign."""
    details = StudioDetails.objects.get(item=old)
    details.pk = None
    details.item = new
    details.save(force_insert=True)
    StudioMember.objects.bulk_create([
        StudioMember(studio=new, person_id=member.person_id, school_id=member.school_id, role=member.role)
        for member in StudioMember.objects.filter(studio=old, state=MemberState.ACTIVE)])

