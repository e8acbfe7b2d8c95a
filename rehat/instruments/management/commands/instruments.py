from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rehat.instruments.domain import DefinitionError, list_instruments, withheld_instruments


class Command(BaseCommand):
    help = _("Menampilkan instrumen yang tersedia, lisensinya, dan status teks Indonesianya.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instruments = list_instruments()
        except DefinitionError as e:
            raise CommandError(str(e)) from None
        for instrument in instruments:
            self.stdout.write(f"{instrument.id:<20} {instrument.name}")
            self.stdout.write(
                "    "
                + _("{n} butir · lisensi: {licence}").format(
                    n=len(instrument.items), licence=instrument.licence.status_label
                )
            )
            self.stdout.write(
                "    "
                + _("teks Indonesia: butir {items}; pilihan jawaban {options}").format(
                    items=instrument.items_status_label, options=instrument.options_status_label
                )
            )
        self.stdout.write("")
        self.stdout.write(_("Tidak disertakan karena lisensinya:"))
        for name, reason in withheld_instruments():
            self.stdout.write(f"  {name}: {reason}")
