"""The inbox over the API: one's own notifications, the unread count, marking one or all read.
Someone else's notification id is a 404, exactly like one that does not exist."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications.inbox import inbox, mark_all_read, mark_read, unread_count
from notifications.kinds import kind_label, registered_kinds
from notifications.messages import details_of, subject_of
from notifications.models import Notification
from workflows.api.requests import QueryRequest
from workflows.api.views.common import errors

NOTIFICATION_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description=gettext_lazy("通知编号"))


class KindField(serializers.ChoiceField):
    """The registered kinds of message, read whenever a serializer is built (fields are copied
    per serializer, which calls __init__ again), so that the schema lists every app's kinds."""

    def __init__(self, **kwargs):
        super().__init__(choices=[(kind.code, kind.label) for kind in registered_kinds()], **kwargs)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = KindField(help_text=gettext_lazy("消息类型"))
    kind_label = serializers.SerializerMethodField(help_text=gettext_lazy("消息类型的名称"))
    subject = serializers.SerializerMethodField(help_text=gettext_lazy("标题（按当前语言）"))
    details = serializers.SerializerMethodField(help_text=gettext_lazy("发生了什么及附带的意见（如退回理由），每行一条"))
    link = serializers.CharField(help_text=gettext_lazy("站内链接：事项或待办的页面（旧通知可能为空）"))
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True, help_text=gettext_lazy("阅读时间；为空表示未读"))

    def get_kind_label(self, notification) -> str:
        return kind_label(notification.kind)

    def get_subject(self, notification) -> str:
        return subject_of(notification)

    def get_details(self, notification) -> list[str]:
        return details_of(notification)


class NotificationListRequest(QueryRequest):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text=gettext_lazy("true：只看未读的；false：只看已读的"))


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=gettext_lazy("未读通知条数"))


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=gettext_lazy("本次标为已读的条数"))


class NotificationList(GenericAPIView):
    serializer_class = NotificationSerializer

    @extend_schema(operation_id="notifications_list", tags=["notifications"], summary=gettext_lazy("我的通知"),
                   description=gettext_lazy("只有您自己的通知，最新的在前。"), parameters=[NotificationListRequest],
                   responses={200: NotificationSerializer(many=True), **errors(400, 403, 404)})
    def get(self, request):
        params = NotificationListRequest(data=request.query_params)
        params.is_valid(raise_exception=True)
        notifications = inbox(user=request.user)
        if params.validated_data["unread"] is not None:
            notifications = notifications.filter(read_at__isnull=params.validated_data["unread"])
        page = self.paginate_queryset(notifications)
        return self.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationUnreadCount(APIView):
    @extend_schema(operation_id="notifications_unread_count", tags=["notifications"],
                   summary=gettext_lazy("未读通知条数"), responses={200: UnreadCountSerializer, **errors(403)})
    def get(self, request):
        return Response({"unread": unread_count(user=request.user)})


class NotificationRead(APIView):
    @extend_schema(operation_id="notifications_read", tags=["notifications"], summary=gettext_lazy("标为已读"),
                   request=None, parameters=[NOTIFICATION_ID],
                   description=gettext_lazy("重复标记不改变第一次阅读的时间。"),
                   responses={200: NotificationSerializer, **errors(403, 404)})
    def post(self, request, pk):
        try:
            notification = mark_read(user=request.user, notification_id=pk)
        except Notification.DoesNotExist as exc:
            raise NotFound(_("没有这条通知。")) from exc
        return Response(NotificationSerializer(notification).data)


class NotificationReadAll(APIView):
    @extend_schema(operation_id="notifications_read_all", tags=["notifications"],
                   summary=gettext_lazy("全部标为已读"), request=None, responses={200: MarkedSerializer, **errors(403)})
    def post(self, request):
        return Response({"marked": mark_all_read(user=request.user)})
