from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rehat.accounts.models import User
from rehat.organizations.models import Employee, Role, Unit
from rehat.organizations.permissions import ADMIN, has_role


class EmployeeSearchForm(forms.Form):
    q = forms.CharField(label=_("Nama, NIP, atau email"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("Semua unit"),
    )
    kind = forms.ChoiceField(
        label=_("Jenis pegawai"),
        choices=[("", _("Semua")), *list(Employee.Kind.choices)],
        required=False,
    )


class RoleChangeForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Tindakan"), choices=[("grant", _("Berikan")), ("revoke", _("Cabut"))]
    )
    kind = forms.ChoiceField(label=_("Peran"), choices=Role.Kind.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit (hanya untuk pimpinan)"),
        queryset=Unit.objects.order_by("name"),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if not has_role(actor, ADMIN):
            # Only an admin hands out the admin role.
            kind_field = self.fields["kind"]
            assert isinstance(kind_field, forms.ChoiceField)
            kind_field.choices = [c for c in Role.Kind.choices if c[0] != Role.Kind.ADMIN]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, unit = data.get("kind"), data.get("unit")
        if kind == Role.Kind.LEADER and unit is None:
            self.add_error("unit", _("Pilih unit yang dipimpin."))
        if kind and kind != Role.Kind.LEADER:
            data["unit"] = None
        return data
