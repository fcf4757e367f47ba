"""Offers from Ape (harvest_coop.ape_layer.offers: parse, check, sign, fill)
on a factory-made co-op, and the click layer of `ape run offer`
(scripts/offer.py). The commands themselves run end to end against anvil in
tests/integration/test_cli.py."""

import json

import pytest
from click.testing import CliRunner

from harvest_coop.ape_layer.governance import call, pass_proposal
from harvest_coop.ape_layer.offers import (
    Market,
    check_fill,
    check_offer,
    fill_document,
    make_signed_offer,
    parse_leg,
)
from harvest_coop.core.constants import DAY, Delivery
from harvest_coop.core.offer_book import OfferStore, fill_amounts, offer_status
from harvest_coop.core.offers import offer_digest, parse_offer_document
from harvest_coop.core.proposals import proposal_of
from harvest_coop.core.units import format_credit, parse_duration, parse_token_amount
from harvest_coop.testing.scripts import load_script

offer_script = load_script("offer")
CREDIT = 10**18


@pytest.fixture(scope="module")
def market(project, coop, chain, founders):
    """The session co-op's exchange with credit minted to every founder (a
    passed proposal) and a 10 kg batch of tomatoes logged by the maker."""
    credit, governor = coop["CoopCredit"], coop["CoopGovernor"]
    actions = [call(credit, "mint", f, 100 * CREDIT) for f in founders]
    pass_proposal(chain, governor, founders[0], founders, proposal_of(actions, "allowance", founders[0]))
    harvest = coop["HarvestToken"]
    now = chain.pending_timestamp
    harvest.log_harvest("tomatoes", 10_000, now - 60, now + 30 * DAY, "plot 7", sender=founders[0])
    return Market.of(project, coop["NutrientExchange"])


@pytest.fixture
def batch(market):
    return int(market.harvest.batch_count())


@pytest.fixture
def store(tmp_path):
    return OfferStore(tmp_path / "state")


@pytest.fixture
def signed(market, founders, chain, store, batch):
    """A JSON document of the maker's offer (1,000 g of tomatoes for 5 credit)."""
    maker = founders[0]
    market.harvest.setApprovalForAll(market.exchange, True, sender=maker)

    def _signed(**terms):
        kwargs = {
            "give": (market.harvest.address, batch, 1_000),
            "want": (market.credit.address, 0, 5 * CREDIT),
            "expiry": chain.pending_timestamp + DAY,
            **terms,
        }
        document = make_signed_offer(maker, market, offers=store, **kwargs)
        store.save_offer(document)
        return document

    return _signed


def test_parse_duration():
    assert [parse_duration(t) for t in ("90", "15m", "2h", "3d", "1w")] == [90, 900, 7200, 259200, 604800]
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")


def test_parse_token_amount__units():
    assert parse_token_amount("5credit", "credit") == 5 * CREDIT
    assert parse_token_amount("0.5 credit", "credit") == CREDIT // 2
    assert parse_token_amount("1.5e18", "credit") == 3 * CREDIT // 2
    assert parse_token_amount("1000g", "harvest") == 1000
    assert parse_token_amount("2.5kg", "harvest") == 2500
    assert parse_token_amount("1000", "harvest") == 1000
    for text, kind, message in (
        ("3kg", "credit", "does not fit"),
        ("5credit", "harvest", "does not fit"),
        ("0", "harvest", "more than zero"),
        ("1.5", "harvest", "whole number"),
        ("lots", "credit", "not an amount"),
        ("-1", "credit", "not an amount"),
    ):
        with pytest.raises(ValueError, match=message):
            parse_token_amount(text, kind)


def test_parse_leg(market, batch, project, deployer):
    assert parse_leg(f"harvest:{batch}:1kg", market) == (market.harvest.address, batch, 1000)
    assert parse_leg("credit:5credit", market) == (market.credit.address, 0, 5 * CREDIT)
    assert parse_leg(f"{market.credit.address}:3", market) == (market.credit.address, 0, 3)
    with pytest.raises(ValueError, match="it has no id"):
        parse_leg("credit:1:3", market)
    with pytest.raises(ValueError, match="TOKEN:ID:AMOUNT"):
        parse_leg("harvest:1000", market)
    with pytest.raises(ValueError, match="the batch id must be a number"):
        parse_leg("harvest:abc:5", market)
    other = project.TokenERC20.deploy("X", "X", 18, sender=deployer)
    with pytest.raises(ValueError, match="not allowed"):
        parse_leg(f"{other.address}:1", market)


def test_check_offer__before_signing__refuses_what_would_fail(market, founders, outsider, batch, chain):
    expiry = chain.pending_timestamp + DAY
    give = (market.harvest.address, batch, 1_000)
    with pytest.raises(ValueError, match="is not a member"):
        check_offer(market, outsider.address, give, expiry, approve=True)
    with pytest.raises(ValueError, match=f"batch {batch + 1} does not exist"):
        check_offer(market, founders[0].address, (market.harvest.address, batch + 1, 1), expiry, approve=True)
    with pytest.raises(ValueError, match="hold 0 g of tomatoes"):
        check_offer(market, founders[1].address, give, expiry, approve=True)
    with pytest.raises(ValueError, match="already be expired"):
        check_offer(market, founders[0].address, give, chain.pending_timestamp - 1, approve=True)
    with pytest.raises(ValueError, match="add --approve"):
        check_offer(market, founders[0].address, give, expiry, approve=False)
    check_offer(market, founders[0].address, give, expiry, approve=True)


