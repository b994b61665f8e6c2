"""Channel preferences: defaults, changes, and bad input refused with nothing written."""

import pytest
from django.core.exceptions import ValidationError

from notifications import kinds
from notifications.models import ChannelPreference, EmailMode
from notifications.preferences import channel_preferences, set_channel_preference

pytestmark = pytest.mark.django_db


def test_defaults_then_a_change(person):
    prefs = channel_preferences(user=person)
    # notifications' own kinds and the engine's, which registers them (workflows.engine.message_kinds)
    assert set(prefs) == {"reminder", "due_today", "escalation", "info", "task_assigned", "returned", "rejected",
                          "approved", "withdrawn", "urged", "cc", "objection_lodged", "panel_invited",
                          "panel_reserve_called", "tenure_expiring", "tenure_ended", "score_sheet_returned", "scores_submitted",
                          "meeting_scheduled", "meeting_rescheduled", "meeting_reminder",
                          "export_ready", "export_failed",
                          "campaign_opened", "campaign_closing",
                          "meeting_cancelled",  # + 取消会议
                          "tenure_report_due", "tenure_report_escalated",  # 年度总结 reminders
                          "inspection_notice", "routine_visit_due",  # the inspection kind's, 常态督导's
                          "rectification_issued", "rectification_reported", "rectification_returned",
                          "rectification_accepted", "rectification_rejected",
                          "studio_member_change", "studio_warning"}  # the studio kind's
    assert prefs[kinds.REMINDER] == {"email": "instant", "webhook": True}
    set_channel_preference(user=person, kind=kinds.REMINDER, email=EmailMode.DIGEST, webhook=False)
    set_channel_preference(user=person, kind=kinds.REMINDER, email=EmailMode.DIGEST, webhook=False)
    assert channel_preferences(user=person)[kinds.REMINDER] == {"email": "digest", "webhook": False}
    assert ChannelPreference.objects.count() == 1


@pytest.mark.parametrize(
    "kind, email, webhook, message",
    [
        (kinds.ESCALATION, EmailMode.DIGEST, True, "不能放入每日摘要"),
        ("nonsense", EmailMode.INSTANT, True, "未知的消息类型"),
        (kinds.REMINDER, "weekly", True, "未知的邮件方式"),
        (kinds.REMINDER, EmailMode.INSTANT, "yes", "必须为是或否"),
    ],
)
def test_bad_choices_are_refused(person, kind, email, webhook, message):
    with pytest.raises(ValidationError) as caught:
        set_channel_preference(user=person, kind=kind, email=email, webhook=webhook)
    assert message in str(caught.value)
    assert not ChannelPreference.objects.exists()
