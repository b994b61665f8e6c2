"""The Content-Security-Policy (core/csp.py) in a real browser (Debian's chromium): every kind of
page, as someone who may see it, draws and runs with no violation reported, its scripts still work
(the language choice, the flow chart's scroll, the admin's widgets, Swagger UI and Redoc), and a
script or style injected into a page is refused. Screenshots go to test-artifacts/csp-*.png."""

import os

import pytest

from core.orgs.models import User
from tests.e2e.test_login_browser import ARTIFACTS, browser  # noqa: F401
from tests.e2e.test_review_browser import DESKTOP, PASSWORD, PHONE, Session, people
from tests.workflows.engine.conftest import open_task, submitted_item
from workflows.engine import services

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs in every page before the page's own scripts: each violation is sent to the test.
LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
}, true);
"""


class Violations:
    """The violations chromium reports in one browser context: the DOM event and the console."""

    def __init__(self, context):
        self.seen: list[str] = []
        context.expose_function("reportCspViolation", self.report)
        context.add_init_script(LISTENER)
        for page in context.pages:
            self.listen(page)
        context.on("page", self.listen)

    def report(self, violation: str) -> None:
        self.seen.append(violation)

    def listen(self, page):
        page.on("console", lambda message: "Content Security Policy" in message.text and self.report(message.text))

    def none_on(self, page, name, but=None, full_page=True):
        """Load `page` fully, screenshot it, and assert that it reported nothing (but refusals of
        the address `but`)."""
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / f"csp-{name}.png"), full_page=full_page)
        assert [v for v in self.seen if but is None or but not in v] == [], (name, self.seen)


def watched(browser, live_server, username):  # noqa: F811
    session = Session(browser, live_server, username)
    return session, Violations(session.context)


def visit(session, violations, path, name):
    response = session.page.goto(f"{session.url}{path}")
    assert response.status == 200, path
    assert "default-src 'self'" in response.headers["content-security-policy"], path
    violations.none_on(session.page, name)


def test_an_injected_inline_script_and_style_are_refused(browser, live_server):  # noqa: F811
    """The attack: markup that got into a page (say, through an escaping mistake) tries to run a
    script and restyle the page. Neither happens, and the refusals are seen by the listener the
    other tests rely on."""
    people()
    session, violations = watched(browser, live_server, "reviewer")
    try:
        page = session.page
        session.open("/")
        violations.none_on(page, "home")
        refused = page.evaluate("""() => new Promise((done) => {
            const seen = [];
            document.addEventListener("securitypolicyviolation", (e) => {
              seen.push(e.violatedDirective); if (seen.length === 3) done(seen); });
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
            document.querySelector("h1").setAttribute("style", "color: rgb(0, 128, 0)");
            const style = document.createElement("style");
            style.textContent = "body { background: rgb(0, 0, 255); }";
            document.head.append(style);
          })""")
        assert sorted(refused) == ["script-src-elem", "style-src-attr", "style-src-elem"]
        assert page.evaluate("window.injected") is None
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") != "rgb(0, 128, 0)"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(0, 0, 255)"
        page.evaluate("0")  # one more round trip: the listener's reports are in
        assert len(violations.seen) >= 3 and any("script-src-elem" in v for v in violations.seen)
    finally:
        session.close()


def test_every_kind_of_page_runs_under_the_policy(browser, live_server):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    city, item = people()
    services.claim_task(task=open_task(item), by=city.reviewer)
    # Further along, so that its current step is off the right of a phone's screen.
    further = submitted_item(city, title="和平一校智慧教育标杆学校申报")
    services.approve_task(task=open_task(further), by=city.reviewer)
    User.objects.create_superuser(username="admin", password=PASSWORD, full_name="管理员")
    item_path = f"/work/items/{item.pk}/"

    # The sign-in page, before anyone signs in.
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    try:
        violations = Violations(context)
        page = context.new_page()
        response = page.goto(f"{live_server.url}/accounts/login/")
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        violations.none_on(page, "login")
    finally:
        context.close()

    reviewer, violations = watched(browser, live_server, "reviewer")
    try:
        page = reviewer.page
        for path, name in (("/", "home"), ("/work/todo/", "todo"), ("/work/claimable/", "claimable"),
                           ("/work/done/", "done"), ("/work/items/?q=劳动", "search"), ("/work/stats/", "stats"),
                           ("/notifications/", "inbox"), ("/notifications/preferences/", "preferences"),
                           ("/work/proxies/", "proxies"), ("/work/extensions/", "extensions"),
                           ("/work/cc/", "copied"), ("/accounts/password/", "password")):
            visit(reviewer, violations, path, name)

        # The item page: the decision form, the handover forms, the chart drawn by our stylesheet.
        visit(reviewer, violations, item_path, "item")
        assert page.locator("svg style").count() == 0 and page.locator("svg [style]").count() == 0
        current = page.locator("svg g.current rect.box")
        assert current.evaluate("e => getComputedStyle(e).stroke") == "rgb(207, 34, 46)"
        assert page.locator("svg g.done rect").first.evaluate("e => getComputedStyle(e).fill") == "rgb(218, 251, 225)"
        assert page.locator("svg path.line.taken").first.evaluate("e => getComputedStyle(e).stroke") == "rgb(26, 127, 55)"
        # A toggled form: 转办 opens its form.
        transfer = page.locator("details.handover", has_text="转办")
        assert not transfer.locator("form").is_visible()
        transfer.locator("summary").click()
        assert transfer.locator("form").is_visible()
        # On a phone the chart scrolls sideways, and static/js/chart.js brings the current step into view.
        page.set_viewport_size(PHONE)
        reviewer.open(f"/work/items/{further.pk}/")
        page.wait_for_load_state("networkidle")
        box = page.locator(".chart-scroll")
        box.scroll_into_view_if_needed()
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")
        inside = box.evaluate("""b => { const r = b.querySelector('g.current').getBoundingClientRect(),
                                       o = b.getBoundingClientRect(); return r.left >= o.left && r.right <= o.right; }""")
        assert inside and box.evaluate("b => b.scrollLeft") > 0
        violations.none_on(page, "item-390x844")
        page.set_viewport_size(DESKTOP)

        # The footer's language choice submits itself (static/js/app.js) and back.
        reviewer.open("/work/todo/")
        # (Waits on the page's markup: Playwright's wait_for_function would need eval, which the
        # policy refuses.)
        page.get_by_label("语言").select_option("en")
        page.locator("html[lang=en]").wait_for(state="attached")
        assert page.get_by_role("link", name="To do", exact=True).is_visible()
        page.get_by_label("Language").select_option("zh-hans")
        page.locator("html[lang=zh-hans]").wait_for(state="attached")
        violations.none_on(page, "todo-after-language")
    finally:
        reviewer.close()

    head, violations = watched(browser, live_server, "head")
    try:
        visit(head, violations, "/work/mine/", "mine")
        visit(head, violations, item_path, "item-as-applicant")
        assert head.page.get_by_role("button", name="催办").is_visible()
    finally:
        head.close()

    admin, violations = watched(browser, live_server, "admin")
    try:
        page = admin.page
        visit(admin, violations, "/admin/", "admin-home")
        visit(admin, violations, f"/admin/orgs/user/{city.reviewer.pk}/change/", "admin-user-change")
        # The admin's own scripts ran: the two-list picker for groups, the date shortcuts, and
        # "add another" on the role inline.
        assert page.locator("#id_groups_from").count() == 1
        assert page.locator(".datetimeshortcuts").count() > 0
        rows = page.locator("tr.form-row.dynamic-role_grants").count()
        page.locator(".add-row a").click()
        assert page.locator("tr.form-row.dynamic-role_grants").count() == rows + 1
        # (The window only: a full-page shot draws the admin's sticky sidebar halfway down.)
        violations.none_on(page, "admin-user-change-added-row", full_page=False)

        visit(admin, violations, "/api/docs/", "api-docs")
        page.locator(".swagger-ui .info .title").wait_for()
        assert "沈阳市教育局审批系统 API" in page.inner_text(".swagger-ui .info .title")
        page.locator(".opblock").first.wait_for()
        violations.none_on(page, "api-docs")

        response = page.goto(f"{admin.url}/api/redoc/")
        assert "'unsafe-inline'" in response.headers["content-security-policy"]  # for Redoc alone
        page.get_by_role("heading", name="沈阳市教育局审批系统 API").wait_for()
        # Redoc's bundle always adds Redocly's logo from its CDN, which the policy refuses (the
        # city's network could not reach it either); Redoc then leaves the image out.
        violations.none_on(page, "api-redoc", but="https://cdn.redoc.ly/", full_page=False)
    finally:
        admin.close()
