from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumber(PageNumberPagination):
    """?page=N&page_size=M (at most 100). A page past the end is a 404 that names the page; a
    page size that is not a positive whole number is a 400, not silently the default."""

    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("第“{page_number}”页不存在：{message}")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError({self.page_size_query_param: [_("每页条数必须是正整数（最多100）。")]})
        return super().get_page_size(request)
