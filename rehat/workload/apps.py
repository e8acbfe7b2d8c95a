from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    name = "rehat.workload"
    label = "workload"
    verbose_name = _("Analisis beban kerja")
    side = "identity"
