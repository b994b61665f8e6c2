from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from core.accounts import services
from core.accounts.forms import SignInForm
from core.orgs.models import RoleGrant


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password; the only page a user with a reset password may open."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        services.change_own_password(user=self.request.user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, self.request.user)  # stay signed in
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())


class SchoolHeadRequiredMixin(LoginRequiredMixin):
    """Pages for school heads only. Anyone else gets 404: we do not confirm that they exist."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.headed_schools(request.user).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class StaffListView(SchoolHeadRequiredMixin, View):
    """A school head's list of the people holding roles at their school, with a reset button
    beside those whose password the head may reset."""

    def get(self, request):
        resettable = set(services.resettable_by_head(head=request.user).values_list("pk", flat=True))
        current = Prefetch(
            "role_grants", RoleGrant.objects.active().select_related("organisation"), to_attr="current_grants"
        )
        people = services.school_staff(head=request.user).prefetch_related(current)
        rows = [(person, person.pk in resettable) for person in people]
        return render(request, "accounts/staff_list.html", {"rows": rows, "schools": services.headed_schools(request.user)})


@method_decorator(never_cache, name="dispatch")
class StaffPasswordResetView(SchoolHeadRequiredMixin, View):
    """GET asks for confirmation; POST resets and shows the temporary password, once (the page is
    not cached and the password is kept nowhere)."""

    def get_person(self):
        # Anyone the head may not reset, inside the school or not, answers 404.
        return get_object_or_404(services.resettable_by_head(head=self.request.user), pk=self.kwargs["pk"])

    def get(self, request, pk):
        return render(request, "accounts/staff_reset_confirm.html", {"person": self.get_person()})

    def post(self, request, pk):
        person = self.get_person()
        temporary = services.reset_password(user=person, by=request.user)
        return render(request, "accounts/temporary_password.html", {"results": [(person, temporary)]})
