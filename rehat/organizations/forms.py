from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rehat.accounts.models import User
from rehat.organizations.domain.imports import max_import_bytes
from rehat.organizations.domain.tables import check_file
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


# Imports (HR uploads of units and employees). Kept together at the end of the file.


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        help_text=_("Gunakan templat di bawah. Baris pertama berisi judul kolom."),
        allow_empty_file=True,  # our own message for an empty file, in check_file
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        errors = check_file(file_name=upload.name, size=upload.size, max_bytes=max_import_bytes())
        if errors:
            raise forms.ValidationError(errors)
        return upload


class ImportApplyForm(forms.Form):
    valid_only = forms.BooleanField(required=False)
