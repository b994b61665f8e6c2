"""What a page says in English words: the text a reader sees or hears (text, option labels, button
captions, titles, placeholders and aria labels), without scripts and styles, split into words.

A token with a digit, `_`, `.`, `/`, `@`, `$`, `:`, `*` or `-` inside is a code (a login, a task
path, a reference number, a hash or its masked form, an address), not a word. A JSON dump is data (an event's payload),
not a label. What is left and is Latin letters only is an English word, unless the allowlist
names it: abbreviations and product names users know (PDF, Excel), and the names of people,
organisations and places the data holds (logins, organisation codes, time zones)."""

from __future__ import annotations

import json
import re
import zoneinfo
from html.parser import HTMLParser

# Names and abbreviations that stay as they are in a Chinese page.
ALLOWED = {
    "PDF", "OFD", "WPS", "Word", "Excel", "PowerPoint", "URL", "Email", "E-mail", "JSON", "API", "ID",
    "UTC", "HMAC", "SHA", "SSO", "HTTP", "HTTPS", "IP", "QR", "Token", "Celery", "Cron", "crontab",
    "AM", "PM", "ASCII", "Django", "CSV", "LDAP", "AMQP", "RabbitMQ", "Redis", "chinesecalendar",
    "Control", "Command", "Mac",  # keys of the keyboard, in Django's "按住 Control 键或 Mac 上的 Command 键"
}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
CODE = re.compile(r"[\d_./@$:*\-\\]")
WORD = re.compile(r"[A-Za-z]{2,}")
TOKEN = re.compile(r"[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef，。：；、（）“”《》|]+")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        attrs = dict(attrs)
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.parts.append(data.strip())


def text_parts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.parts


def _is_json_dump(part: str) -> bool:
    if part[:1] not in "{[":
        return False
    try:
        return isinstance(json.loads(part), (dict, list))
    except ValueError:
        return False


def time_zone_words() -> set[str]:
    return {word for name in zoneinfo.available_timezones() for word in WORD.findall(name)}


# An example of JSON inside a sentence (`{"argument": "value"}`) is code, too.
INLINE_JSON = re.compile(r"\{[^{}]*\}|\[[^\[\]]*\]")


def english_words(html: str, allowed: set[str] = frozenset()) -> set[str]:
    """The English words `html` shows, outside ALLOWED and `allowed` (the data's names)."""
    words = set()
    for part in text_parts(html):
        if _is_json_dump(part):
            continue
        part = INLINE_JSON.sub(" ", part)
        for token in TOKEN.findall(part):
            token = token.strip("()[]{}<>'\",;!?«»…·")
            if not token or CODE.search(token) or token in ALLOWED or token in allowed:
                continue
            words |= {w for w in WORD.findall(token) if w not in ALLOWED and w not in allowed}
    return words
