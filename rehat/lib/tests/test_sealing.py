import pytest

from rehat.lib.sealing import SealError, fingerprint, seal, unseal


def test_sealed_values_round_trip_and_differ_each_time():
    a = seal(b"kunci rahasia", secret="s" * 40, purpose="token-key")
    b = seal(b"kunci rahasia", secret="s" * 40, purpose="token-key")
    assert a != b
    assert b"kunci" not in a
    assert unseal(a, secret="s" * 40, purpose="token-key") == b"kunci rahasia"


@pytest.mark.parametrize(
    ("secret", "purpose"), [("t" * 40, "token-key"), ("s" * 40, "leave-reason")]
)
def test_wrong_secret_or_purpose_cannot_unseal(secret, purpose):
    sealed = seal(b"x", secret="s" * 40, purpose="token-key")
    with pytest.raises(SealError):
        unseal(sealed, secret=secret, purpose=purpose)


def test_tampering_is_detected():
    sealed = bytearray(seal(b"x", secret="s" * 40, purpose="p"))
    sealed[-1] ^= 1
    with pytest.raises(SealError):
        unseal(bytes(sealed), secret="s" * 40, purpose="p")


def test_fingerprint_is_grouped_hex():
    assert fingerprint(b"") == (
        "e3b0 c442 98fc 1c14 9afb f4c8 996f b924 27ae 41e4 649b 934c a495 991b 7852 b855"
    )
