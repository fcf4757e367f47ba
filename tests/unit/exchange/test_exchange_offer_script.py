"""Offers from Ape (harvest_coop.ape_layer.offers, harvest_coop.core.offer_book)
and the click layer of `ape run offer` (scripts/offer.py): sign, list, fill,
cancel, cancel-all, and the offer JSON document the web service accepts."""

import json

import pytest
from click.testing import CliRunner
from exchange_helpers import DAY, GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, ZERO_ADDRESS

from harvest_coop.ape_layer.offers import fill_document, make_signed_offer, parse_leg
from harvest_coop.core.offer_book import OfferStore, fill_amounts, offer_status
from harvest_coop.core.offers import offer_digest, parse_offer_document
from harvest_coop.core.units import parse_amount, parse_duration
from harvest_coop.testing.scripts import load_script

offer_script = load_script("offer")


@pytest.fixture
def state(tmp_path):
    return tmp_path / "state"


@pytest.fixture
def signed(exchange, traders, maker, erc1155_token, erc20_token, chain, state):
    """A JSON document of the maker's offer (1,000 g of harvest for 5 credit)."""

    def _signed(**terms):
        kwargs = {
            "give": (erc1155_token.address, HARVEST_ID, GIVE_AMOUNT),
            "want": (erc20_token.address, 0, WANT_AMOUNT),
            "expiry": chain.pending_timestamp + DAY,
            **terms,
        }
        document = make_signed_offer(maker, exchange, offers=OfferStore(state), **kwargs)
        OfferStore(state).save_offer(document)
        return document

    return _signed


def test_parse_duration():
    assert [parse_duration(t) for t in ("90", "15m", "2h", "3d", "1w")] == [
        90,
        900,
        7200,
        259200,
        604800,
    ]
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_parse_amount():
    assert parse_amount("5e18") == 5 * 10**18
    assert parse_amount("1000") == 1000
    for bad in ("1.5", "-1", "lots"):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_parse_leg(exchange, erc1155_token, erc20_token, project, deployer):
    assert parse_leg("harvest:7:1000", exchange) == (erc1155_token.address, 7, 1000)
    assert parse_leg("credit:5e18", exchange) == (erc20_token.address, 0, 5 * 10**18)
    assert parse_leg(f"{erc20_token.address}:3", exchange) == (erc20_token.address, 0, 3)
    with pytest.raises(ValueError, match="no id"):
        parse_leg("credit:1:3", exchange)
    with pytest.raises(ValueError, match="TOKEN:ID:AMOUNT"):
        parse_leg("harvest:1000", exchange)
    other = project.TokenERC20.deploy("X", "X", 18, sender=deployer)
    with pytest.raises(ValueError, match="not allowed"):
        parse_leg(f"{other.address}:1", exchange)


def test_sign__document_is_what_the_service_accepts(exchange, signed, maker, chain):
    document = signed()
    parsed = parse_offer_document(json.dumps(document))
    assert parsed.offer.maker == maker.address
    assert parsed.offer_hash == offer_digest(parsed.offer, chain.chain_id, exchange)
    assert parsed.offer_hash == exchange.hash_offer(parsed.offer.as_tuple())
    assert document["typed_data"]["domain"] == {
        "name": "NutrientExchange",
        "version": "1",
        "chainId": chain.chain_id,
        "verifyingContract": exchange.address,
    }
    message = document["typed_data"]["message"]
    assert message["give_amount"] == str(GIVE_AMOUNT) and message["partial_fill"] is False
    assert message["max_fee_bps"] == "0"
    assert document["typed_data"]["types"]["Offer"][-1] == {"name": "max_fee_bps", "type": "uint16"}


def test_sign__max_fee_bps__signed_and_checked_on_chain(exchange, signed, timelock_stand_in, pool, chain):
    document = signed(max_fee_bps=30)
    doc = parse_offer_document(document)
    assert document["typed_data"]["message"]["max_fee_bps"] == "30"
    assert exchange.hash_offer(doc.offer.as_tuple()) == doc.offer_hash
    exchange.set_pool(pool, sender=timelock_stand_in)
    exchange.set_fee(31, sender=timelock_stand_in)
    assert offer_status(exchange, doc, chain.pending_timestamp) == "blocked: fee above the signed maximum"
    exchange.set_fee(30, sender=timelock_stand_in)
    assert offer_status(exchange, doc, chain.pending_timestamp) == "open"


def test_parse_document__old_offer_type_without_max_fee__refused(signed):
    document = signed()
    document["typed_data"]["types"]["Offer"].pop()
    del document["typed_data"]["message"]["max_fee_bps"]
    with pytest.raises(ValueError, match="Offer type differs"):
        parse_offer_document(document)


def test_sign__picks_the_next_free_nonce(exchange, signed, maker, state):
    first = parse_offer_document(signed())
    second = parse_offer_document(signed())
    assert second.offer.nonce == first.offer.nonce + 1
    exchange.cancel_all(50, sender=maker)
    assert parse_offer_document(signed()).offer.nonce == 50