def test_check_offer__batch_past_best_before__refused(market, founders, chain, batch):
    chain.mine(timestamp=int(market.harvest.batch(batch).best_before) + 1)
    with pytest.raises(ValueError, match="it can only be composted now"):
        check_offer(
            market,
            founders[0].address,
            (market.harvest.address, batch, 1),
            chain.pending_timestamp + DAY,
            True,
        )


def test_sign__document_is_what_the_service_accepts(market, signed, founders, chain):
    document = signed()
    parsed = parse_offer_document(json.dumps(document))
    assert parsed.offer.maker == founders[0].address
    assert parsed.offer_hash == offer_digest(parsed.offer, chain.chain_id, market.exchange)
    assert parsed.offer_hash == market.exchange.hash_offer(parsed.offer.as_tuple())
    assert document["typed_data"]["domain"]["name"] == "NutrientExchange"
    assert document["typed_data"]["types"]["Offer"][-1] == {"name": "max_fee_bps", "type": "uint16"}


def test_sign__shows_the_offer_in_words_before_signing(market, founders, chain, store, batch):
    shown = []
    make_signed_offer(
        founders[0],
        market,
        (market.harvest.address, batch, 1_000),
        (market.credit.address, 0, 5 * CREDIT),
        store,
        delivery=Delivery.GIVE,
        window=2 * DAY,
        expiry=chain.pending_timestamp + DAY,
        confirm=shown.append,
    )
    assert shown[0].startswith(
        f"give 1,000 g of tomatoes from batch {batch} for 5 credit, delivery by the maker within 2 days, expires "
    )


def test_sign__picks_the_next_free_nonce(market, signed, founders):
    first = parse_offer_document(signed())
    second = parse_offer_document(signed())
    assert second.offer.nonce == first.offer.nonce + 1
    market.exchange.cancel_all(50, sender=founders[0])
    assert parse_offer_document(signed()).offer.nonce == 50


def test_fill_document__swap_with_approve(market, signed, founders, chain, batch):
    taker = founders[1]
    doc = parse_offer_document(signed())
    receipt, escrow = fill_document(taker, market, doc, approve=True)
    assert escrow is None
    assert market.harvest.balanceOf(taker, batch) == 1_000
    assert offer_status(market.exchange, doc, chain.pending_timestamp) == "filled or cancelled"
    with pytest.raises(ValueError, match="no longer open"):
        fill_document(taker, market, doc)


def test_check_fill__refusals(market, signed, founders, outsider, chain):
    doc = parse_offer_document(signed())
    with pytest.raises(ValueError, match="a maker cannot take its own offer"):
        check_fill(market, founders[0].address, doc, 1_000, approve=True)
    with pytest.raises(ValueError, match="is not a member"):
        check_fill(market, outsider.address, doc, 1_000, approve=True)
    with pytest.raises(ValueError, match="add --approve"):
        check_fill(market, founders[2].address, doc, 1_000, approve=False)
    chain.mine(timestamp=doc.offer.expiry + 1)
    with pytest.raises(ValueError, match="the offer expired at"):
        check_fill(market, founders[2].address, doc, 1_000, approve=True)


def test_fill_document__the_rest_after_a_dust_fill__takes_what_is_left(market, signed, founders, chain):
    doc = parse_offer_document(signed(partial=True))
    fill_document(founders[3], market, doc, amount=1, approve=True)
    receipt, _ = fill_document(founders[1], market, doc, approve=True)  # no amount: the rest
    assert receipt.decode_logs(market.exchange.OfferFilled)[0].give_amount == 999
    assert offer_status(market.exchange, doc, chain.pending_timestamp) == "filled"


def test_fill_amounts__defaults(signed):
    whole = parse_offer_document(signed()).offer
    partial = parse_offer_document(signed(partial=True)).offer
    assert fill_amounts(whole, None, None) == (1_000, 1_000)
    assert fill_amounts(partial, None, None) == (1_000, 1)
    assert fill_amounts(partial, 300, None) == (300, 300)
    assert fill_amounts(partial, 300, 100) == (300, 100)


def test_market__who__names_members(market, founders, outsider):
    assert market.who(founders[0].address) == f"{founders[0].address} (member #1)"
    assert market.who(outsider.address) == f"{outsider.address} (not a member)"


@pytest.mark.parametrize("command", ["sign", "list", "fill", "cancel", "cancel-all"])
def test_cli__commands_exist_and_default_to_the_demo_node(command):
    result = CliRunner().invoke(offer_script.cli, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "--network" in result.output


def test_cli__sign_options_say_the_units():
    result = CliRunner().invoke(offer_script.cli, ["sign", "--help"])
    for option in (
        "--give",
        "--want",
        "--delivery",
        "--expires-in",
        "--partial",
        "--max-fee-bps",
        "--approve",
    ):
        assert option in result.output
    assert "1000g" in result.output and "5credit" in result.output


def test_format_credit__to_the_last_wei_at_any_size():
    # Decimal's 28 digits rounded large amounts (2**240 wei read as a round
    # number); the CLI and the page's words both show this text.
    assert format_credit(0) == "0 credit"
    assert format_credit(25 * 10**16) == "0.25 credit"
    assert format_credit(1_234_567 * 10**18 + 5 * 10**17) == "1,234,567.5 credit"
    assert format_credit(2 * 10**18 + 1) == "2.000000000000000001 credit"
    assert format_credit(2**240 + 1).endswith(".121606201292619777 credit")
