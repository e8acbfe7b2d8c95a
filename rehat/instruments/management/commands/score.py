import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from rehat.instruments.domain import (
    AnswerError,
    DefinitionError,
    Instrument,
    Score,
    UnknownInstrument,
    crisis_resources,
    get_instrument,
    list_instruments,
    parse_answers,
    score_answers,
)


class Command(BaseCommand):
    help = _(
        "Menghitung skor satu set jawaban: rehat score INSTRUMEN JAWABAN... [--json]. "
        "Jawaban adalah nilai pilihan, berurutan sesuai butir."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help=_("kode instrumen, misalnya phq9 atau who5"))
        # nargs="*" so that missing answers get our message, not argparse's.
        parser.add_argument("answers", nargs="*", help=_("nilai jawaban, satu per butir"))
        parser.add_argument("--json", action="store_true", help=_("keluaran dalam JSON"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instrument = get_instrument(instrument_id=options["instrument"])
            score = score_answers(
                instrument=instrument, answers=parse_answers(raw=options["answers"])
            )
        except UnknownInstrument:
            known = ", ".join(i.id for i in list_instruments())
            raise CommandError(
                _("Instrumen '{id}' tidak dikenal. Pilihan: {known}.").format(
                    id=options["instrument"], known=known
                )
            ) from None
        except (AnswerError, DefinitionError) as e:
            raise CommandError(str(e)) from None
        if options["json"]:
            self.stdout.write(json.dumps(score.to_dict(), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(describe_score(instrument=instrument, score=score)))


def describe_score(*, instrument: Instrument, score: Score) -> list[str]:
    lines = [instrument.name]
    if score.subscales:
        for subscale in score.subscales:
            band = (
                f" · {subscale.band.label_en} / {subscale.band.label.id}" if subscale.band else ""
            )
            lines.append(
                _("Subskala {name}: {score}{band}").format(
                    name=subscale.name, score=subscale.score, band=band
                )
            )
    else:
        low, high = instrument.score_range
        lines.append(
            _("Skor total: {total} (rentang {low}–{high})").format(
                total=score.total, low=low, high=high
            )
        )
    if score.percentage is not None:
        lines.append(_("Skor persentase: {n}%").format(n=score.percentage))
    if score.band:
        lines.append(
            _("Kategori: {en} / {id}").format(en=score.band.label_en, id=score.band.label.id)
        )
    if score.details.get("bands_informational"):
        lines.append(_("Kategori hanya informatif; tidak ada ambang klinis resmi."))
    lines.append(_("Penanda: {flags}").format(flags=", ".join(score.flags) or "-"))
    if score.recommended_instrument:
        lines.append(
            _("Skrining positif: lanjutkan dengan {full} lengkap.").format(
                full=score.recommended_instrument.upper()
            )
        )
    if score.safety:
        lines.append(
            _(
                "PENANDA KESELAMATAN: ada jawaban tentang pikiran menyakiti diri. Hubungi orang "
                "ini hari ini juga dan tunjukkan bantuan krisis:"
            )
        )
        for resource in crisis_resources(include_counselors=False):
            lines.append(f"  - {resource.name}: {resource.contact} ({resource.hours})")
    return lines
