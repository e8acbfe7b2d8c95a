from io import StringIO

from django.core.management import call_command

from rehat.instruments.domain.definitions import SHIPPED


def test_instruments_lists_licence_and_translation_status():
    out = StringIO()
    call_command("instruments", stdout=out)
    output = out.getvalue()

    for instrument_id in SHIPPED:
        assert f"\n{instrument_id} " in f"\n{output}"
    assert "lisensi: bebas digunakan" in output
    assert "lisensi: belum jelas" in output
    assert "butir tersimpan, belum diverifikasi" in output
    assert "butir terjemahan kerja, belum divalidasi" in output
    assert "UWES-9" in output and "BAT-12" in output
