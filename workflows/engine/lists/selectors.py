"""What the 名单 page and the API read: the list steps of the installed flows and, per step, the
items waiting there for the reader (their own 待办 and their queue, as 待办 reads them). Reads only;
signing a list is lists.step.act_on_list, whose rules decide (the reader's standing on every task,
one organisation, one campaign, the quota)."""

from dataclasses import dataclass

from workflows.engine.assignment import queue_of
from workflows.engine.flows import installed_flows
from workflows.engine.lists.campaign_models import Campaign, DistrictQuota
from workflows.engine.lists.models import QuotaScope
from workflows.engine.lists.step import ListStep
from workflows.engine.models import Item
from workflows.engine.reading.selectors import todo


def step_ref(step) -> str:
    """A step's name across flows: "module.Flow.step", as the API and the forms send it."""
    return f"{step.flow_class.__module__}.{step.flow_class.__name__}.{step.name}"


def list_steps() -> list[ListStep]:
    return [node for flow_class in installed_flows() for node in flow_class.instance.nodes()
            if isinstance(node, ListStep)]


def step_named(ref: str) -> ListStep | None:
    """The ListStep whose "module.Flow.step" is `ref`, or None."""
    return next((step for step in list_steps() if step_ref(step) == ref), None)


def waiting_for_lists(user) -> list[tuple[ListStep, list]]:
    """Per ListStep (in flow order), the 待办 entries of `user` waiting there; steps with none left out."""
    entries = [entry for entry in todo(user) if isinstance(entry.step, ListStep)]
    return [(step, found) for step in list_steps()
            if (found := [entry for entry in entries if entry.step == step])]


@dataclass(frozen=True)
class WaitingList:
    """What one signature can take: the entries of one list step in one campaign, with the seats
    of the list's scope (the district's or the total; None: no limit)."""

    step: ListStep
    campaign: Campaign | None
    entries: list
    quota: int | None = None
    left: int | None = None


def waiting_lists(user) -> list[WaitingList]:
    """waiting_for_lists split by campaign (a list holds one campaign's items: act_on_list), each
    with its seats as they stand now (without a lock: for display). Two queries whatever the
    number of lists: the items' campaigns, and the districts' quotas."""
    groups = []  # (step, campaign id, entries)
    for step, entries in waiting_for_lists(user):
        if not step.campaign_field:
            groups.append((step, None, entries))
            continue
        campaign_of = dict(Item.objects.filter(pk__in=[entry.item.pk for entry in entries])
                           .values_list("pk", step.campaign_field))
        by_campaign = {}
        for entry in entries:
            by_campaign.setdefault(campaign_of.get(entry.item.pk), []).append(entry)
        groups += [(step, pk, found) for pk, found in by_campaign.items()]
    campaigns = Campaign.objects.select_related("programme").in_bulk(  # its name shows the programme
        {pk for _step, pk, _entries in groups if pk is not None})
    quotas = _district_quotas(campaigns, groups)
    lists = []
    for step, pk, entries in groups:
        if step.rank is not None:  # shown in the order the step will sign them (one query a list)
            at = {item_id: n for n, item_id in enumerate(step.rank([entry.item.pk for entry in entries]))}
            entries = sorted(entries, key=lambda entry: at[entry.item.pk])
        campaign = campaigns.get(pk)
        quota = None
        if campaign is not None and step.quota == QuotaScope.TOTAL and campaign.total_quota is not None:
            quota = (campaign.total_quota, campaign.total_quota - campaign.total_reserved)
        elif campaign is not None and step.quota == QuotaScope.DISTRICT:
            quota = quotas.get((campaign.pk, _district_of(entries)))
        lists.append(WaitingList(step, campaign, entries, *(quota or (None, None))))
    return lists


def _district_of(entries) -> int | None:
    """The organisation a district list is signed in the name of: its tasks' queue."""
    queue = queue_of(entries[0].task)
    return queue[1] if queue else None


def _district_quotas(campaigns, groups) -> dict:
    """{(campaign id, district id): (quota, seats left)} for the district lists among `groups`."""
    wanted = {(pk, _district_of(entries)) for step, pk, entries in groups
              if pk in campaigns and step.quota == QuotaScope.DISTRICT}
    if not wanted:
        return {}
    rows = DistrictQuota.objects.filter(campaign_id__in={pk for pk, _d in wanted},
                                        district_id__in={district for _pk, district in wanted})
    return {(row.campaign_id, row.district_id): (row.quota, row.quota - row.reserved) for row in rows}
