import pytest
from hypothesis import given
from hypothesis import strategies as st

from rehat.lib import boxes


def test_receipts_carry_at_least_128_bits_in_groups_of_five():
    receipt = boxes.new_receipt()
    assert len(receipt) * 5 >= 128
    groups = boxes.format_receipt(receipt).split("-")
    assert [len(g) for g in groups] == [5] * 6
    assert len({boxes.new_receipt() for _ in range(1000)}) == 1000


def test_receipts_survive_the_way_people_type_them():
    receipt = boxes.new_receipt()
    typed = " ".join(boxes.format_receipt(receipt).lower().split("-"))
    assert boxes.normalize_receipt(typed) == receipt
    assert boxes.normalize_receipt("O" + receipt[1:]) in (None, "0" + receipt[1:])
    assert boxes.normalize_receipt("short") is None


def test_receipt_lookup_is_keyed():
    receipt = boxes.new_receipt()
    a = boxes.receipt_lookup(receipt, secret="one")
    assert a == boxes.receipt_lookup(receipt, secret="one")
    assert a != boxes.receipt_lookup(receipt, secret="two")
    assert receipt.encode() not in a


def test_a_private_key_wrapped_with_a_receipt_opens_only_with_that_receipt():
    private, _public = boxes.new_key_pair()
    salt = boxes.new_salt()
    receipt = boxes.new_receipt()
    key = boxes.derive_key(receipt, salt=salt, strength=boxes.FAST_FOR_TESTS)
    wrapped = boxes.wrap(private, key=key)
    assert private not in wrapped
    assert boxes.unwrap(wrapped, key=key) == private
    other = boxes.derive_key(boxes.new_receipt(), salt=salt, strength=boxes.FAST_FOR_TESTS)
    with pytest.raises(boxes.BoxError):
        boxes.unwrap(wrapped, key=other)


@given(st.binary(max_size=4000))
def test_sealed_messages_open_only_with_the_matching_private_key(message):
    private, public = boxes.new_key_pair()
    sealed = boxes.seal(message, public_key=public)
    assert boxes.open_sealed(sealed, private_key=private) == message
    stranger, _ = boxes.new_key_pair()
    with pytest.raises(boxes.BoxError):
        boxes.open_sealed(sealed, private_key=stranger)
