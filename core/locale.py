"""Chinese first: the language is the one the person chose (the set_language cookie), otherwise
Chinese. The browser's Accept-Language is not asked: city staff often use an English-language
browser or system, and the bureau's product speaks Chinese unless someone picks English."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language of the cookie when it names one we offer, else the default (zh-hans)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    offered = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in offered else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Content-Language on the response) with the language taken from
    `chosen_language` only."""

    def process_request(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
