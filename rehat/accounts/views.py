from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache

from rehat.accounts.forms import QueuedPasswordResetForm, SignInForm
from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.accounts.models import User
from rehat.audit.models import Entry
from rehat.lessons.views import leader_nudges
from rehat.listening.domain.keyring import (
    forget_counselor_key,
    load_keyring,
    rewrap_counselor_key,
    store_keyring,
    sync_team,
    unlock_keyring,
)
from rehat.listening.models import CounselorKey
from rehat.organizations.models import Employee, Role, Unit
from rehat.organizations.permissions import (
    ADMIN,
    COUNSELOR,
    EMPLOYEE,
    HR,
    LEADER,
    has_role,
    led_units,
    roles_of,
)

# Where a person with several roles lands first; the menu links the others.
HOME_ORDER = [HR, LEADER, COUNSELOR, ADMIN, EMPLOYEE]


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine = roles_of(request.user)
    for role in HOME_ORDER:
        if role in mine:
            return redirect("accounts:role-home", role=role)
    return render(request, "accounts/no_role.html")


@never_cache
@login_required
def role_home(request: AuthenticatedHttpRequest, role: str) -> HttpResponse:
    if role not in HOME_ORDER:
        raise Http404
    if role not in roles_of(request.user):
        raise PermissionDenied
    context: dict[str, object] = {"role": role}
    if role == EMPLOYEE:
        context["employee"] = Employee.objects.select_related("unit", "supervisor__user").get(
            user=request.user
        )
    elif role == LEADER:
        context.update(leader_nudges(request.user))
        context["units"] = (
            led_units(request.user).annotate(headcount=Count("employees")).order_by("path")
        )
    elif role == COUNSELOR:
        context["counselors"] = Role.objects.filter(kind=COUNSELOR).select_related("user")
    elif role == HR:
        context["unit_count"] = Unit.objects.count()
        context["employee_count"] = Employee.objects.count()
        context["kind_counts"] = dict(
            Employee.objects.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
        )
    elif role == ADMIN:
        context["recent"] = Entry.objects.all()[:10]
    return render(request, f"accounts/home_{role}.html", context)


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = (
        Employee.objects.select_related("unit", "supervisor__user")
        .filter(user=request.user)
        .first()
    )
    roles = Role.objects.filter(user=request.user).select_related("unit")
    return render(request, "accounts/profile.html", {"employee": employee, "roles": roles})


class SignInView(auth_views.LoginView):
    """Sign-in; a counselor's key ring is opened with the password they just typed."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if has_role(user, COUNSELOR):
            password = form.cleaned_data["password"]
            keyring = sync_team(keyring=unlock_keyring(user=user, password=password), actor=user)
            store_keyring(request=self.request, response=response, keyring=keyring)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password-change-done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        keyring = load_keyring(request=self.request)
        response = super().form_valid(form)
        user = form.user
        if keyring is not None:
            rewrap_counselor_key(
                user=user, keyring=keyring, password=form.cleaned_data["new_password1"]
            )
        elif CounselorKey.objects.filter(user=user).exists():
            forget_counselor_key(user=user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        # The old password wrapped the counselor key; it cannot be opened any more.
        forget_counselor_key(user=form.user)
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")
