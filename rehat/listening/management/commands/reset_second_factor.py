from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from rehat.accounts.models import User
from rehat.audit.domain import log_action
from rehat.audit.models import Entry
from rehat.listening.models import TotpDevice


class Command(BaseCommand):
    help = (
        "Forget a counselor's authenticator (lost or replaced phone). At the next visit of "
        "/konselor/kode/ they set up a new one; the audit log records the reset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"]).first()
        if user is None:
            raise CommandError(_("Tidak ada pengguna dengan email itu."))
        with transaction.atomic():
            deleted, _by_model = TotpDevice.objects.filter(user=user).delete()
            if deleted:
                log_action(
                    actor=None,
                    action=Entry.Action.DELETE,
                    target=user,
                    changes={"second_factor": "reset"},
                )
        if deleted:
            self.stdout.write(
                _("Kode kedua %(email)s diatur ulang; pasang lagi di /konselor/kode/.")
                % {"email": user.email}
            )
        else:
            self.stdout.write(_("%(email)s belum memasang kode kedua.") % {"email": user.email})
