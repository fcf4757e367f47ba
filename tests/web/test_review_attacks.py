"""An attacker's review of the web service: each test is one attack. A failing
test shows a hole; a passing one an attack that held and was not covered."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from web3 import Web3

from frontend.devchain import log_harvest
from harvest_coop.core.constants import VoteSupport

from .conftest import RELAYER_KEY, Postgres, Stack, caught_up, fresh_database, running_service, stream_lines
from .test_api import COOP, ballot, get, make_offer, post

HUGE = "9" * 5000  # a decimal string Python's int() refuses (over 4300 digits)


def is_refusal(response: requests.Response, status: int | None = None, code: str | None = None) -> None:
    """A JSON refusal with a stable code and a 4xx status, never a 500."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    body = response.json()
    assert isinstance(body.get("error"), str) and isinstance(body.get("detail"), str), body
    if status is not None:
        assert response.status_code == status, response.text
    if code is not None:
        assert body["error"] == code, body


@pytest.fixture(scope="module")
def pg_service(chain: Stack, postgres: Postgres) -> Iterator[Any]:
    """The module's chain served from a PostgreSQL index."""
    with running_service(
        chain, fresh_database(postgres, "review_attacks"), relayer_key=RELAYER_KEY
    ) as handle:
        yield handle


@pytest.fixture(params=["sqlite", "postgresql"])
def any_service(request: pytest.FixtureRequest) -> Any:
    """The SQLite service, then the PostgreSQL one."""
    return request.getfixturevalue("service" if request.param == "sqlite" else "pg_service")


# -- 500s from odd values ---------------------------------------------------------------------


def test_nul_in_a_coop_key_or_status__bad_text_on_both_databases(chain: Stack, any_service) -> None:  # type: ignore[no-untyped-def]
    """Attack: PostgreSQL's text refuses a NUL character, and a co-op's name
    (the ballot's `coop`, any `{coop}` in a path) and the `status` filters
    went to the database as they came: a 500 on PostgreSQL (SQLite said 404
    or an empty list). Rule: the same 400 `bad_text` on both databases."""
    svc, pid = any_service, chain.seeded.live_proposal
    founder = chain.seeded.founders[0]
    draft = {
        "maker": founder,
        "give_kind": "credit",
        "give_amount": 1,
        "want_kind": "credit",
        "want_amount": 1,
    }
    answers = [
        post_raw(svc, "/api/ballots", dict(ballot(chain, 5, pid), coop="Harvest\x00Coop")),
        post_raw(svc, "/api/coops/Harvest%00Coop/offer-drafts", draft),
        post_raw(svc, "/api/coops/%00/transactions", {"action": "apply", "sender": founder}),
        post_raw(svc, f"/api/coops/%00/proposals/{pid}/simulation", {}),
        get(svc, f"/api/coops/{COOP}%00/members"),
        get(svc, "/api/offers", status="open\x00"),
        get(svc, f"/api/coops/{COOP}/applications", status="\x00"),
    ]
    for answer in answers:
        is_refusal(answer, 400, "bad_text")


def test_batch_id_over_int64_is_refused_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    is_refusal(get(service, f"/api/coops/{COOP}/batches/{2**64}"), 404, "unknown_batch")


def test_offer_draft_batch_over_int64_is_refused_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    body = {
        "maker": chain.seeded.founders[0],
        "give_kind": "harvest",
        "give_batch": 2**64,
        "give_amount": 1,
        "want_kind": "credit",
        "want_amount": 1,
    }
    is_refusal(post(service, f"/api/coops/{COOP}/offer-drafts", body))


def test_proposal_id_of_5000_digits_is_bad_amount_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    is_refusal(get(service, f"/api/coops/{COOP}/proposals/{HUGE}"), 400, "bad_amount")


def test_offer_id_filter_of_5000_digits_is_bad_amount_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    harvest = chain.seeded.coop["HarvestToken"].address
    is_refusal(get(service, "/api/offers", token=harvest, id=HUGE), 400, "bad_amount")


