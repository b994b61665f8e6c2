"""Who may do what to a tenure, and the terms that govern it: the one place of these rules.

Seeing a tenure is seeing its item (workflows.engine.access.visible); anyone else is told it does
not exist (404). Of those who see it:

- the owning department's reviewers and heads rate annual reports and re-assess (复核);
- its heads alone revoke (撤销: a decision with a numbered document);
- the holder — the item's submitter, or a head of the item's organisation — files the annual
  report and applies to renew; never rates their own (a school rating itself is refused);
- expiry is the system's (the daily beat), and nobody else's.

Services call the raising forms (`tenure_for`, `check_*`); pages and the API call `offered`,
which answers with the same functions, so what a page offers is what the service accepts.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.orgs.models import RoleGrant
from core.orgs.roles import Role
from workflows.engine.access import scoped_items
from workflows.engine.exceptions import InvalidState, NotAllowed, NotFound
from workflows.engine.tenure.models import AnnualReport, Rating, Reassessment, Tenure, TenureState, TermsPolicy

DEPARTMENT_ROLES = (Role.CITY_REVIEWER, Role.CITY_HEAD)
HOLDER_ROLES = (Role.SCHOOL_HEAD,)


# --- The terms ---------------------------------------------------------------------------------


def terms_for(kind: str, programme_code: str = "") -> TermsPolicy | None:
    """The kind's programme's terms, else the kind's general ones, else None."""
    rows = {row.programme_code: row for row in TermsPolicy.objects.filter(kind=kind,
                                                                           programme_code__in={programme_code, ""})}
    return rows.get(programme_code) or rows.get("")


def valid_until(starts_on: datetime.date, years: int) -> datetime.date:
    """The last day of a term of `years` from `starts_on`: the day before its anniversary (a term
    begun on 29 February ends on 28 February)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + years)
    except ValueError:
        anniversary = starts_on.replace(year=starts_on.year + years, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


def report_window(terms: TermsPolicy, year: int) -> tuple[datetime.date, datetime.date]:
    """The annual window (年度考核期) of `year`: first and last day, inclusive."""
    def day(month_day):
        month, day_of_month = (int(part) for part in month_day.split("-"))
        return datetime.date(year, month, day_of_month)
    return day(terms.report_opens), day(terms.report_closes)


def check_in_window(terms: TermsPolicy, today: datetime.date) -> int:
    """The report year `today` falls in; InvalidState (409) outside the window."""
    opens, closes = report_window(terms, today.year)
    if not opens <= today <= closes:
        raise InvalidState(_("不在年度考核期内（%(opens)s至%(closes)s），不能提交或考核。")
                           % {"opens": opens.isoformat(), "closes": closes.isoformat()})
    return today.year


def today() -> datetime.date:
    return timezone.localdate()


# --- Seeing and acting -------------------------------------------------------------------------


def visible_tenures(user):
    """The tenures `user` may see: those of the items they see."""
    return Tenure.objects.filter(item__in=scoped_items(user).values("pk"))


# The list page's and the API's "即将到期": active and ending within this many days.
EXPIRING_SOON_DAYS = 90


def listed_tenures(user, *, state: str = "", expiring: bool = False, on: datetime.date | None = None):
    """The tenures `user` sees, newest end last, narrowed to a state or to those expiring soon (an
    unknown state is no narrowing: the caller validates what it shows)."""
    tenures = visible_tenures(user)
    if state in TenureState.values:
        tenures = tenures.filter(state=state)
    if expiring:
        on = on or today()
        tenures = tenures.filter(state=TenureState.ACTIVE,
                                 valid_until__lte=on + datetime.timedelta(days=EXPIRING_SOON_DAYS))
    return tenures


def is_department_member(user) -> bool:
    """Whether `user` reviews or heads at some department (the menu shows them the list page)."""
    return bool(getattr(user, "is_authenticated", False)) and RoleGrant.objects.active().filter(
        user=user, role__in=DEPARTMENT_ROLES).exists()


def tenure_for(user, tenure_ref, *, queryset=None) -> Tenure:
    """The tenure with its item, if `user` sees it; else NotFound (also when it does not exist)."""
    pk = getattr(tenure_ref, "pk", tenure_ref)
    queryset = queryset if queryset is not None else Tenure.objects.all()
    try:
        return visible_tenures(user).filter(pk__in=queryset.filter(pk=pk).values("pk")) \
            .select_related("item__organisation", "item__owner_department", "terms").get()
    except (Tenure.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该认定，或您无权查看。")) from None


def report_for(user, pk) -> AnnualReport:
    """An annual report of a tenure `user` sees; else NotFound."""
    return _part_of(user, AnnualReport, pk)


def reassessment_for(user, pk) -> Reassessment:
    """A re-assessment of a tenure `user` sees; else NotFound."""
    return _part_of(user, Reassessment, pk)


def _part_of(user, model, pk):
    try:
        part = model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("未找到该认定，或您无权查看。")) from None
    part.tenure = tenure_for(user, part.tenure_id)
    return part


def department_roles(user, tenure) -> set[str]:
    """The roles `user` holds at the tenure's owning department (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(RoleGrant.objects.active().filter(user=user, role__in=DEPARTMENT_ROLES,
                                                 organisation_id=tenure.item.owner_department_id)
               .values_list("role", flat=True))


