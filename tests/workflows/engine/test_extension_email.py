"""What the approver and the requester read in their email about an extension request."""

import time_machine
from django.core import mail

from notifications import delivering
from notifications.models import Delivery
from tests.workflows.engine.extension_helpers import (  # noqa: F401
    DECIDED_AT,
    ask,
    city,
    claimed_review,
)
from workflows.engine.deadlines.extension_services import (
    grant_extension,
    refuse_extension,
)


def _emails_to(user) -> list:
    mail.outbox.clear()
    about = Delivery.objects.filter(recipient=user, channel="email", notification__key__contains=":extension:")
    delivering.deliver(list(about.filter(sent_at__isnull=True).values_list("pk", flat=True)))
    return list(mail.outbox)


def _with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])


def test_the_approver_reads_the_date_and_reason_and_the_requester_the_new_date(city):
    _with_email(city.city, city.reviewer)
    _item, task = claimed_review(city)
    extension = ask(city, task, reason="材料需补充核实")
    (asked,) = _emails_to(city.city)
    assert "reviewer申请将“新优质学校申报" in asked.body and "的办理期限延至2021年10月20日 17:30，请审批。" in asked.body
    assert "延期理由：材料需补充核实" in asked.body and "办理环节：区县审核" in asked.body
    assert "延期理由：材料需补充核实" in asked.alternatives[0][0]

    with time_machine.travel(DECIDED_AT, tick=False):
        grant_extension(extension=extension, by=city.city, comment="同意")
    (granted,) = _emails_to(city.reviewer)
    assert "延期申请已同意，新的办理期限：2021年10月20日 17:30。" in granted.body and "审批意见：同意" in granted.body


def test_the_requester_reads_a_refusal_and_why(city):
    _with_email(city.reviewer)
    _item, task = claimed_review(city)
    extension = ask(city, task)
    with time_machine.travel(DECIDED_AT, tick=False):
        refuse_extension(extension=extension, by=city.city, comment="请按期办理")
    (refused,) = _emails_to(city.reviewer)
    assert "延期申请未获同意，办理期限不变。" in refused.body and "审批意见：请按期办理" in refused.body
