"""Property: for any offer, the contract's digest is eth-account's
`encode_typed_data` digest, and the escrow id is `keccak256(abi.encode(...))`
as Python computes it. (Signatures made from that digest verify on-chain in
every fill of the unit tests; anvil's `eth_signTypedData_v4` in the
integration test.)"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvest_coop.core.offers import ESCROW_FIELDS, Escrow, Offer, offer_digest

addresses = st.binary(min_size=20, max_size=20).map(lambda b: "0x" + b.hex())
uint = lambda bits: st.integers(min_value=0, max_value=2**bits - 1)  # noqa: E731

offers = st.builds(
    Offer,
    maker=addresses,
    give_token=addresses,
    give_id=uint(256),
    give_amount=uint(256),
    want_token=addresses,
    want_id=uint(256),
    want_amount=uint(256),
    delivery=uint(8),
    delivery_window=uint(64),
    expiry=uint(64),
    nonce=uint(256),
    partial_fill=st.booleans(),
    max_fee_bps=uint(16),
)

escrows = st.builds(
    Escrow,
    offer_hash=st.binary(min_size=32, max_size=32),
    maker=addresses,
    taker=addresses,
    give_token=addresses,
    give_kind=uint(8),
    give_id=uint(256),
    give_amount=uint(256),
    want_token=addresses,
    want_kind=uint(8),
    want_id=uint(256),
    want_amount=uint(256),
    delivery=uint(8),
    deadline=uint(64),
    fill_index=uint(256),
)

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(offer=offers)
def test_hash_offer__equals_eth_account(exchange, chain, offer):
    assert exchange.hash_offer(offer.as_tuple()) == offer_digest(offer, chain.chain_id, exchange)


@SETTINGS
@given(escrow=escrows)
def test_escrow_id__equals_python(exchange, escrow):
    assert len(ESCROW_FIELDS) == 14
    assert exchange.escrow_id(escrow.as_tuple()) == escrow.escrow_id
