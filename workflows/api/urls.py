from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from core.csp import REDOC_POLICY, with_policy
from workflows.api.permissions import SignedIn
from workflows.api.views import (
    certificates,
    documents,
    extensions,
    files,
    handover,
    items,
    me,
    meetings,
    notices,
    notifications,
    printing,
    proxies,
    signers,
    start,
    stats,
    tasks,
    urge,
)
from workflows.api.views.common import not_found

app_name = "api"

v1 = [
    path("me/", me.MeView.as_view(), name="me"),
    path("tasks/", tasks.TaskList.as_view(), name="task-list"),
    path("tasks/<int:pk>/", tasks.TaskDetail.as_view(), name="task-detail"),
    path("tasks/<int:pk>/claim/", tasks.TaskClaim.as_view(), name="task-claim"),
    path("tasks/<int:pk>/unclaim/", tasks.TaskUnclaim.as_view(), name="task-unclaim"),
    path("tasks/<int:pk>/approve/", tasks.TaskApprove.as_view(), name="task-approve"),
    path("tasks/<int:pk>/return/", tasks.TaskReturn.as_view(), name="task-return"),
    path("tasks/<int:pk>/reject/", tasks.TaskReject.as_view(), name="task-reject"),
    path("tasks/<int:pk>/resubmit/", tasks.TaskResubmit.as_view(), name="task-resubmit"),
    path("tasks/<int:pk>/candidates/", handover.TaskCandidates.as_view(), name="task-candidates"),
    path("tasks/<int:pk>/transfer/", handover.TaskTransfer.as_view(), name="task-transfer"),
    path("tasks/<int:pk>/delegate/", handover.TaskDelegate.as_view(), name="task-delegate"),
    path("tasks/<int:pk>/hand-back/", handover.TaskHandBack.as_view(), name="task-hand-back"),
    path("tasks/<int:pk>/recall/", handover.TaskRecall.as_view(), name="task-recall"),
    path("tasks/<int:pk>/cc/", handover.TaskCarbonCopy.as_view(), name="task-cc"),
    path("cc/", handover.CopiedToMe.as_view(), name="cc-list"),
    path("tasks/<int:pk>/urge/", urge.TaskUrge.as_view(), name="task-urge"),
    path("proxies/", proxies.ProxyList.as_view(), name="proxy-list"),
    path("proxies/candidates/", proxies.ProxyCandidates.as_view(), name="proxy-candidates"),
    path("proxies/<int:pk>/end/", proxies.ProxyEnd.as_view(), name="proxy-end"),
    path("tasks/<int:pk>/extension/", extensions.TaskExtension.as_view(), name="task-extension"),
    path("extensions/", extensions.ExtensionList.as_view(), name="extension-list"),
    path("extensions/<int:pk>/grant/", extensions.ExtensionGrant.as_view(), name="extension-grant"),
    path("extensions/<int:pk>/refuse/", extensions.ExtensionRefuse.as_view(), name="extension-refuse"),
    path("tasks/<int:pk>/add-signer/", signers.TaskAddSigner.as_view(), name="task-add-signer"),
    path("tasks/<int:pk>/remove-signer/", signers.TaskRemoveSigner.as_view(), name="task-remove-signer"),
    path("sign-steps/<int:pk>/add-signer/", signers.StepAddSigner.as_view(), name="step-add-signer"),
    path("sign-steps/<int:pk>/remove-signer/", signers.StepRemoveSigner.as_view(), name="step-remove-signer"),
    path("sign-steps/<int:pk>/redraw-signer/", signers.StepRedrawSigner.as_view(), name="step-redraw-signer"),
    path("start/", start.StartOffers.as_view(), name="start-list"),
    path("items/", start.ItemCollection.as_view(), name="item-list"),
    path("items/<int:pk>/", items.ItemDetail.as_view(), name="item-detail"),
    path("items/<int:pk>/history/", items.ItemHistory.as_view(), name="item-history"),
    path("items/<int:pk>/withdraw/", items.ItemWithdraw.as_view(), name="item-withdraw"),
    path("items/<int:pk>/reopen/", items.ItemReopen.as_view(), name="item-reopen"),
    path("items/<int:pk>/sheet/", printing.ItemSheet.as_view(), name="item-sheet"),
    path("items/<int:pk>/files/", items.ItemFiles.as_view(), name="item-files"),
    path("items/<int:pk>/files/<int:file_id>/", start.DraftFileRemove.as_view(), name="item-file-remove"),
    path("items/<int:pk>/draft/", start.DraftView.as_view(), name="item-draft"),
    path("items/<int:pk>/submit/", start.ItemSubmit.as_view(), name="item-submit"),
    path("files/<int:pk>/download/", files.FileDownload.as_view(), name="file-download"),
    path("stats/", stats.StatsView.as_view(), name="stats"),
    path("documents/", documents.DocumentList.as_view(), name="document-list"),
    path("documents/<int:pk>/", documents.DocumentDetail.as_view(), name="document-detail"),
    path("documents/<int:pk>/pdf/", documents.DocumentPdf.as_view(), name="document-pdf"),
    path("lists/<int:pk>/documents/", documents.ListIssue.as_view(), name="list-issue-document"),
    path("certificates/", certificates.CertificateList.as_view(), name="certificate-list"),
    path("certificates/<int:pk>/", certificates.CertificateDetail.as_view(), name="certificate-detail"),
    path("certificates/<int:pk>/download/", certificates.CertificateDownload.as_view(), name="certificate-download"),
    path("notices/", notices.NoticeList.as_view(), name="notice-list"),
    path("notices/<int:pk>/", notices.NoticeDetail.as_view(), name="notice-detail"),
    path("objections/<int:pk>/", notices.ObjectionDetail.as_view(), name="objection-detail"),
    path("objections/<int:pk>/investigate/", notices.ObjectionInvestigate.as_view(), name="objection-investigate"),
    path("objections/<int:pk>/uphold/", notices.ObjectionUphold.as_view(), name="objection-uphold"),
    path("objections/<int:pk>/dismiss/", notices.ObjectionDismiss.as_view(), name="objection-dismiss"),
    path("meetings/", meetings.MyMeetings.as_view(), name="meeting-list"),
    path("meetings/<int:pk>/", meetings.MeetingDetail.as_view(), name="meeting-detail"),
    path("items/<int:pk>/meeting/", meetings.ScheduleMeeting.as_view(), name="meeting-schedule"),
    path("meetings/<int:pk>/reschedule/", meetings.RescheduleMeeting.as_view(), name="meeting-reschedule"),
    path("meetings/<int:pk>/attendance/", meetings.MeetingAttendance.as_view(), name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", meetings.MeetingMinutes.as_view(), name="meeting-minutes"),
    path("meetings/<int:pk>/close/", meetings.CloseMeeting.as_view(), name="meeting-close"),
    path("notifications/", notifications.NotificationList.as_view(), name="notification-list"),
    path("notifications/unread-count/", notifications.NotificationUnreadCount.as_view(), name="notification-unread-count"),
    path("notifications/read-all/", notifications.NotificationReadAll.as_view(), name="notification-read-all"),
    path("notifications/<int:pk>/read/", notifications.NotificationRead.as_view(), name="notification-read"),
]

urlpatterns = [
    # The schema maps every endpoint and field: signed-in users only (session or token; anonymous
    # 401). The two pages are for browsers: anonymous visitors are sent to the sign-in page.
    path("schema/", SpectacularAPIView.as_view(permission_classes=[SignedIn]), name="schema"),
    # Swagger UI's start script is served by the view itself (?script), not written into the page,
    # so the site's Content-Security-Policy holds there; Redoc needs a looser one (core/csp.py).
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(
        url_name="api:schema", template_name="api/swagger_ui.html")), name="docs"),
    path("redoc/", login_required(with_policy(REDOC_POLICY)(
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"))), name="redoc"),
    path("v1/", include(v1)),
    # Anything else under /api/ (an id that is not a positive integer, a typo) is a JSON 404, not
    # the site's HTML page.
    re_path(r"", not_found),
]
