"""Group-robot messages are markdown, and much of what they say was typed by users: an item's
title, a reference number, a step, a person's or an organisation's name. Typed as
`[请重新登录](http://phish.example/login)`, a title would become a link in the district's group
chat, looking like the system's own. So robot templates are rendered only through
render_markdown, which neutralises every value before the template sees it; no template line
has to remember a filter.

WeCom and DingTalk each render their own markdown subset and neither documents backslash
escapes (a renderer that ignores them still sees a link in `\\[a\\](b)`), so the characters that
make markup are replaced by their full-width forms, which read the same in Chinese text and mean
nothing to any markdown renderer. `<` and `>` are among them: WeCom takes `<font>` tags.
"""

import datetime
import re
import urllib.parse

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

LOOKALIKES = str.maketrans({
    "[": "［", "]": "］", "(": "（", ")": "）", "<": "＜", ">": "＞", "*": "＊", "_": "＿", "`": "｀",
    "~": "～", "#": "＃", "|": "｜", "\\": "＼",
})
# A line break in a title would let the rest start a heading, a quote or a list.
LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# A link target is one URL: nothing that ends the `(…)` or opens markup survives unquoted.
URL_SAFE = ":/?#@$&'+,;=%"
# Values a template may format itself (a deadline through |date, a yes/no flag).
PLAIN = (datetime.date, datetime.time, datetime.timedelta, bool, int, float, type(None))


def markdown_text(value) -> str:
    """`value` as text that shows as typed and makes no markup."""
    return LINE_BREAKS.sub(" ", str(value)).translate(LOOKALIKES)


def markdown_url(url: str) -> str:
    """A URL usable as a link target, `(…)`: only http(s), every other character quoted."""
    url = str(url or "")
    if not url.startswith(("http://", "https://")):
        return ""
    return urllib.parse.quote(url, safe=URL_SAFE)


def render_markdown(template_name: str, context: dict, *, urls: tuple[str, ...] = ("link",)) -> str:
    """Render a robot template with every context value neutralised: the names in `urls` as link
    targets, dates and numbers as they are, everything else (strings, lazy translations, model
    objects) as its text through markdown_text, so a template cannot reach raw user text through
    an attribute either."""
    safe = {}
    for name, value in context.items():
        if name in urls:
            safe[name] = mark_safe(markdown_url(value))
        elif isinstance(value, PLAIN):
            safe[name] = value
        elif isinstance(value, list):  # lines of text (a message's details): each neutralised
            safe[name] = [mark_safe(markdown_text(str(line))) for line in value]
        else:
            safe[name] = mark_safe(markdown_text(value if not isinstance(value, Promise) else str(value)))
    return render_to_string(template_name, safe).strip()
