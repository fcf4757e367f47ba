"""The fast ballot digest used by the property tests equals eth_account's EIP-712 encoding."""

from hypothesis import given, settings
from hypothesis import strategies as st

from harvest_coop.core.eip712 import ballot_digest, ballot_typed_data, domain_separator, typed_data_digest
from harvest_coop.testing.keys import anvil_key, sign_digest, sign_typed_data

addresses = st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())


@settings(max_examples=50, deadline=None)
@given(
    pid=st.integers(0, 2**256 - 1),
    support=st.integers(0, 255),
    voter=addresses,
    nonce=st.integers(0, 2**64),
    chain_id=st.integers(1, 2**32),
    contract=addresses,
)
def test_ballot_digest__equals_encode_typed_data(pid, support, voter, nonce, chain_id, contract):
    from eth_utils import to_checksum_address

    voter, contract = to_checksum_address(voter), to_checksum_address(contract)
    data = ballot_typed_data("Some Governor", chain_id, contract, pid, support, voter, nonce)
    fast = ballot_digest(
        domain_separator("Some Governor", "1", chain_id, contract), pid, support, voter, nonce
    )
    assert fast == typed_data_digest(data)


def test_sign_digest__equals_eth_account_signature():
    data = ballot_typed_data("G", 1337, "0x" + "11" * 20, 5, 1, "0x" + "22" * 20, 0)
    assert sign_digest(typed_data_digest(data), anvil_key(1)) == sign_typed_data(data, anvil_key(1))
