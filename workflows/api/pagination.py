from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination


class PageNumber(PageNumberPagination):
    """?page=N&page_size=M (at most 100). A page past the end is a 404 that names the page."""

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("第“{page_number}”页不存在：{message}")
