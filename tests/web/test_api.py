"""Every route of the API against a real anvil and a seeded co-op, and every
refusal code: a stable machine-readable code, a sentence and a 4xx status."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests

from frontend.devchain import sign_offer
from harvest_coop.core.constants import DAY, VoteSupport
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.core.equity import gini
from harvest_coop.core.offers import Offer, offer_document
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.governance import advance_time
from harvest_coop.web3_layer.sender import transact

from .conftest import Stack, caught_up, running_service, stream_lines, wait_for

COOP = "Harvest%20Coop"


def get(service, path: str, **params: Any) -> requests.Response:  # type: ignore[no-untyped-def]
    return requests.get(f"{service.url}{path}", params=params, timeout=10)


def post(service, path: str, body: Any) -> requests.Response:  # type: ignore[no-untyped-def]
    return requests.post(f"{service.url}{path}", json=body, timeout=30)


def refused(response: requests.Response, code: str, status: int) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code, body
    assert isinstance(body["detail"], str) and len(body["detail"]) > 5


def make_offer(chain: Stack, maker_index: int, **changes: Any) -> dict[str, Any]:
    """A signed-offer document as `ape run offer sign` writes it."""
    w3, coop = chain.w3, chain.seeded.coop
    now = int(w3.eth.get_block("latest")["timestamp"])
    fields: dict[str, Any] = dict(
        maker=w3.eth.accounts[maker_index],
        give_token=coop["HarvestToken"].address,
        give_id=chain.seeded.batches["kale"],
        give_amount=500,
        want_token=coop["CoopCredit"].address,
        want_id=0,
        want_amount=2 * 10**18,
        expiry=now + 7 * DAY,
        nonce=2,
        max_fee_bps=50,
    )
    fields.update(changes)
    offer = Offer(**fields)
    signature = sign_offer(w3, offer, coop["NutrientExchange"].address, maker_index)
    return offer_document(offer, signature, w3.eth.chain_id, coop["NutrientExchange"].address)


# -- reads -----------------------------------------------------------------------------------


def test_health__reports_indexed_block_head_and_lag(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    health = get(service, "/api/health").json()
    assert health["status"] == "ok"
    assert health["head"] == chain.w3.eth.block_number
    assert health["lag"] == 0 and health["indexed_block"] == health["head"]


def test_config_and_docs(service) -> None:  # type: ignore[no-untyped-def]
    config = get(service, "/api/config").json()
    assert config["chain_id"] == 1337 and config["coops"] == ["Harvest Coop"] and config["relay_enabled"]
    assert "/api/offers" in get(service, "/openapi.json").json()["paths"]
    assert get(service, "/docs").status_code == 200
    page = get(service, "/")
    assert page.status_code == 200 and "<main" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_coops__by_name_and_by_address(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    listed = get(service, "/api/coops").json()
    assert listed["total"] == 1 and listed["items"][0]["members"] == 5
    membership = chain.seeded.coop["Membership"].address
    assert get(service, f"/api/coops/{membership}").json()["name"] == "Harvest Coop"
    assert get(service, f"/api/coops/{membership.lower()}").json()["contracts"]["Membership"] == membership


def test_members__routes_votes_and_proxies(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    f = chain.seeded.founders
    members = {m["account"]: m for m in get(service, f"/api/coops/{COOP}/members").json()["items"]}
    assert set(members) == set(f)
    assert all(m["route"] == "founder" for m in members.values())
    assert members[f[1]]["votes"] == 2 and members[f[1]]["proxies"] == [f[4]]
    assert members[f[4]]["votes"] == 0 and members[f[4]]["delegate"] == f[1]
    assert get(service, f"/api/coops/{COOP}/members/{f[0]}").json()["member_id"] == 1
    page = get(service, f"/api/coops/{COOP}/members", offset=1, limit=2).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["offset"] == 1


def test_applications_and_accounts(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    applicant = chain.seeded.account(7)
    apps = get(service, f"/api/coops/{COOP}/applications").json()["items"]
    assert apps[0]["applicant"] == applicant and apps[0]["status"] == "open"
    assert apps[0]["sponsors"] == [chain.seeded.founders[0]]
    account = get(service, f"/api/coops/{COOP}/accounts/{applicant}").json()
    assert account["member"] is None and account["application"]["status"] == "open"
    founder = get(service, f"/api/coops/{COOP}/accounts/{chain.seeded.founders[1]}").json()
    assert founder["harvest_approved"] and int(founder["credit"]) > 0
    assert {h["crop"] for h in founder["harvest"]} == {
        "kale",
        "tomatoes",
        "squash",
    }  # squash claimed from the pool


def test_batches__journey_each_step_with_its_transaction(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    batches = get(service, f"/api/coops/{COOP}/batches").json()
    assert batches["total"] == 6  # four crops, and the squash and beans given to the pool
    tomatoes = get(service, f"/api/coops/{COOP}/batches/{chain.seeded.batches['tomatoes']}").json()
    steps = [s["step"] for s in tomatoes["journey"]]
    assert steps == ["logged", "transferred", "traded"]
    assert all(s["tx_hash"].startswith("0x") and len(s["tx_hash"]) == 66 for s in tomatoes["journey"])
    assert sum(int(h["grams"]) for h in tomatoes["holders"]) == 12_000
    grower = chain.seeded.founders[0]
    assert get(service, f"/api/coops/{COOP}/batches", grower=grower).json()["total"] == 1


def test_batches__redeemed_and_composted_steps(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    harvest, potatoes, grower = (
        chain.seeded.coop["HarvestToken"],
        chain.seeded.batches["potatoes"],
        chain.seeded.founders[3],
    )
    transact(harvest.functions.redeem(potatoes, 1_000), grower)
    caught_up(service, chain.w3)
    journey = get(service, f"/api/coops/{COOP}/batches/{potatoes}").json()
    assert journey["journey"][-1]["step"] == "redeemed" and journey["redeemed"] == 1_000
    assert journey["supply"] == 24_000


def test_escrows_and_proposals(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    escrows = get(service, f"/api/coops/{COOP}/escrows").json()["items"]
    assert escrows[0]["escrow_id"] == chain.seeded.escrow_id and escrows[0]["state"] == "open"
    assert escrows[0]["taker_must_confirm"] and not escrows[0]["maker_must_confirm"]
    assert get(service, f"/api/escrows/{chain.seeded.escrow_id}").json()["maker"] == chain.seeded.founders[0]
    assert get(service, f"/api/coops/{COOP}/escrows", party=chain.seeded.founders[3]).json()["total"] == 1
    proposals = {p["proposal_id"]: p for p in get(service, f"/api/coops/{COOP}/proposals").json()["items"]}
    live = proposals[str(chain.seeded.live_proposal)]
    assert live["state"] == "Active" and live["for_votes"] == 1
    assert [p["state"] for p in proposals.values() if p is not live] == ["Executed"]
    detail = get(service, f"/api/coops/{COOP}/proposals/{chain.seeded.live_proposal}").json()
    assert detail["votes"][0]["voter"] == chain.seeded.founders[0] and detail["votes"][0]["support"] == "for"


def test_simulation__reports_the_live_proposal_and_leaves_the_chain_untouched(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    w3, membership = chain.w3, chain.seeded.coop["Membership"]
    newcomer = w3.eth.accounts[8]
    block, was_member = w3.eth.block_number, membership.functions.is_member(newcomer).call()
    response = post(service, f"/api/coops/{COOP}/proposals/{chain.seeded.live_proposal}/simulation", {})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["outcome"] == "executed" and report["state_before"] == "Active"
    assert report["gas_used"] > 0  # (one founder had already voted for it: the fork may need no more votes)
    joined = [e for e in report["events"] if e["contract"] == "Membership" and e["event"] == "MemberJoined"]
    assert [e["args"]["account"] for e in joined] == [newcomer]
    assert any(c["view"] == "totalSupply" and c["after"] == c["before"] + 1 for c in report["changes"])
    assert (
        report["lines"][0].startswith("proposal 0x")
        and "Admit the rooftop-garden newcomer" in report["lines"][0]
    )
    # the real chain only answered reads
    assert w3.eth.block_number == block
    assert membership.functions.is_member(newcomer).call() == was_member is False


def test_simulation__refusals(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    refused(post(service, f"/api/coops/{COOP}/proposals/12345/simulation", {}), "unknown_proposal", 404)
    refused(post(service, "/api/coops/Nobody/proposals/1/simulation", {}), "unknown_coop", 404)
    executed = [
        p["proposal_id"]
        for p in get(service, f"/api/coops/{COOP}/proposals").json()["items"]
        if p["state"] == "Executed"
    ]
    refused(
        post(service, f"/api/coops/{COOP}/proposals/{executed[0]}/simulation", {}), "cannot_simulate", 409
    )


def test_offer_drafts_and_transactions(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    f = chain.seeded.founders
    draft = post(
        service,
        f"/api/coops/{COOP}/offer-drafts",
        {
            "maker": f[1],
            "give_kind": "harvest",
            "give_batch": chain.seeded.batches["kale"],
            "give_amount": "1000",
            "want_kind": "credit",
            "want_amount": str(5 * 10**18),
            "delivery": "maker",
            "delivery_window": 2 * DAY,
        },
    ).json()
    assert draft["words"] == f"give 1,000 g of kale from batch {chain.seeded.batches['kale']} for 5 credit"
    assert draft["typed_data"]["primaryType"] == "Offer" and draft["typed_data"]["message"]["nonce"] != "1"
    tx = post(
        service,
        f"/api/coops/{COOP}/transactions",
        {"action": "sponsor", "sender": f[1], "args": {"applicant": chain.seeded.account(7)}},
    ).json()
    assert tx["to"] == chain.seeded.coop["Membership"].address and tx["data"].startswith("0x")
    tx_hash = chain.w3.eth.send_transaction({"from": f[1], "to": tx["to"], "data": tx["data"]})
    assert chain.w3.eth.wait_for_transaction_receipt(tx_hash)["status"] == 1
    caught_up(service, chain.w3)
    apps = get(service, f"/api/coops/{COOP}/applications").json()["items"]
    assert apps[0]["status"] == "scheduled" and len(apps[0]["sponsors"]) == 2


# -- the offer book ----------------------------------------------------------------------------


def test_post_offer__accepted_listed_then_filled_leaves_the_open_list(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    document = make_offer(chain, 2, nonce=7)
    posted = post(service, "/api/offers", document)
    assert posted.status_code == 201, posted.text
    assert posted.json()["status"] == "open" and posted.json()["give"]["kind"] == "harvest"
    refused(post(service, "/api/offers", document), "duplicate_offer", 409)
    kale = chain.seeded.batches["kale"]
    harvest = chain.seeded.coop["HarvestToken"].address
    listed = get(service, "/api/offers", token=harvest, id=kale).json()["items"]
    assert [o["offer_hash"] for o in listed] == [document["offer_hash"]]
    assert (
        get(service, "/api/offers", maker=chain.seeded.founders[1], coop="Harvest Coop").json()["total"] == 1
    )
    assert get(service, f"/api/offers/{document['offer_hash']}").json()["maker"] == chain.seeded.founders[1]
    tx = post(
        service,
        f"/api/coops/{COOP}/transactions",
        {
            "action": "fill",
            "sender": chain.seeded.founders[2],
            "args": {"offer_hash": document["offer_hash"]},
        },
    ).json()
    chain.w3.eth.wait_for_transaction_receipt(
        chain.w3.eth.send_transaction({"from": chain.seeded.founders[2], "to": tx["to"], "data": tx["data"]})
    )
    wait_for(
        lambda: get(service, f"/api/offers/{document['offer_hash']}").json()["status"] == "filled",
        what="the fill",
    )
    assert get(service, "/api/offers").json()["total"] == 0


def test_post_offer__leaves_the_open_list_when_the_maker_no_longer_holds_it(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    f = chain.seeded.founders
    document = make_offer(
        chain, 1, maker=f[0], give_id=chain.seeded.batches["tomatoes"], give_amount=8_000, nonce=9
    )
    assert post(service, "/api/offers", document).status_code == 201
    harvest = chain.seeded.coop["HarvestToken"]
    transact(
        harvest.functions.safeTransferFrom(f[0], f[2], chain.seeded.batches["tomatoes"], 1_000, b""), f[0]
    )
    wait_for(
        lambda: get(service, f"/api/offers/{document['offer_hash']}").json()["status"] == "unfunded",
        what="unfunded",
    )
    transact(
        harvest.functions.safeTransferFrom(f[2], f[0], chain.seeded.batches["tomatoes"], 1_000, b""), f[2]
    )
    wait_for(
        lambda: get(service, f"/api/offers/{document['offer_hash']}").json()["status"] == "open",
        what="open again",
    )
    transact(chain.seeded.coop["NutrientExchange"].functions.cancel_all(10), f[0])
    wait_for(
        lambda: get(service, f"/api/offers/{document['offer_hash']}").json()["status"] == "cancelled",
        what="cancelled",
    )


@pytest.mark.parametrize(
    ("change", "code", "status"),
    [
        ({"expiry": 1}, "expired", 409),
        ({"nonce": 1}, "nonce_used", 409),
        ({"give_amount": 100_000}, "insufficient_balance", 409),
        ({"max_fee_bps": 0}, None, 201),
    ],
)
def test_post_offer__checked_against_the_chain_now(chain: Stack, service, change, code, status) -> None:  # type: ignore[no-untyped-def]
    document = make_offer(chain, 2, **{"nonce": 20, **change})
    response = post(service, "/api/offers", document)
    if code is None:
        assert response.status_code == status, response.text
    else:
        refused(response, code, status)


def test_post_offer__refusals(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    f = chain.seeded.founders
    good = make_offer(chain, 2, nonce=30)
    # not the maker's signature
    forged = dict(good, signature="0x" + sign_typed_data(good["typed_data"], anvil_key(3)).hex())
    refused(post(service, "/api/offers", forged), "bad_signature", 400)
    # another chain
    other = json.loads(json.dumps(good))
    other["typed_data"]["domain"]["chainId"] = 5
    other.pop("offer_hash")
    refused(post(service, "/api/offers", other), "wrong_chain", 400)
    # a hash that is not the typed data's
    refused(post(service, "/api/offers", dict(good, offer_hash="0x" + "11" * 32)), "invalid_offer", 400)
    # not a member (anvil #6 signs its own offer)
    refused(post(service, "/api/offers", make_offer(chain, 6, nonce=1)), "not_a_member", 403)
    # a member who never approved the exchange (founder #5 holds credit only)
    credit_offer = make_offer(
        chain,
        5,
        give_token=chain.seeded.coop["CoopCredit"].address,
        give_id=0,
        give_amount=10**18,
        want_token=chain.seeded.coop["HarvestToken"].address,
        want_id=chain.seeded.batches["kale"],
        want_amount=10,
        nonce=1,
    )
    refused(post(service, "/api/offers", credit_offer), "not_approved", 409)
    # a token the exchange does not trade
    refused(
        post(service, "/api/offers", make_offer(chain, 2, want_token=f[0], nonce=31)),
        "token_not_allowed",
        409,
    )
    # an exchange no co-op has
    stranger = json.loads(json.dumps(good))
    stranger["typed_data"]["domain"]["verifyingContract"] = f[3]
    stranger.pop("offer_hash")
    refused(post(service, "/api/offers", stranger), "unknown_coop", 404)
    # amounts: negative, not an integer, over 2**256-1
    for value, what in (("-1", "negative"), ("1.5", "integer"), (str(2**256), "2**256")):
        bad = json.loads(json.dumps(good))
        bad["typed_data"]["message"]["give_amount"] = value
        response = post(service, "/api/offers", bad)
        refused(response, "bad_amount", 400)
        assert what in response.json()["detail"] or "whole number" in response.json()["detail"]
    # addresses: not an address, wrong checksum
    bad = json.loads(json.dumps(good))
    bad["typed_data"]["message"]["maker"] = "0x1234"
    refused(post(service, "/api/offers", bad), "bad_address", 400)
    bad["typed_data"]["message"]["maker"] = f[1][:-1] + ("a" if f[1][-1] != "a" else "b")
    bad["typed_data"]["message"]["maker"] = f[1].swapcase()[:2].lower() + f[1][2:].swapcase()
    refused(post(service, "/api/offers", bad), "bad_checksum", 400)
    refused(post(service, "/api/offers", {"kind": "something"}), "invalid_request", 422)
    refused(
        post(service, "/api/offers", {"kind": "x", "version": 1, "typed_data": {}, "signature": "0x"}),
        "invalid_offer",
        400,
    )


def test_post_offer__produce_past_its_best_before(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    strawberries = chain.seeded.batches["strawberries"]
    advance_time(chain.w3, 3 * 3600)
    document = make_offer(
        chain, 3, maker=chain.seeded.founders[2], give_id=strawberries, give_amount=100, nonce=3
    )
    refused(post(service, "/api/offers", document), "produce_not_transferable", 409)


# -- the vote relay -----------------------------------------------------------------------------


def ballot(
    chain: Stack, voter_index: int, proposal_id: int, support: int = VoteSupport.FOR, nonce: int | None = None
) -> dict[str, Any]:
    governor = chain.seeded.coop["CoopGovernor"]
    voter = chain.w3.eth.accounts[voter_index]
    nonce = int(governor.functions.nonces(voter).call()) if nonce is None else nonce
    doc = ballot_typed_data(
        governor.functions.name().call(), 1337, governor.address, proposal_id, support, voter, nonce
    )
    signature = sign_typed_data(doc, anvil_key(voter_index))
    return {
        "coop": "Harvest Coop",
        "proposal_id": str(proposal_id),
        "support": support,
        "voter": voter,
        "signature": "0x" + signature.hex(),
    }


def test_ballots__relayed_vote_lands_in_a_block(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    pid = chain.seeded.live_proposal
    typed = get(
        service, f"/api/coops/{COOP}/proposals/{pid}/ballot", voter=chain.seeded.founders[2], support=1
    ).json()
    assert typed["typed_data"]["primaryType"] == "Ballot" and typed["words"].startswith("vote for")
    body = ballot(chain, 3, pid)
    response = post(service, "/api/ballots", body)
    assert response.status_code == 202, response.text
    receipt = chain.w3.eth.wait_for_transaction_receipt(response.json()["tx_hash"])
    assert receipt["status"] == 1 and receipt["from"] == response.json()["relayer"]
    caught_up(service, chain.w3)
    votes = get(service, f"/api/coops/{COOP}/proposals/{pid}").json()["votes"]
    assert chain.seeded.founders[2] in [v["voter"] for v in votes]
    # the same ballot again: its nonce is used now
    refused(post(service, "/api/ballots", body), "replayed_signature", 409)
    refused(post(service, "/api/ballots", ballot(chain, 3, pid)), "already_voted", 409)


def test_ballots__refused_before_spending_gas(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    pid = chain.seeded.live_proposal
    relayer = get(service, "/api/config").json()["relayer"]
    balance = chain.w3.eth.get_balance(relayer)
    forged = ballot(chain, 4, pid)
    forged["signature"] = ballot(chain, 5, pid)["signature"]
    refused(post(service, "/api/ballots", forged), "bad_signature", 400)
    refused(post(service, "/api/ballots", ballot(chain, 6, pid)), "no_votes", 403)
    refused(post(service, "/api/ballots", ballot(chain, 1, pid)), "already_voted", 409)
    refused(post(service, "/api/ballots", dict(ballot(chain, 4, pid), nonce="5")), "invalid_ballot", 400)
    executed = [
        p for p in get(service, f"/api/coops/{COOP}/proposals").json()["items"] if p["state"] == "Executed"
    ][0]
    refused(
        post(service, "/api/ballots", ballot(chain, 4, int(executed["proposal_id"]))),
        "proposal_not_active",
        409,
    )
    refused(post(service, "/api/ballots", ballot(chain, 4, 12345)), "unknown_proposal", 404)
    refused(post(service, "/api/ballots", dict(ballot(chain, 4, pid), coop="Nowhere")), "unknown_coop", 404)
    refused(
        post(service, "/api/ballots", dict(ballot(chain, 4, pid), signature="0x1234")), "invalid_ballot", 400
    )
    assert chain.w3.eth.get_balance(relayer) == balance


# -- request-level refusals ------------------------------------------------------------------------


def test_refusals__values_routes_and_bodies(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    f = chain.seeded.founders
    refused(get(service, f"/api/coops/{COOP}/members/0x12"), "bad_address", 400)
    refused(get(service, f"/api/coops/{COOP}/members/{f[0].lower()[:-1]}G"), "bad_address", 400)
    wrong = "0x" + f[0][2:].swapcase()
    refused(get(service, f"/api/coops/{COOP}/accounts/{wrong}"), "bad_checksum", 400)
    refused(get(service, f"/api/coops/{COOP}/members/{chain.seeded.account(9)}"), "unknown_member", 404)
    refused(get(service, "/api/coops/Nowhere"), "unknown_coop", 404)
    refused(get(service, f"/api/coops/{COOP}/batches/999"), "unknown_batch", 404)
    refused(get(service, f"/api/coops/{COOP}/batches/-1"), "unknown_batch", 404)
    refused(get(service, f"/api/offers/{'0x' + '00' * 32}"), "unknown_offer", 404)
    refused(get(service, "/api/offers/0x1234"), "bad_hash", 400)
    refused(get(service, f"/api/escrows/{'0x' + '00' * 32}"), "unknown_escrow", 404)
    refused(get(service, f"/api/coops/{COOP}/proposals/7"), "unknown_proposal", 404)
    refused(get(service, f"/api/coops/{COOP}/proposals/-7"), "bad_amount", 400)
    refused(get(service, f"/api/coops/{COOP}/proposals/1.5"), "bad_amount", 400)
    refused(get(service, f"/api/coops/{COOP}/proposals/{2**256}"), "bad_amount", 400)
    refused(get(service, "/api/coops", limit=0), "invalid_request", 422)
    refused(get(service, "/api/coops", offset=-1), "invalid_request", 422)
    refused(get(service, "/api/nothing-here"), "not_found", 404)
    refused(requests.delete(f"{service.url}/api/offers", timeout=5), "method_not_allowed", 405)
    refused(
        requests.post(
            f"{service.url}/api/offers",
            data=b"{not json",
            headers={"content-type": "application/json"},
            timeout=5,
        ),
        "malformed_json",
        400,
    )
    big = {"kind": "harvest-coop/offer", "version": 1, "typed_data": {"pad": "x" * 70_000}, "signature": "0x"}
    refused(post(service, "/api/offers", big), "body_too_large", 413)
    refused(
        post(service, f"/api/coops/{COOP}/transactions", {"action": "steal", "sender": f[0]}),
        "unknown_action",
        404,
    )
    refused(
        post(
            service,
            f"/api/coops/{COOP}/transactions",
            {"action": "redeem", "sender": f[0], "args": {"batch_id": 1, "grams": -5}},
        ),
        "bad_amount",
        400,
    )
    refused(
        post(
            service,
            f"/api/coops/{COOP}/transactions",
            {"action": "fill", "sender": f[0], "args": {"offer_hash": "0x" + "ab" * 32}},
        ),
        "unknown_offer",
        404,
    )
    refused(
        post(
            service,
            f"/api/coops/{COOP}/transactions",
            {"action": "confirm", "sender": f[0], "args": {"escrow_id": "0x" + "ab" * 32}},
        ),
        "unknown_escrow",
        404,
    )


def test_stream__sends_index_updates(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    with stream_lines(service) as (lines, done):
        transact(
            chain.seeded.coop["HarvestToken"].functions.redeem(chain.seeded.batches["potatoes"], 1),
            chain.seeded.founders[3],
        )
        assert done.wait(15), lines


def test_rate_limit_relay_disabled_and_cors(chain: Stack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with running_service(
        chain,
        f"sqlite:///{tmp_path / 'limited.db'}",
        rate_limit=3,
        rate_window=60.0,
        cors_origin="http://market.example",
    ) as handle:
        refused(
            requests.post(
                f"{handle.url}/api/ballots", json=ballot(chain, 4, chain.seeded.live_proposal), timeout=10
            ),
            "relay_disabled",
            503,
        )
        for _ in range(2):
            requests.post(f"{handle.url}/api/offers", json={}, timeout=10)
        limited = requests.post(f"{handle.url}/api/offers", json={}, timeout=10)
        refused(limited, "rate_limited", 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert (
            requests.get(f"{handle.url}/api/health", timeout=10).status_code == 200
        )  # reads are not limited
        allowed = requests.get(
            f"{handle.url}/api/coops", headers={"Origin": "http://market.example"}, timeout=10
        )
        assert allowed.headers.get("access-control-allow-origin") == "http://market.example"
        other = requests.get(f"{handle.url}/api/coops", headers={"Origin": "http://evil.example"}, timeout=10)
        assert "access-control-allow-origin" not in other.headers
        preflight = requests.options(
            f"{handle.url}/api/offers",
            headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
            timeout=10,
        )
        assert preflight.status_code == 400


# -- the community pool ----------------------------------------------------------------


def test_equity__who_received_what_in_each_epoch(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    first, second = chain.seeded.pool_epochs
    founders = chain.seeded.founders
    doc = get(service, f"/api/coops/{COOP}/equity", epoch=first).json()
    assert doc["epoch"] == first and first in doc["epochs"] and second in doc["epochs"]
    assert doc["members_at_start"] == 5 and len(doc["people"]) == 5
    received = {p["account"]: p["received_grams"] for p in doc["people"]}
    assert received == {
        founders[0]: 1_000,
        founders[1]: 1_000,
        founders[2]: 600,
        founders[3]: 200,
        founders[4]: 0,
    }
    assert doc["produce"]["total"] == 2_800 and doc["given"]["claimed_grams"] == 2_800
    assert doc["given"]["donated_grams"] == 2_500  # the beans, given in this epoch
    squash = next(b for b in doc["batches"] if b["crop"] == "squash")
    assert squash["claimed"] == 2_800
    # the figures are the tested function's, of the amounts listed
    assert doc["produce"]["gini"] == pytest.approx(gini([1_000, 1_000, 600, 200, 0]))
    assert doc["produce"]["lorenz"][0] == [0.0, 0.0] and doc["produce"]["lorenz"][-1] == [1.0, 1.0]
    assert doc["produce"]["top_20_share"] == pytest.approx(1_000 / 2_800)
    latest = get(service, f"/api/coops/{COOP}/equity").json()
    assert latest["epoch"] == second
    assert {p["account"]: p["received_grams"] for p in latest["people"]}[founders[4]] == 740


def test_equity__city_and_refusals(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    city = get(service, "/api/equity").json()
    (coop,) = city["coops"]
    assert coop["coop"] == "Harvest Coop" and coop["produce"]["total"] == 2_800 + 1_840
    assert city["produce"]["total"] == coop["produce"]["total"]
    refused(get(service, f"/api/coops/{COOP}/equity", epoch=99), "unknown_epoch", 404)
    refused(get(service, f"/api/coops/{COOP}/equity", epoch=0), "invalid_request", 422)
    refused(get(service, "/api/coops/Nobody/equity"), "unknown_coop", 404)


def test_batches__journey_shows_donated_and_claimed(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    batch = get(service, f"/api/coops/{COOP}/batches/{chain.seeded.batches['beans']}").json()
    steps = [step["step"] for step in batch["journey"]]
    assert steps[0] == "logged" and "donated" in steps and steps.count("claimed") == 4