def is_holder(user, tenure) -> bool:
    item = tenure.item
    if not getattr(user, "is_authenticated", False):
        return False
    return item.submitter_id == user.pk or RoleGrant.objects.active().filter(
        user=user, role__in=HOLDER_ROLES, organisation_id=item.organisation_id).exists()


def check_department(user, tenure, *, heads_only: bool = False) -> None:
    roles = department_roles(user, tenure)
    if heads_only and Role.CITY_HEAD not in roles:
        raise NotAllowed(_("只有主管处室负责人可以撤销认定。"))
    if not roles:
        raise NotAllowed(_("只有主管处室可以办理此项。"))


def check_holder(user, tenure) -> None:
    if not is_holder(user, tenure):
        raise NotAllowed(_("只有认定对象（申报人或本单位负责人）可以办理此项。"))


def check_active(tenure) -> None:
    if tenure.state != TenureState.ACTIVE:
        raise InvalidState(_("该认定当前为“%(state)s”，不能再办理此项。") % {"state": tenure.get_state_display()})


def renewal_opens_on(tenure) -> datetime.date:
    return tenure.valid_until - datetime.timedelta(days=tenure.terms.renewal_opens_days)


def check_renewable(tenure, on: datetime.date) -> None:
    check_active(tenure)
    if on > tenure.valid_until:  # past its last day, before the beat has expired it
        raise InvalidState(_("该认定已于%(date)s到期，不能再申请续期。") % {"date": tenure.valid_until.isoformat()})
    if tenure.renewal_item_id is not None:
        raise InvalidState(_("已提出续期申请，不能重复申请。"))
    if on < renewal_opens_on(tenure):
        raise InvalidState(_("到期前%(days)s天（%(date)s）起方可申请续期。")
                           % {"days": tenure.terms.renewal_opens_days, "date": renewal_opens_on(tenure).isoformat()})


def rating_revokes(tenure, rating: str) -> bool:
    """Whether rating one more report of `tenure` as `rating` revokes it (the terms' 不合格 rule):
    the page asks to confirm such a rating first."""
    limit = tenure.terms.failures_to_revoke
    return rating == Rating.FAIL and bool(limit) and \
        AnnualReport.objects.filter(tenure=tenure, rating=Rating.FAIL).count() + 1 >= limit


def refusal(user, tenure, act: str, *, on: datetime.date | None = None) -> str:
    """Why `user` may not take `act` on `tenure` now, in the services' own words ('' if they may):
    an act's page says it instead of offering a form the service would refuse."""
    on = on or today()
    checks = {
        "revoke": lambda: (check_department(user, tenure, heads_only=True), check_active(tenure)),
        "rate": lambda: (check_department(user, tenure), check_active(tenure), check_in_window(tenure.terms, on)),
        "reassess": lambda: (check_department(user, tenure), check_active(tenure)),
        "report": lambda: (check_holder(user, tenure), check_active(tenure), check_in_window(tenure.terms, on)),
        "renew": lambda: (check_holder(user, tenure), check_renewable(tenure, on)),
    }
    try:
        checks[act]()
    except (NotAllowed, InvalidState) as exc:
        return exc.message
    return ""


@dataclass(frozen=True)
class Offer:
    """What `user` may do to a tenure now: the acts a page draws and the API lists."""

    revoke: bool = False
    rate: bool = False
    reassess: bool = False
    report: bool = False
    renew: bool = False

    def names(self) -> list[str]:
        return [name for name in ("revoke", "rate", "reassess", "report", "renew") if getattr(self, name)]


def offered(user, tenure, *, on: datetime.date | None = None) -> Offer:
    if tenure.state != TenureState.ACTIVE:
        return Offer()
    on = on or today()
    roles = department_roles(user, tenure)
    holder = is_holder(user, tenure) and not roles
    opens, closes = report_window(tenure.terms, on.year)
    in_window = opens <= on <= closes
    try:
        check_renewable(tenure, on)
        renewable = True
    except InvalidState:
        renewable = False
    return Offer(revoke=Role.CITY_HEAD in roles, rate=bool(roles) and in_window, reassess=bool(roles),
                 report=holder and in_window, renew=holder and renewable)