def test_ballot_proposal_id_of_5000_digits_is_bad_amount_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    body = dict(ballot(chain, 4, chain.seeded.live_proposal), proposal_id=HUGE)
    is_refusal(post(service, "/api/ballots", body), 400, "bad_amount")


def test_transaction_amount_of_5000_digits_is_bad_amount_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    body = {"action": "redeem", "sender": chain.seeded.founders[0], "args": {"batch_id": 1, "grams": HUGE}}
    is_refusal(post(service, f"/api/coops/{COOP}/transactions", body), 400, "bad_amount")


def test_offer_domain_chain_id_out_of_range__refused_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Attack: the domain's chainId went to int() and then to the EIP-712
    encoder unchecked: Infinity, a negative number or one over uint256 was
    a 500. Rule: chainId is a uint256 like the message's integers, and
    verifyingContract an address with the EIP-55 rule of every address."""
    good = make_offer(chain, 2, nonce=44)
    for chain_id in (float("inf"), -1, 2**256, 1e300, 1337.5):
        bad = json.loads(json.dumps(good))
        bad["typed_data"]["domain"]["chainId"] = chain_id
        bad.pop("offer_hash")
        is_refusal(post_raw(service, "/api/offers", bad), 400, "bad_amount")
    bad = json.loads(json.dumps(good))
    exchange = bad["typed_data"]["domain"]["verifyingContract"]
    bad["typed_data"]["domain"]["verifyingContract"] = "0x" + exchange[2:].swapcase()
    is_refusal(post(service, "/api/offers", bad), 400, "bad_checksum")


def test_offer_with_the_largest_nonce__its_maker_still_gets_drafts(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Attack: an offer signed with nonce 2**256-1 is valid and stored; the
    draft route then asked the exchange about nonce 2**256 for that maker,
    which web3 cannot encode: every later draft of the maker was a 503.
    Rule: the draft skips nonces past uint256 and offers a free one."""
    maker = chain.seeded.founders[1]
    document = make_offer(chain, 2, nonce=2**256 - 1, give_amount=1)
    assert post(service, "/api/offers", document).status_code == 201
    kale = chain.seeded.batches["kale"]
    draft = {"maker": maker, "give_kind": "harvest", "give_batch": kale, "give_amount": 1}
    answer = post(service, f"/api/coops/{COOP}/offer-drafts", dict(draft, want_kind="credit", want_amount=1))
    assert answer.status_code == 200, answer.text
    assert int(answer.json()["typed_data"]["message"]["nonce"]) < 2**256 - 1


