"""Crisis resources shown whenever the safety pathway is: counselors first, then lines.

Defaults follow docs/instruments.md (national lines, late 2025). An agency adds its
own lines, or replaces the national ones, with `crisis-resources.json` in the
REHAT_INSTRUMENTS_DIR folder. The "nearest Puskesmas or emergency room" entry is
always last and cannot be removed: it is true everywhere, at any hour.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from rehat.instruments.domain.definitions import CRISIS_FILE, FieldReader
from rehat.instruments.domain.registry import (
    configured_overrides_dir,
    folder_fingerprint,
    read_json_file,
)
from rehat.organizations.models import Role

COUNSELOR = "counselor"
EMERGENCY = "emergency"
NATIONAL = "national"
LOCAL = "local"
FACILITY = "facility"
HREF_PREFIXES = ("tel:", "https://", "http://", "mailto:")


@dataclass(frozen=True)
class CrisisResource:
    kind: str
    name: str
    contact: str
    href: str = ""
    hours: str = ""
    note: str = ""


@dataclass(frozen=True)
class AgencyCrisisConfig:
    replace_defaults: bool
    resources: tuple[CrisisResource, ...]


def national_crisis_resources() -> list[CrisisResource]:
    return [
        CrisisResource(
            kind=EMERGENCY,
            name=_("Gawat darurat medis 119"),
            contact="119",
            href="tel:119",
            hours=_("24 jam"),
            note=_(
                "Jika nyawa Anda atau orang lain dalam bahaya sekarang, telepon 119 (atau 112)."
            ),
        ),
        CrisisResource(
            kind=NATIONAL,
            name=_("healing119.id (Kementerian Kesehatan)"),
            contact="healing119.id",
            href="https://healing119.id/",
            hours=_("Web, WhatsApp, dan telepon"),
            note=_(
                "Konseling krisis dan pencegahan bunuh diri, gratis dan tanpa nama. "
                "Balasan bisa memakan waktu beberapa jam."
            ),
        ),
        CrisisResource(
            kind=NATIONAL,
            name=_("SEJIWA – Layanan Psikologi untuk Sehat Jiwa"),
            contact=_("119, lalu tekan 8"),
            href="tel:119",
            hours=_("Hanya jam kerja"),
            note=_("Anda mungkin perlu menunggu sebelum tersambung."),
        ),
    ]


def nearest_facility() -> CrisisResource:
    return CrisisResource(
        kind=FACILITY,
        name=_("Puskesmas atau IGD terdekat"),
        contact=_("Datang langsung"),
        hours=_("IGD buka 24 jam"),
        note=_("IGD (Instalasi Gawat Darurat) rumah sakit menerima keadaan darurat kapan saja."),
    )


def parse_crisis_config(*, data: Any, file: str) -> AgencyCrisisConfig:
    r = FieldReader(file)
    root = r.obj(data, "")
    replace_defaults = r.boolean(root, "replace_defaults", "", default=False)
    resources = []
    for n, entry in enumerate(r.list_of(root, "resources", "")):
        where = f"resources[{n}]"
        entry = r.obj(entry, where)
        href = r.text(entry, "href", where, required=False) or ""
        if href and not href.startswith(HREF_PREFIXES):
            r.fail(
                f"{where}.href",
                _("harus diawali {prefixes}").format(prefixes=", ".join(HREF_PREFIXES)),
            )
        resources.append(
            CrisisResource(
                kind=LOCAL,
                name=r.text(entry, "name", where),
                contact=r.text(entry, "contact", where),
                href=href,
                hours=r.text(entry, "hours", where, required=False) or "",
                note=r.text(entry, "note", where, required=False) or "",
            )
        )
    if replace_defaults and not resources:
        r.fail("resources", _("tidak boleh kosong bila replace_defaults = true"))
    return AgencyCrisisConfig(replace_defaults=replace_defaults, resources=tuple(resources))


def load_crisis_config(*, folder: Path | None) -> AgencyCrisisConfig:
    if folder is None or not (folder / CRISIS_FILE).is_file():
        return AgencyCrisisConfig(replace_defaults=False, resources=())
    path = folder / CRISIS_FILE
    return parse_crisis_config(data=read_json_file(path, str(path)), file=str(path))


@functools.lru_cache(maxsize=8)
def _agency_config(
    folder: Path | None, fingerprint: tuple[tuple[str, int, int], ...]
) -> AgencyCrisisConfig:
    return load_crisis_config(folder=folder)


def crisis_resources(*, include_counselors: bool = True) -> list[CrisisResource]:
    """Ordered: the agency's counselors, emergency and national lines, agency lines,
    then the nearest Puskesmas or emergency room. Never empty."""
    folder = configured_overrides_dir()
    config = _agency_config(folder, folder_fingerprint(folder))
    resources = []
    if include_counselors:
        roles = Role.objects.filter(kind=Role.Kind.COUNSELOR).select_related("user")
        for role in roles.order_by("user__name", "pk"):
            email = role.user.email or ""
            resources.append(
                CrisisResource(
                    kind=COUNSELOR,
                    name=role.user.name,
                    contact=email,
                    href=f"mailto:{email}" if email else "",
                    note=_("Konselor instansi Anda"),
                )
            )
    if not config.replace_defaults:
        resources.extend(national_crisis_resources())
    resources.extend(config.resources)
    resources.append(nearest_facility())
    return resources
