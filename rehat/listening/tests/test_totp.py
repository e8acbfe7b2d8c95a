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
