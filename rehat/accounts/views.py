from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from rehat.accounts.forms import QueuedPasswordResetForm
from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.audit.models import Entry
from rehat.organizations.models import Employee, Role, Unit
from rehat.organizations.permissions import (
    ADMIN,
    COUNSELOR,
    EMPLOYEE,
    HR,
    LEADER,
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


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")
