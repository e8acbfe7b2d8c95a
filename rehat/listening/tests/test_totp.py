import re

import pytest

from rehat.listening.domain import totp

SECRET = b"12345678901234567890"


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_sha1_vectors(unix_time, code):
    assert totp.hotp(SECRET, totp.step_at(unix_time), digits=8) == code


def test_a_code_is_accepted_one_step_either_side_and_not_beyond():
    now = 1_800_000_000
    step = totp.step_at(now)
    assert totp.matching_step(SECRET, totp.hotp(SECRET, step), unix_time=now) == step
    assert totp.matching_step(SECRET, totp.hotp(SECRET, step - 1), unix_time=now) == step - 1
    assert totp.matching_step(SECRET, totp.hotp(SECRET, step + 1), unix_time=now) == step + 1
    assert totp.matching_step(SECRET, totp.hotp(SECRET, step - 2), unix_time=now) is None
    assert totp.matching_step(SECRET, "12", unix_time=now) is None


def test_secrets_are_shown_for_typing_and_as_a_uri():
    secret = totp.new_secret()
    assert len(secret) == 20
    assert totp.secret_text(secret).replace(" ", "").isalnum()
    uri = totp.provisioning_uri(secret, account="dewi@contoh.go.id")
    assert uri.startswith("otpauth://totp/Rehat%3Adewi%40contoh.go.id?secret=")


def _modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of a qr_svg drawing, read back from its path of runs."""
    dark = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        dark.update((int(y), int(x) + i) for i in range(int(width)))
    return dark


def test_the_setup_qr_code_has_the_shape_of_a_qr_code():
    uri = totp.provisioning_uri(SECRET, account="dewi@contoh.go.id")
    svg = totp.qr_svg(uri, title="Kode QR <penyiapan>")
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    size = side - 2 * totp.QUIET_ZONE
    dark = _modules(svg)
    # Version 7 (45 modules) holds this 114-character address at error correction M.
    assert (len(uri), size) == (114, 45)
    q = totp.QUIET_ZONE
    assert all(q <= row < q + size and q <= col < q + size for row, col in dark)
    # The three finder patterns: a dark 7×7 ring around a dark 3×3 centre, in three corners.
    for top, left in ((q, q), (q, q + size - 7), (q + size - 7, q)):
        ring = {
            (top + r, left + c) for r in range(7) for c in range(7) if r in (0, 6) or c in (0, 6)
        }
        centre = {(top + r, left + c) for r in range(2, 5) for c in range(2, 5)}
        gap = {(top + r, left + c) for r in range(1, 6) for c in range(1, 6)} - centre
        assert ring | centre <= dark
        assert not gap & dark
    assert "<title>Kode QR &lt;penyiapan&gt;</title>" in svg
    assert "<script" not in svg and "style" not in svg
