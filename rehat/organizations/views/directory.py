from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.lib.htmx import is_htmx
from rehat.organizations.domain.roles import LastAdminError, grant_role, revoke_role
from rehat.organizations.forms import EmployeeSearchForm, RoleChangeForm
from rehat.organizations.models import Employee, Role, Unit
from rehat.organizations.permissions import (
    ADMIN,
    HR,
    LEADER,
    get_employee_for_hr,
    get_unit_for_user,
    has_role,
    led_units,
    role_required,
)

PAGE_SIZE = 50


@role_required(HR, ADMIN, LEADER)
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if has_role(request.user, HR) or has_role(request.user, ADMIN):
        units = Unit.objects.all()
    else:
        units = led_units(request.user)
    units = units.annotate(headcount=Count("employees")).order_by("path")
    return render(request, "organizations/unit_list.html", {"units": units})


@role_required(HR, ADMIN, LEADER)
def unit_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_user(request.user, code)
    children = unit.children.annotate(headcount=Count("employees")).order_by("name")
    leaders = Role.objects.filter(kind=LEADER, unit=unit).select_related("user")
    context = {
        "unit": unit,
        "children": children,
        "leaders": leaders,
        "headcount": unit.employees.count(),
        "subtree_headcount": Employee.objects.filter(unit__path__startswith=unit.path).count(),
        "show_people": has_role(request.user, HR) or has_role(request.user, ADMIN),
    }
    if context["show_people"]:
        context["employees"] = unit.employees.select_related("user").order_by("user__name")
    return render(request, "organizations/unit_detail.html", context)


@role_required(HR, ADMIN)
def employee_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EmployeeSearchForm(request.GET or None)
    employees = Employee.objects.select_related("user", "unit").order_by("user__name", "pk")
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            employees = employees.filter(
                Q(user__name__icontains=query)
                | Q(nip__startswith=query.replace(" ", ""))
                | Q(user__email__iexact=query)
            )
        if form.cleaned_data["unit"]:
            employees = employees.filter(unit=form.cleaned_data["unit"])
        if form.cleaned_data["kind"]:
            employees = employees.filter(kind=form.cleaned_data["kind"])
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "organizations/employee_list.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@role_required(HR, ADMIN)
def employee_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    employee = get_employee_for_hr(request.user, code)
    roles = Role.objects.filter(user=employee.user).select_related("unit")
    form = RoleChangeForm(actor=request.user)
    return render(
        request,
        "organizations/employee_detail.html",
        {"employee": employee, "roles": roles, "form": form},
    )


@require_POST
@role_required(HR, ADMIN)
def employee_roles(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    employee = get_employee_for_hr(request.user, code)
    form = RoleChangeForm(request.POST, actor=request.user)
    if form.is_valid():
        kind, unit = form.cleaned_data["kind"], form.cleaned_data["unit"]
        if form.cleaned_data["action"] == "grant":
            grant_role(actor=request.user, user=employee.user, kind=kind, unit=unit)
            messages.success(request, _("Peran diberikan."))
        else:
            try:
                revoke_role(actor=request.user, user=employee.user, kind=kind, unit=unit)
            except LastAdminError:
                messages.error(request, _("Admin terakhir tidak dapat dicabut perannya."))
            else:
                messages.success(request, _("Peran dicabut."))
        return redirect("organizations:employee-detail", code=code)
    roles = Role.objects.filter(user=employee.user).select_related("unit")
    return render(
        request,
        "organizations/employee_detail.html",
        {"employee": employee, "roles": roles, "form": form},
        status=400,
    )