def test_odd_bodies_and_parameters_are_json_refusals(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    url = service.url
    raw = {"content-type": "application/json"}
    # nesting deeper than the JSON parser's recursion limit
    deep = requests.post(f"{url}/api/offers", data=b"[" * 30_000 + b"]" * 30_000, headers=raw, timeout=10)
    is_refusal(deep)
    # a JSON integer of 5000 digits (over Python's int() digit limit)
    is_refusal(
        requests.post(
            f"{url}/api/ballots", data=b'{"proposal_id": ' + HUGE.encode() + b"}", headers=raw, timeout=10
        )
    )
    # wrong types and odd numbers
    for body in (
        [],
        "x",
        1,
        None,
        {"kind": ["harvest-coop/offer"]},
        {"kind": "harvest-coop/offer", "version": 1e308},
    ):
        is_refusal(post(service, "/api/offers", body))
    is_refusal(requests.post(f"{url}/api/offers", data=b'{"version": NaN}', headers=raw, timeout=10))
    is_refusal(requests.post(f"{url}/api/offers", data=b"\xff\xfe", headers=raw, timeout=10))
    # lone surrogates echoed in refusals
    for body in (
        {"action": "\ud800", "sender": chain.seeded.founders[0]},
        {"action": "redeem", "sender": "\ud800", "args": {"\ud800": "\ud800"}},
    ):
        is_refusal(post_raw(service, f"/api/coops/{COOP}/transactions", body))
    # path parameters: traversal, SQL metacharacters, NUL, unicode
    for key in ("..%2F..%2Fetc%2Fpasswd", "x'%20OR%20'1'='1", "%00", "%F0%9F%8D%85", "0x" + "zz" * 20):
        is_refusal(get(service, f"/api/coops/{key}/members"))
    assert requests.get(f"{url}/static/..%2F..%2Fconfig.py", timeout=10).status_code == 404
    # paging and query parameters out of range
    for params in (
        {"limit": 201},
        {"limit": "1e3"},
        {"offset": 2**31 + 1},
        {"offset": 2**70},
        {"include_former": "maybe"},
    ):
        is_refusal(get(service, f"/api/coops/{COOP}/members", **params))
    is_refusal(get(service, f"/api/coops/{COOP}/equity", epoch=2**63))
    is_refusal(get(service, f"/api/coops/{COOP}/pool/epochs/{2**40}"))
    is_refusal(get(service, f"/api/coops/{COOP}/pool/epochs/1/../../x"))
    is_refusal(
        get(service, f"/api/coops/{COOP}/proposals/1/ballot", voter=chain.seeded.founders[0], support=3)
    )
    is_refusal(get(service, "/api/offers", id="1"))


def test_coop_name_with_a_lone_surrogate_is_refused_not_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    body = dict(ballot(chain, 4, chain.seeded.live_proposal), coop="\udfff")
    is_refusal(post_raw(service, "/api/ballots", body), 400, "bad_text")


def post_raw(service, path: str, body: Any) -> requests.Response:  # type: ignore[no-untyped-def]
    """POST JSON with \\uXXXX escapes kept (lone surrogates reach the service)."""
    return requests.post(
        f"{service.url}{path}",
        data=json.dumps(body, ensure_ascii=True).encode(),
        headers={"content-type": "application/json"},
        timeout=30,
    )


def test_offer_document_extra_field_cannot_break_the_offer_book(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """A member's valid offer carrying an extra top-level field with a lone
    surrogate: stored whole, it made every offer list answer 500 (review)."""
    document = make_offer(chain, 2, nonce=41)
    document["note"] = "\ud800 <img src=x onerror=alert(1)>"
    posted = post_raw(service, "/api/offers", document)
    # everyone's offer list and the offer itself must still answer
    listing = get(service, "/api/offers")
    single = get(service, f"/api/offers/{document['offer_hash']}")
    # a signed-offer document has exactly its five fields: the extra one is refused
    is_refusal(posted, 422, "invalid_request")
    assert (listing.status_code, single.status_code) == (200, 404), (listing.text[:200], single.text[:200])
    # and the same offer without it is stored as its canonical document only
    del document["note"]
    assert requests.post(f"{service.url}/api/offers", json=document, timeout=30).status_code == 201
    stored = get(service, f"/api/offers/{document['offer_hash']}").json()
    assert "note" not in json.dumps(stored)


# -- the vote relay ----------------------------------------------------------------------------


def test_relay_sends_no_second_doomed_vote_while_the_first_is_pending(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """On a chain that does not mine at once (every public chain), the same
    ballot posted twice, and a second ballot of the same voter with the same
    nonce, both pass every check against `latest` and are sent: the second
    transaction reverts and the relayer pays for it."""
    w3 = chain.w3
    pid = chain.seeded.live_proposal
    relayer = get(service, "/api/config").json()["relayer"]
    first = ballot(chain, 4, pid)
    other = ballot(chain, 4, pid, support=VoteSupport.AGAINST)
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    try:
        sent = post(service, "/api/ballots", first)
        assert sent.status_code == 202, sent.text
        again = post(service, "/api/ballots", first)
        flip = post(service, "/api/ballots", other)
    finally:
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    hashes = [r.json()["tx_hash"] for r in (sent, again, flip) if r.status_code == 202]
    receipts = [w3.eth.wait_for_transaction_receipt(h) for h in hashes]
    failed = [r for r in receipts if r["status"] != 1 and r["from"] == relayer]
    assert not failed, (
        f"the relayer paid for {len(failed)} reverted vote(s): {[again.status_code, flip.status_code]}"
    )
    assert again.status_code == 409 and flip.status_code == 409, (again.text, flip.text)


def test_relay_refuses_malleable_and_mutated_ballots_without_spending(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    pid = chain.seeded.live_proposal
    relayer = get(service, "/api/config").json()["relayer"]
    balance = chain.w3.eth.get_balance(relayer)
    good = ballot(chain, 3, pid)
    current = int(chain.seeded.coop["CoopGovernor"].functions.nonces(good["voter"]).call())
    sig = bytes.fromhex(good["signature"][2:])
    r, s, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    high_s = "0x" + (r + (n - s).to_bytes(32, "big") + bytes([55 - v])).hex()
    is_refusal(post(service, "/api/ballots", dict(good, signature=high_s)))
    # the signature of another support value / proposal / voter
    is_refusal(post(service, "/api/ballots", dict(good, support=VoteSupport.AGAINST)), 400, "bad_signature")
    is_refusal(post(service, "/api/ballots", dict(good, support=7)), 400)
    is_refusal(post(service, "/api/ballots", dict(good, support=256)), 400)
    is_refusal(
        post(service, "/api/ballots", dict(good, voter=chain.seeded.founders[3])), 400, "bad_signature"
    )
    is_refusal(post(service, "/api/ballots", dict(good, voter=Web3.to_checksum_address("0x" + "00" * 20))))
    # a future nonce, and v out of range
    is_refusal(post(service, "/api/ballots", dict(good, nonce=current + 5)), 400, "invalid_ballot")
    is_refusal(post(service, "/api/ballots", dict(good, signature=good["signature"][:-2] + "1d")))
    is_refusal(
        post(service, "/api/ballots", dict(good, signature=good["signature"] + "00")), 400, "invalid_ballot"
    )
    # the zero signature (ecrecover gives address 0)
    is_refusal(post(service, "/api/ballots", dict(good, signature="0x" + "00" * 65)))
    assert chain.w3.eth.get_balance(relayer) == balance


def test_relay__ballot_signed_with_v_0_or_1__relayed_and_counted(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Attack: the relay's check took v 0/1 and sent the signature as it
    came, which the governor's ecrecover refuses (409 vote_refused: the
    member could not vote through the relay). Rule: the vote is relayed
    with v 27/28 and counted."""
    body = ballot(chain, 2, chain.seeded.live_proposal)  # the deadline test (last) then takes #3
    signature = bytes.fromhex(body["signature"][2:])
    answer = post(
        service,
        "/api/ballots",
        dict(body, signature="0x" + (signature[:64] + bytes([signature[64] - 27])).hex()),
    )
    assert answer.status_code == 202, answer.text
    assert chain.w3.eth.wait_for_transaction_receipt(answer.json()["tx_hash"])["status"] == 1


# -- the offer book ----------------------------------------------------------------------------


def test_offer_book_refuses_tampered_documents(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    good = make_offer(chain, 2, nonce=42)
    # the domain's name or version changed (hash recomputed by leaving it out)
    for field, value in (("name", "Evil Exchange"), ("version", "2")):
        bad = json.loads(json.dumps(good))
        bad["typed_data"]["domain"][field] = value
        bad.pop("offer_hash")
        is_refusal(post(service, "/api/offers", bad), 400)
    # an extra field in the Offer type
    bad = json.loads(json.dumps(good))
    bad["typed_data"]["types"]["Offer"].append({"name": "bonus", "type": "uint256"})
    bad["typed_data"]["message"]["bonus"] = "1"
    bad.pop("offer_hash")
    is_refusal(post(service, "/api/offers", bad), 400)
    # the message changed under the signature
    bad = json.loads(json.dumps(good))
    bad["typed_data"]["message"]["want_amount"] = "1"
    bad.pop("offer_hash")
    is_refusal(post(service, "/api/offers", bad), 400, "bad_signature")
    # the same offer with a high-s signature (malleable copy, would be a second book entry)
    sig = bytes.fromhex(good["signature"][2:])
    n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
    s = int.from_bytes(sig[32:64], "big")
    high = "0x" + (sig[:32] + (n - s).to_bytes(32, "big") + bytes([55 - sig[64]])).hex()
    is_refusal(post(service, "/api/offers", dict(good, signature=high)), 400, "bad_signature")
    # a maker that is the zero address with the zero signature
    bad = json.loads(json.dumps(good))
    bad["typed_data"]["message"]["maker"] = "0x" + "00" * 20
    bad["signature"] = "0x" + "00" * 65
    bad.pop("offer_hash")
    is_refusal(post(service, "/api/offers", bad))
    # the accepted one, then its 64-byte (EIP-2098) twin is the same offer
    assert post(service, "/api/offers", good).status_code == 201
    r, s2, v = sig[:32], int.from_bytes(sig[32:64], "big"), sig[64]
    compact = "0x" + (r + ((v - 27) << 255 | s2).to_bytes(32, "big")).hex()
    is_refusal(post(service, "/api/offers", dict(good, signature=compact)), 409, "duplicate_offer")


def test_offer_signed_with_v_0_or_1__stored_as_the_exchange_takes_it(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Attack: the book took an ECDSA signature with v 0/1 (some wallets
    sign so; anyone holding the signature can also rewrite 27/28 so) and
    stored it as sent, but the exchange's ecrecover takes only 27/28: an
    offer no taker could fill, whose fillable twin was then a duplicate.
    Rule: the book stores an EOA maker's signature as r, s, v 27/28."""
    document = make_offer(chain, 2, nonce=45, give_amount=1, want_amount=1)
    signature = bytes.fromhex(document["signature"][2:])
    low_v = "0x" + (signature[:64] + bytes([signature[64] - 27])).hex()
    assert post(service, "/api/offers", dict(document, signature=low_v)).status_code == 201
    taker = chain.seeded.founders[2]
    body = {"action": "fill", "sender": taker, "args": {"offer_hash": document["offer_hash"]}}
    tx = post(service, f"/api/coops/{COOP}/transactions", body).json()
    sent = chain.w3.eth.send_transaction(
        {"from": taker, "to": tx["to"], "data": tx["data"], "gas": 2_000_000}
    )
    assert chain.w3.eth.wait_for_transaction_receipt(sent)["status"] == 1, "the stored offer cannot be filled"


def test_offer_with_terms_the_exchange_refuses__not_stored(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Attack: a validly signed offer whose terms the exchange's fill refuses
    (an ERC-20 leg with an id, delivery flags beyond both legs) passed every
    check of the book: an open offer no one could fill, every fill a
    reverted transaction. Rule: the book refuses what the exchange refuses."""
    coop = chain.seeded.coop
    credit_with_an_id = make_offer(
        chain,
        2,
        give_token=coop["CoopCredit"].address,
        give_id=1,
        give_amount=1,
        want_token=coop["HarvestToken"].address,
        want_id=chain.seeded.batches["kale"],
        want_amount=1,
        nonce=46,
    )
    unknown_delivery = make_offer(chain, 2, delivery=4, delivery_window=3600, nonce=47)
    for document in (credit_with_an_id, unknown_delivery):
        is_refusal(post(service, "/api/offers", document), 400, "invalid_offer")
        assert get(service, f"/api/offers/{document['offer_hash']}").status_code == 404


def test_offer_book__one_maker_cannot_fill_it_without_end(chain: Stack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Attack: each offer was checked alone against the maker's balance, so
    a member holding 1 g could post any number of 1 g offers (a new nonce
    each), and the follower re-checks every one of them after each indexed
    range. Rule: at most HARVEST_MAX_OPEN_OFFERS offers of a maker that
    are not filled, cancelled or expired; then 409 too_many_offers."""
    with running_service(chain, f"sqlite:///{tmp_path / 'cap.db'}", max_open_offers=2) as handle:
        for nonce in (90, 91):
            assert (
                post(handle, "/api/offers", make_offer(chain, 2, nonce=nonce, give_amount=1)).status_code
                == 201
            )
        is_refusal(
            post(handle, "/api/offers", make_offer(chain, 2, nonce=92, give_amount=1)), 409, "too_many_offers"
        )
        potatoes = chain.seeded.batches["potatoes"]
        other = post(handle, "/api/offers", make_offer(chain, 4, give_id=potatoes, nonce=90, give_amount=1))
        assert other.status_code == 201, other.text


def test_stream__connections_beyond_the_cap__503_and_a_freed_place_is_taken_again(
    chain: Stack, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Attack: /api/stream (not a write, so not rate limited) held a
    connection and a queue for every page that opened it, without end.
    Rule: at most HARVEST_MAX_STREAMS at once; beyond, 503 too_many_streams;
    a page that leaves frees its place."""
    with running_service(chain, f"sqlite:///{tmp_path / 'streams.db'}", max_streams=1) as handle:
        with stream_lines(handle):
            full = get(handle, "/api/stream")
            assert (full.status_code, full.json()["error"]) == (503, "too_many_streams"), full.text
            assert "HARVEST_MAX_STREAMS" in full.json()["detail"]
        # The service notices the page left within a second or two.
        deadline = time.monotonic() + 15
        while True:
            with requests.get(f"{handle.url}/api/stream", stream=True, timeout=20) as again:
                if again.status_code == 200 or time.monotonic() > deadline:
                    break
            time.sleep(0.5)
        assert again.status_code == 200, again.text


# -- XSS through the stream --------------------------------------------------------------------


def test_stream_carries_chain_text_only_as_json_data(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """A crop name with newlines and an SSE field cannot forge events or markup."""
    with stream_lines(service) as (lines, done):
        crop = "\n\nevent: reorg\ndata: <b>x</b>\n"
        log_harvest(
            chain.seeded.coop,
            chain.seeded.founders[0],
            crop,
            10,
            3,
            "\r\nevent: offer\r\n<script>alert(1)</script>",
        )
        assert done.wait(15), lines
    assert all(not line.startswith("data:") or json.loads(line[5:]) is not None for line in lines)
    assert not any(("<b>" in line or "<script>" in line) and not line.startswith("data:") for line in lines)
    assert not any(line in ("event: reorg", "event: offer") for line in lines), lines


# -- the index -----------------------------------------------------------------------------------


def _emit_once(w3: Web3, sender: str, topics: list[bytes], data: bytes) -> str:
    """Deploy init code that emits one log (topics, data) from its own new address."""
    n = len(topics)
    code = b""
    for topic in reversed(topics):
        code += b"\x7f" + topic
    prefix_len_guess = 0
    while True:  # the data follows the prefix: find its offset
        prefix = (
            b"\x61"
            + len(data).to_bytes(2, "big")  # PUSH2 size
            + b"\x61"
            + prefix_len_guess.to_bytes(2, "big")  # PUSH2 offset
            + b"\x60\x00"
            + b"\x39"  # PUSH1 0, CODECOPY
            + code
            + b"\x61"
            + len(data).to_bytes(2, "big")
            + b"\x60\x00"
            + bytes([0xA0 + n])  # PUSH2 size PUSH1 0 LOGn
            + b"\x00"
        )
        if len(prefix) == prefix_len_guess:
            break
        prefix_len_guess = len(prefix)
    receipt = w3.eth.wait_for_transaction_receipt(
        w3.eth.send_transaction({"from": sender, "data": "0x" + (prefix + data).hex()})
    )
    assert receipt["status"] == 1 and len(receipt["logs"]) == 1, receipt
    return str(receipt["contractAddress"])


def test_index_ignores_a_registry_log_replayed_by_an_impostor(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """An impostor contract emits the registry's CoopCreated (another name, the
    attacker's own 'exchange'), and a harvest token's TransferSingle: neither
    becomes a co-op or a balance in the index."""
    w3 = chain.w3
    registry = json.loads(chain.seeded.deployment_file.read_text())
    registry_address = registry["registry"]
    real = w3.eth.get_logs({"address": Web3.to_checksum_address(registry_address), "fromBlock": 0})
    created = real[0]
    data = bytes(created["data"])
    assert b"Harvest Coop" in data
    fake = data.replace(b"Harvest Coop", b"Evil Coop!!!")
    attacker = chain.seeded.account(6)
    _emit_once(w3, attacker, [bytes(t) for t in created["topics"]], fake)
    # a TransferSingle(operator, from=0, to=attacker, id=kale, value=10**9) from an impostor
    harvest = chain.seeded.coop["HarvestToken"]
    topic = Web3.keccak(text="TransferSingle(address,address,address,uint256,uint256)")
    pad = lambda a: bytes(12) + bytes.fromhex(a[2:])  # noqa: E731
    kale = chain.seeded.batches["kale"]
    _emit_once(
        w3,
        attacker,
        [topic, pad(attacker), bytes(32), pad(attacker)],
        kale.to_bytes(32, "big") + (10**9).to_bytes(32, "big"),
    )
    caught_up(service, w3)
    assert get(service, "/api/coops/Evil%20Coop!!!").status_code == 404
    assert [c["name"] for c in get(service, "/api/coops").json()["items"]] == ["Harvest Coop"]
    account = get(service, f"/api/coops/{COOP}/accounts/{attacker}").json()
    assert all(h["batch_id"] != kale for h in account["harvest"]), account
    assert harvest.address  # the real token is untouched


# -- rate limit and CORS -----------------------------------------------------------------------


def test_rate_limit_not_bypassed_with_forwarding_headers(chain: Stack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with running_service(
        chain,
        f"sqlite:///{tmp_path / 'xff.db'}",
        rate_limit=3,
        rate_window=60.0,
        cors_origin="http://market.example",
    ) as handle:
        statuses = []
        for i in range(8):
            headers = {
                "X-Forwarded-For": f"203.0.113.{i}",
                "X-Real-IP": f"203.0.113.{i}",
                "Forwarded": f"for=203.0.113.{i}",
            }
            statuses.append(
                requests.post(f"{handle.url}/api/offers", json={}, headers=headers, timeout=10).status_code
            )
        assert statuses.count(429) >= 5, f"8 POSTs with a new X-Forwarded-For each, limit 3: {statuses}"


def test_rate_limit__clients_gone_for_a_window_are_forgotten() -> None:
    """Attack: every new client address (an IPv6 prefix holds billions) left
    an entry in the limiter for good: it forgot only clients with no hits,
    and a client's old hits were dropped only when that client came back.
    The table grew without end and, past 10,000 clients, every write
    request scanned all of it. Rule: clients idle for a window are dropped."""
    import asyncio
    import threading

    from frontend.api import middleware

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def sent(message: Any) -> None:
        pass

    now = [1000.0]
    limiter = middleware.RateLimit(app, count=3, window=60.0, clock=lambda: now[0])

    async def burst(clients: range) -> None:
        for i in clients:
            # one /64 each: the limit counts an IPv6 client by its /64
            scope = {
                "type": "http",
                "method": "POST",
                "client": (f"2001:db8:{i >> 16:x}:{i & 0xFFFF:x}::1", 1),
            }
            await limiter(scope, None, sent)  # type: ignore[arg-type]

    def run(clients: range) -> None:
        # In a thread of its own: the browser tests' Playwright keeps an
        # event loop running in this one.
        worker = threading.Thread(target=lambda: asyncio.run(burst(clients)))
        worker.start()
        worker.join()

    run(range(10_001))
    now[0] += 61.0
    run(range(10_001, 10_003))
    assert len(limiter._hits) <= 2, f"{len(limiter._hits)} clients kept after a window of silence"


def test_cors_only_the_exact_origin_without_credentials(chain: Stack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with running_service(
        chain, f"sqlite:///{tmp_path / 'cors.db'}", cors_origin="http://market.example"
    ) as handle:
        # CORS: a null origin, a look-alike and a suffix do not get the header; credentials never
        for origin in (
            "null",
            "http://market.example.evil.com",
            "http://evil.market.example",
            "https://market.example",
        ):
            answer = requests.post(
                f"{handle.url}/api/offers", json={}, headers={"Origin": origin}, timeout=10
            )
            assert "access-control-allow-origin" not in answer.headers, origin
        ok = requests.get(f"{handle.url}/api/coops", headers={"Origin": "http://market.example"}, timeout=10)
        assert ok.headers.get("access-control-allow-credentials") is None


def test_cross_site_form_post_is_not_taken_as_json(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """A text/plain form POST (no CORS preflight) cannot drive the relay or the book."""
    body = json.dumps(ballot(chain, 5, chain.seeded.live_proposal))
    answer = requests.post(
        f"{service.url}/api/ballots", data=body, headers={"content-type": "text/plain"}, timeout=10
    )
    is_refusal(answer)


def test_offer_posted_concurrently_is_stored_once_without_500(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    import threading

    document = make_offer(chain, 2, nonce=43)
    barrier = threading.Barrier(12)
    answers: list[int] = []

    def send() -> None:
        barrier.wait()
        answers.append(post(service, "/api/offers", document).status_code)

    threads = [threading.Thread(target=send) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [201] + [409] * 11, answers


def test_relay_at_the_voting_deadline_spends_no_gas_on_a_late_vote(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Last (it ends the live proposal): the chain's latest block is at the
    proposal's deadline, so `eth_call` at latest says Active; the
    transaction lands in the next block, after the deadline."""
    w3 = chain.w3
    pid = chain.seeded.live_proposal
    governor = chain.seeded.coop["CoopGovernor"]
    relayer = get(service, "/api/config").json()["relayer"]
    deadline = int(governor.functions.proposalDeadline(pid).call())
    assert int(w3.eth.get_block("latest")["timestamp"]) < deadline
    w3.provider.make_request("evm_mine", [deadline])  # type: ignore[arg-type]
    assert int(governor.functions.state(pid).call()) == 1  # Active at latest
    body = ballot(chain, 2, pid)
    if int(governor.functions.hasVoted(pid, body["voter"]).call()):
        body = ballot(chain, 3, pid)
    answer = post(service, "/api/ballots", body)
    print("deadline ballot:", answer.status_code, answer.text[:200])
    if answer.status_code == 202:
        receipt = w3.eth.wait_for_transaction_receipt(answer.json()["tx_hash"])
        assert receipt["status"] == 1 or receipt["from"] != relayer, (
            f"the relayer paid for a vote mined at {w3.eth.get_block(receipt['blockNumber'])['timestamp']}, "
            f"after the deadline {deadline}"
        )
    else:
        is_refusal(answer)


def test_offer_that_never_expires__accepted_and_served_exactly(chain: Stack, service) -> None:  # type: ignore[no-untyped-def]
    """Attack: an offer's expiry and delivery window are uint64, and the
    offer book kept them in 64-bit signed integers: a member's valid offer
    that never expires (2**64 - 1), with a window of centuries, could not
    be stored (a 500). Rule: any uint64 the maker signs is stored and
    served back exactly."""
    never = 2**64 - 1
    maker = chain.w3.eth.accounts[3]
    fresh = log_harvest(chain.seeded.coop, maker, "chard", 800, 30, "plot 5")  # earlier tests age the seed
    document = make_offer(
        chain, 3, give_id=fresh, nonce=64, expiry=never, delivery=1, delivery_window=never // 2
    )
    posted = post(service, "/api/offers", document)
    assert posted.status_code == 201, posted.text
    served = get(service, f"/api/offers/{document['offer_hash']}").json()
    assert (served["expiry"], served["delivery_window"]) == (never, never // 2)