def test_parse_document__tampered__refused(signed):
    document = signed()
    document["typed_data"]["message"]["want_amount"] = "1"
    with pytest.raises(ValueError, match="offer_hash"):
        parse_offer_document(document)
    document = signed()
    document["typed_data"]["domain"]["name"] = "Seaport"
    with pytest.raises(ValueError, match="domain"):
        parse_offer_document(document)


def test_fill_document__swap(exchange, signed, taker, erc1155_token, chain):
    doc = parse_offer_document(signed())
    before = erc1155_token.balanceOf(taker, HARVEST_ID)
    receipt, escrow = fill_document(taker, exchange, doc)
    assert escrow is None
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before + GIVE_AMOUNT
    assert offer_status(exchange, doc, chain.pending_timestamp) == "filled or cancelled"
    assert receipt.decode_logs(exchange.OfferFilled)[0].offer_hash == doc.offer_hash


def test_fill_document__escrow_and_approve(exchange, signed, taker, erc20_token):
    erc20_token.approve(exchange, 0, sender=taker)
    doc = parse_offer_document(signed(delivery=1, window=DAY))
    _, escrow = fill_document(taker, exchange, doc, approve=True)
    assert escrow is not None and exchange.escrow_status(escrow.escrow_id).state == 1
    assert erc20_token.allowance(taker, exchange) == 0  # approved exactly what was paid


def test_fill_document__partial_status(exchange, signed, taker, chain):
    doc = parse_offer_document(signed(partial=True))
    assert offer_status(exchange, doc, chain.pending_timestamp) == "open"
    fill_document(taker, exchange, doc, amount=400)
    assert (
        offer_status(exchange, doc, chain.pending_timestamp)
        == f"open ({GIVE_AMOUNT - 400} of {GIVE_AMOUNT} left)"
    )
    fill_document(taker, exchange, doc, amount=600)
    assert offer_status(exchange, doc, chain.pending_timestamp) == "filled"


def test_fill_document__the_rest_after_a_dust_fill__takes_what_is_left(
    exchange, signed, taker, founders, chain
):
    front_runner = founders[3]
    doc = parse_offer_document(signed(partial=True))
    fill_document(front_runner, exchange, doc, amount=1)
    receipt, _ = fill_document(taker, exchange, doc)  # no amount: the rest
    assert receipt.decode_logs(exchange.OfferFilled)[0].give_amount == GIVE_AMOUNT - 1
    assert offer_status(exchange, doc, chain.pending_timestamp) == "filled"


def test_fill_amounts__defaults(exchange, signed):
    whole = parse_offer_document(signed()).offer
    partial = parse_offer_document(signed(partial=True)).offer
    assert fill_amounts(whole, None, None) == (GIVE_AMOUNT, GIVE_AMOUNT)
    assert fill_amounts(partial, None, None) == (GIVE_AMOUNT, 1)
    assert fill_amounts(partial, 300, None) == (300, 300)
    assert fill_amounts(partial, 300, 100) == (300, 100)


def test_fill_document__other_exchange__refused(
    project, deployer, exchange_membership, timelock_stand_in, erc1155_token, erc20_token, signed, taker
):
    other = project.NutrientExchange.deploy(
        exchange_membership, timelock_stand_in, erc1155_token, erc20_token, ZERO_ADDRESS, sender=deployer
    )
    with pytest.raises(ValueError, match="not"):
        fill_document(taker, other, parse_offer_document(signed()))


def test_status__expired_and_cancelled(exchange, signed, maker, chain):
    doc = parse_offer_document(signed())
    exchange.cancel(doc.offer.as_tuple(), sender=maker)
    assert offer_status(exchange, doc, chain.pending_timestamp) == "filled or cancelled"
    doc = parse_offer_document(signed())
    chain.pending_timestamp = doc.offer.expiry + 1
    chain.mine()
    assert offer_status(exchange, doc, chain.pending_timestamp) == "expired"


# ------------------------------------------------------ the click commands
# Run end to end (`ape run offer ...` in a subprocess) against anvil in
# tests/integration/test_exchange_anvil.py: invoking a ConnectedProviderCommand
# inside this Ape test session would reconnect the provider and break the
# session's snapshot isolation. Here: the group and its options.


@pytest.mark.parametrize("command", ["sign", "list", "fill", "cancel", "cancel-all"])
def test_cli__commands_exist(command):
    result = CliRunner().invoke(offer_script.cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--network" in result.output


def test_cli__sign_options():
    result = CliRunner().invoke(offer_script.cli, ["sign", "--help"])
    for option in (
        "--give",
        "--want",
        "--delivery",
        "--window",
        "--expires-in",
        "--nonce",
        "--partial",
        "--max-fee-bps",
        "--account",
    ):
        assert option in result.output


def test_cli__fill_options():
    result = CliRunner().invoke(offer_script.cli, ["fill", "--help"])
    for option in ("--amount", "--min-amount", "--approve"):
        assert option in result.output
