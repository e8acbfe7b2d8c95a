import datetime

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rehat.accounts.http import AuthenticatedHttpRequest
from rehat.audit.forms import EntryFilterForm
from rehat.audit.models import Entry
from rehat.lib.htmx import is_htmx
from rehat.organizations.permissions import ADMIN, role_required

PAGE_SIZE = 50


@role_required(ADMIN)
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EntryFilterForm(request.GET or None)
    entries = Entry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["target"]:
            entries = entries.filter(
                Q(target_repr__icontains=data["target"]) | Q(target_type=data["target"])
            )
        if data["start"]:
            entries = entries.filter(at__gte=_start_of(data["start"]))
        if data["end"]:
            entries = entries.filter(at__lt=_start_of(data["end"] + datetime.timedelta(days=1)))
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "audit/entry_list.html"
    if is_htmx(request):
        template += "#results"
    return render(request, template, {"form": form, "page": page})


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
