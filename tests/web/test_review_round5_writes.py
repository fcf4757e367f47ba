"""Fifth review: the service's write paths (the offer book, the vote relay),
its stream and CORS, and its configuration from the environment. Each test
is one attack or one mistake an operator makes; a failing test was a hole.

The module's chain (tests/web/conftest.py) is its own: the federation test
at the end moves its clock by days, so it comes last.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3

import frontend.__main__ as service_main
import frontend.index.__main__ as index_main
from frontend.api import middleware
from frontend.demo_hook import ServiceHandle, start_service
from frontend.devchain import params
from harvest_coop.core.constants import MAX_UINT256, VoteSupport
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.anvil import free_port
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.governance import advance_time, pass_call
from harvest_coop.web3_layer.sender import transact
from harvest_coop.web3_layer.stack import create_coop

from .conftest import RELAYER_KEY, ROOT, Stack, caught_up, running_service, service_config, wait_for
from .test_api import ballot, get, make_offer, post, refused

# -- configuration: one clear line and a non-zero exit, never a traceback ---------------------


def _exit_line(monkeypatch: pytest.MonkeyPatch, main, env: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    """`main()` run with `env` (and no other HARVEST_* setting): it must stop
    with SystemExit and one line saying what is wrong."""
    for name in [n for n in os.environ if n.startswith("HARVEST_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    def started(*_args: object, **_kwargs: object) -> None:
        raise AssertionError(f"the service started with {env}")

    monkeypatch.setattr(service_main.uvicorn, "run", started)
    monkeypatch.setattr(index_main.Follower, "run", started)
    with pytest.raises(SystemExit) as stopped:
        main()
    message = str(stopped.value.code)
    assert stopped.value.code not in (0, None) and "\n" not in message, message
    return message


@pytest.fixture
def settled(chain: Stack, tmp_path: Path) -> dict[str, str]:
    """Settings that need no node to start: the module's deployment file and a
    SQLite file; a node nobody listens on."""
    return {
        "HARVEST_DEPLOYMENT": str(chain.seeded.deployment_file),
        "HARVEST_DATABASE_URL": f"sqlite:///{tmp_path / 'index.db'}",
        "HARVEST_RPC_URL": f"http://127.0.0.1:{free_port()}",
        "HARVEST_PORT": str(free_port()),
    }


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"HARVEST_PORT": "70000"}, "HARVEST_PORT"),
        ({"HARVEST_DATABASE_URL": "not a database url"}, "HARVEST_DATABASE_URL"),
        ({"HARVEST_DATABASE_URL": "mysql://db.example/coop"}, "HARVEST_DATABASE_URL"),
        ({"HARVEST_DATABASE_URL": "sqlite:////proc/no/such/dir/index.db"}, "HARVEST_DATABASE_URL"),
        ({"HARVEST_RPC_URL": "127.0.0.1:8545"}, "HARVEST_RPC_URL"),
        ({"HARVEST_PUBLIC_RPC_URL": "localhost:8545"}, "HARVEST_PUBLIC_RPC_URL"),
        ({"HARVEST_CORS_ORIGIN": "https://coop.example/"}, "HARVEST_CORS_ORIGIN"),
        ({"HARVEST_CORS_ORIGIN": "https://a.example, https://b.example"}, "HARVEST_CORS_ORIGIN"),
        ({"HARVEST_RELAYER_KEY": "0x" + "00" * 32}, "HARVEST_RELAYER_KEY"),
        ({"HARVEST_RELAYER_KEY": "0x" + "ff" * 32}, "HARVEST_RELAYER_KEY"),
        ({"HARVEST_POLL_SECONDS": "nan"}, "HARVEST_POLL_SECONDS"),
        ({"HARVEST_RPC_TIMEOUT": "inf"}, "HARVEST_RPC_TIMEOUT"),
        ({"HARVEST_RATE_LIMIT": "30/nan"}, "HARVEST_RATE_LIMIT"),
    ],
)
def test_config__a_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, settled: dict[str, str], env: dict[str, str], says: str
) -> None:
    message = _exit_line(monkeypatch, service_main.main, {**settled, **env})
    assert says in message, message
    key = env.get("HARVEST_RELAYER_KEY")
    assert key is None or key[2:] not in message.lower()


def test_config__a_database_that_does_not_answer_is_one_line_without_its_password(
    monkeypatch: pytest.MonkeyPatch, settled: dict[str, str]
) -> None:
    url = f"postgresql://harvest:s3cret-pw@127.0.0.1:{free_port()}/coop"
    for main in (service_main.main, index_main.main):
        message = _exit_line(monkeypatch, main, {**settled, "HARVEST_DATABASE_URL": url})
        assert "HARVEST_DATABASE_URL" in message and "s3cret-pw" not in message, message


def test_config__a_node_that_does_not_answer__named_without_its_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without HARVEST_DEPLOYMENT the service asks the node for its chain;
    when it does not answer, the one line quoted the whole URL, a hosted
    node's API key and password with it, into the operator's logs."""
    url = f"http://keeper:pw-123456@127.0.0.1:{free_port()}/v3/KEY-abcdef123456"
    env = {"HARVEST_RPC_URL": url, "HARVEST_RPC_TIMEOUT": "2", "HARVEST_DEPLOYMENTS_DIR": str(tmp_path)}
    for main in (service_main.main, index_main.main):
        message = _exit_line(monkeypatch, main, env)
        assert "does not answer" in message and "127.0.0.1" in message, message
        assert "KEY-abcdef123456" not in message and "pw-123456" not in message, message


def test_config__the_url_given_to_wallets_never_carries_the_private_urls_key() -> None:
    """Without HARVEST_PUBLIC_RPC_URL, /api/config handed every visitor
    HARVEST_RPC_URL for their wallet: a hosted node's URL with its API key
    (https://…/v3/KEY) or password. Rule: wallets get it only without a
    path, query or credentials; otherwise its scheme, host and port (set
    HARVEST_PUBLIC_RPC_URL for a URL wallets can use)."""
    from frontend.config import Config

    private = Config(rpc_url="https://keeper:pw-123456@node.example:8443/v3/KEY-abcdef123456")
    assert private.wallet_rpc_url == "https://node.example:8443"
    assert Config(rpc_url="http://127.0.0.1:8545").wallet_rpc_url == "http://127.0.0.1:8545"
    assert Config(rpc_url="http://127.0.0.1:8545/").wallet_rpc_url == "http://127.0.0.1:8545/"
    public = "https://rpc.example/public"
    assert private.with_(public_rpc_url=public).wallet_rpc_url == public


def test_config__the_indexer_alone__bad_deployment_or_database_is_one_line(
    monkeypatch: pytest.MonkeyPatch, settled: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.json"
    message = _exit_line(monkeypatch, index_main.main, {**settled, "HARVEST_DEPLOYMENT": str(missing)})
    assert str(missing) in message
    message = _exit_line(monkeypatch, index_main.main, {**settled, "HARVEST_DATABASE_URL": "nonsense"})
    assert "HARVEST_DATABASE_URL" in message


def test_config__python_m_frontend_with_a_bad_port__no_traceback(settled: dict[str, str]) -> None:
    """As an operator types it: the real process, its real output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARVEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "frontend"],
        cwd=ROOT,
        env={**env, **settled, "HARVEST_PORT": "99999"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert "HARVEST_PORT" in output.strip().splitlines()[-1], output


def test_health__never_shows_the_private_rpc_urls_key(chain: Stack, tmp_path: Path) -> None:
    """A hosted node's URL carries its API key (https://…/v3/KEY, or
    user:password@host); an operator keeps it private and gives wallets
    HARVEST_PUBLIC_RPC_URL. While the node failed, /api/health's
    `last_error` quoted the node's error, and with it the private URL,
    to anyone. Rule: the public answers never hold the private URL's path
    or credentials."""
    port = free_port()
    private = f"http://keeper:pw-123456@127.0.0.1:{port}/v3/KEY-abcdef123456"
    handle = start_service(
        private,
        chain.seeded.deployment_file,
        port=free_port(),
        database_url=f"sqlite:///{tmp_path / 'health.db'}",
        config=service_config(public_rpc_url="http://127.0.0.1:8545"),
    )
    try:
        health = wait_for(
            lambda: (h := get(handle, "/api/health").json()).get("last_error") and h,
            what="the node's failure in /api/health",
        )
        answers = json.dumps(health) + get(handle, "/api/config").text
        for secret in ("KEY-abcdef123456", "pw-123456", "keeper"):
            assert secret not in answers, answers
        assert health["status"] == "node_unreachable", health
    finally:
        handle.stop()


# -- the rate limit ------------------------------------------------------------------------------


def _statuses(limiter: middleware.RateLimit, clients: list[str]) -> list[int]:
    """The status of one POST from each client address, in order."""
    statuses: list[int] = []

    async def sent(message: Any) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    async def burst() -> None:
        for client in clients:
            await limiter({"type": "http", "method": "POST", "client": (client, 1)}, None, sent)  # type: ignore[arg-type]

    # in a thread of its own: the browser tests' Playwright keeps a loop running in this one
    worker = threading.Thread(target=lambda: asyncio.run(burst()))
    worker.start()
    worker.join()
    return statuses


def test_rate_limit__a_client_with_an_ipv6_prefix_is_one_client() -> None:
    """Attack: the limit counted each IPv6 address apart, and a client
    holds a whole /64 (2**64 addresses; every home line gets one): a new
    source address per request and the limit never bites. Rule: an IPv6
    client is its /64, and an IPv4-mapped address is its IPv4 address."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    limiter = middleware.RateLimit(app, count=3, window=60.0, clock=lambda: 1000.0)
    statuses = _statuses(limiter, [f"2001:db8:1:2::{i:x}" for i in range(1, 9)])
    assert statuses.count(429) == 5, statuses
    # another /64 is another client; 203.0.113.7 is one client however it is written
    assert _statuses(limiter, ["2001:db8:1:3::1"]) == [204]
    mapped = ["203.0.113.7", "::ffff:203.0.113.7", "::ffff:203.0.113.7", "203.0.113.7"]
    assert _statuses(limiter, mapped) == [204, 204, 204, 429]


# -- the offer book --------------------------------------------------------------------------------


def test_offer_book__offers_that_expire_at_once_count_against_the_makers_cap(
    chain: Stack, tmp_path: Path
) -> None:
    """Attack: the per-maker cap counted only offers still live, so a member
    signed offers that expire a minute later (no gas, no cost) and, once
    they had expired, posted the next ones: every row stays in the book for
    good, and the database grew at the rate limit of every address the
    member can send from. Rule: an offer that expired unfilled and
    uncancelled counts against its maker's cap for a day after it came."""
    w3 = chain.w3
    with running_service(chain, f"sqlite:///{tmp_path / 'spam.db'}", max_open_offers=2) as handle:
        now = int(w3.eth.get_block("latest")["timestamp"])
        short = [make_offer(chain, 2, nonce=500 + i, expiry=now + 30) for i in range(2)]
        for document in short:
            assert post(handle, "/api/offers", document).status_code == 201
        advance_time(w3, 60)
        for document in short:
            wait_for(
                lambda d=document: (
                    get(handle, f"/api/offers/{d['offer_hash']}").json()["status"] == "expired"
                ),
                what="the short offers to expire",
            )
        refused(post(handle, "/api/offers", make_offer(chain, 2, nonce=502)), "too_many_offers", 409)
        # another maker is not held back by them
        other = make_offer(
            chain, 1, maker=chain.seeded.founders[0], give_id=chain.seeded.batches["tomatoes"], nonce=500
        )
        assert post(handle, "/api/offers", other).status_code == 201


def test_writes__deeply_nested_json__a_json_refusal_not_a_500(chain: Stack, service: ServiceHandle) -> None:
    """A body of 20,000 nested arrays is 40 kB, under the size limit; the
    JSON parser gives up (Python's recursion limit) and FastAPI answered
    400 with the code `invalid_request`, which docs/web.md gives only to a
    missing or mistyped field (422). Rule: a body too deep to parse is
    `malformed_json` (400), like any body that is not JSON."""
    import requests

    body = "[" * 20_000 + "]" * 20_000
    for path in ("/api/offers", "/api/ballots", "/api/coops/Harvest%20Coop/transactions"):
        answer = requests.post(
            f"{service.url}{path}", data=body, headers={"Content-Type": "application/json"}, timeout=30
        )
        refused(answer, "malformed_json", 400)


def test_offer_book__an_offer_whose_approval_is_revoked_or_whose_maker_resigns__leaves_the_open_list(
    chain: Stack, service: ServiceHandle
) -> None:
    """An accepted offer checked again after each indexed block: approval
    revoked (`unapproved`, and back when approved again), the maker gone
    (`maker_left`); neither is listed as open."""
    seeded = chain.seeded
    maker = seeded.founders[4]  # anvil #5: holds credit, never approved the exchange
    credit, exchange = seeded.coop["CoopCredit"], seeded.coop["NutrientExchange"]
    transact(credit.functions.approve(exchange.address, 10**18), maker)
    document = make_offer(
        chain,
        5,
        give_token=credit.address,
        give_id=0,
        give_amount=10**18,
        want_token=seeded.coop["HarvestToken"].address,
        want_id=seeded.batches["potatoes"],
        want_amount=100,
        nonce=1,
    )
    assert post(service, "/api/offers", document).status_code == 201
    offer_hash = document["offer_hash"]

    def status_becomes(status: str) -> None:
        wait_for(lambda: get(service, f"/api/offers/{offer_hash}").json()["status"] == status, what=status)
        listed = [o["offer_hash"] for o in get(service, "/api/offers", maker=maker).json()["items"]]
        assert (offer_hash in listed) == (status == "open"), (status, listed)

    transact(credit.functions.approve(exchange.address, 0), maker)
    status_becomes("unapproved")
    transact(credit.functions.approve(exchange.address, 10**18), maker)
    status_becomes("open")
    transact(seeded.coop["Membership"].functions.resign(), maker)
    status_becomes("maker_left")


# -- the stream ----------------------------------------------------------------------------------


def test_stream__one_client_cannot_take_every_place(chain: Stack, tmp_path: Path) -> None:
    """Attack: /api/stream keeps at most HARVEST_MAX_STREAMS pages at once,
    but one client could open all of them (200 idle connections cost it
    nothing) and every other visitor's page got 503 and no live updates.
    Rule: one client (an IPv4 address or an IPv6 /64) holds at most
    HARVEST_MAX_STREAMS_PER_CLIENT of them."""
    import requests

    with running_service(
        chain, f"sqlite:///{tmp_path / 'streams.db'}", max_streams=5, max_streams_per_client=2
    ) as handle:
        opened = []
        try:
            for _ in range(2):
                response = requests.get(f"{handle.url}/api/stream", stream=True, timeout=20)
                assert response.status_code == 200, response.text
                lines = response.iter_lines(chunk_size=1)  # kept: a dropped iterator closes the connection
                next(lines)  # the stream has begun: its place is taken
                opened.append((response, lines))
            third = get(handle, "/api/stream")
            refused(third, "too_many_streams", 503)
            assert "HARVEST_MAX_STREAMS_PER_CLIENT" in third.json()["detail"]
        finally:
            for response, _ in opened:
                response.close()


# -- the vote relay --------------------------------------------------------------------------------


def test_relay__a_voter_whose_relayed_vote_reverted__can_use_the_relay_again(
    chain: Stack, service: ServiceHandle
) -> None:
    """A member's ballot was relayed, and in the same block the member voted
    by transaction from another tab (a higher tip: first in the block): the
    relayed vote reverted and used no nonce. The relay then refused every
    later ballot of that member in the co-op, on any proposal, until the
    service restarted ("on its way and not in a block yet": it was in a
    block). Rule: a relayed vote in a block no longer holds its voter back;
    the nonce and hasVoted checks decide."""
    w3, seeded = chain.w3, chain.seeded
    governor, membership = seeded.coop["CoopGovernor"], seeded.coop["Membership"]
    voter = seeded.founders[3]  # anvil #4
    pid = seeded.live_proposal
    w3.provider.make_request("evm_setAutomine", [False])  # type: ignore[arg-type]
    try:
        relayed = post(service, "/api/ballots", ballot(chain, 4, pid))
        assert relayed.status_code == 202, relayed.text
        direct = governor.functions.castVote(pid, VoteSupport.AGAINST).transact(
            {"from": voter, "gas": 300_000, "maxPriorityFeePerGas": 10**11, "maxFeePerGas": 10**12}
        )
        w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]
    finally:
        w3.provider.make_request("evm_setAutomine", [True])  # type: ignore[arg-type]
    assert w3.eth.get_transaction_receipt(direct)["status"] == 1
    assert w3.eth.get_transaction_receipt(relayed.json()["tx_hash"])["status"] == 0
    # a second proposal, open for voting
    calldata = membership.encode_abi("set_max_proxies", args=[1])
    description = with_proposer("Fewer proxies", seeded.founders[0])
    transact(
        governor.functions.propose([membership.address], [0], [calldata], description), seeded.founders[0]
    )
    second = int(
        governor.functions.hashProposal(
            [membership.address], [0], [bytes.fromhex(calldata[2:])], Web3.keccak(text=description)
        ).call()
    )
    advance_time(w3, 61)
    again = post(service, "/api/ballots", ballot(chain, 4, second))
    assert again.status_code == 202, again.text
    assert w3.eth.wait_for_transaction_receipt(again.json()["tx_hash"])["status"] == 1
    assert governor.functions.hasVoted(second, voter).call()


def test_relay__a_relayer_out_of_funds_says_so(chain: Stack, service: ServiceHandle) -> None:
    """The relayer's account ran dry (griefing, or nobody topped it up):
    every ballot was refused as a vote that "needs more than 500,000 gas,
    vote by transaction", which sends members to look for a fault in their
    wallet, and the operator never learns the relay is empty. Rule: 503
    `relay_disabled` saying the relayer cannot pay, and no key in it."""
    w3 = chain.w3
    relayer = get(service, "/api/config").json()["relayer"]
    balance = w3.eth.get_balance(relayer)
    w3.provider.make_request("anvil_setBalance", [relayer, "0x0"])  # type: ignore[arg-type]
    try:
        answer = post(service, "/api/ballots", ballot(chain, 3, chain.seeded.live_proposal))
    finally:
        w3.provider.make_request("anvil_setBalance", [relayer, hex(balance)])  # type: ignore[arg-type]
    refused(answer, "relay_disabled", 503)
    assert relayer in answer.json()["detail"] and "fund" in answer.json()["detail"], answer.text
    assert RELAYER_KEY[2:] not in answer.text.lower()
    again = post(service, "/api/ballots", ballot(chain, 3, chain.seeded.live_proposal))
    assert again.status_code == 202, again.text


# -- last: a second co-op federated by both governances (moves the clock by days) -------------------


@pytest.fixture(scope="module")
def riverside(chain: Stack) -> dict[str, Any]:
    """A second co-op (anvil #6, #8 and #0 found it), made through the
    factory but not in the service's deployment file, federated with
    Harvest Coop by both governances."""
    w3, seeded = chain.w3, chain.seeded
    accounts, founders = [str(a) for a in w3.eth.accounts], seeded.founders
    riverside_founders = [accounts[6], accounts[8], accounts[0]]
    riverside, _ = create_coop(seeded.stack, accounts[0], params("Riverside Coop", riverside_founders))
    here = [founders[2], founders[3], founders[0]]  # founders[1] has a proposal open
    pass_call(
        w3, seeded.coop, here, seeded.coop["Federation"], "propose_federation",
        riverside["Federation"].address, say=lambda _: None,
    )  # fmt: skip
    pass_call(
        w3, riverside, riverside_founders, riverside["Federation"], "accept_federation",
        seeded.coop["Federation"].address, say=lambda _: None,
    )  # fmt: skip
    return riverside


def test_offer_book__an_offer_of_a_federated_co_ops_member__stays_open(
    chain: Stack, service: ServiceHandle, riverside: dict[str, Any]
) -> None:
    """The book accepts an offer from a member of a federated co-op (the
    exchange takes it: `is_network_member`), but the index's statuses knew
    only this co-op's members: at the next indexed block the offer turned
    `maker_left` and left the open list while it could still be filled.
    Rule: a maker who is an active member of a co-op federated with this
    one (and not expelled here) has not left."""
    w3, seeded = chain.w3, chain.seeded
    accounts, founders = [str(a) for a in w3.eth.accounts], seeded.founders
    harvest, credit = seeded.coop["HarvestToken"], seeded.coop["CoopCredit"]
    exchange = seeded.coop["NutrientExchange"]
    cook = accounts[6]  # an outsider of Harvest Coop, a founder of Riverside Coop
    assert seeded.coop["Membership"].functions.is_network_member(cook).call()
    transact(credit.functions.transfer(cook, 10**18), founders[0])
    transact(credit.functions.approve(exchange.address, MAX_UINT256), cook)
    document = make_offer(
        chain,
        6,
        give_token=credit.address,
        give_id=0,
        give_amount=10**18,
        want_token=harvest.address,
        want_id=seeded.batches["potatoes"],
        want_amount=100,
        nonce=1,
    )
    posted = post(service, "/api/offers", document)
    assert posted.status_code == 201, posted.text
    advance_time(w3, 1)  # a block: the book's statuses are recomputed
    caught_up(service, w3)
    assert get(service, f"/api/offers/{document['offer_hash']}").json()["status"] == "open"
    assert document["offer_hash"] in [o["offer_hash"] for o in get(service, "/api/offers").json()["items"]]


def test_relay__pays_only_for_votes_in_the_coops_of_its_deployment_file(
    chain: Stack, service: ServiceHandle, riverside: dict[str, Any]
) -> None:
    """Attack: anyone can make a co-op through the factory (the registry
    lists it, the service indexes it) with up to 64 founders of their own,
    each with a proposal open, and have the relay pay for every founder's
    vote on every one: 64 x 64 votes a voting period at ~60,000 gas each for
    64 proposals of the attacker's, until the relayer is empty. Rule: the
    relayer pays only for votes in the co-ops of the service's deployment
    file (its operator's); elsewhere `relay_disabled`, nothing spent."""
    w3 = chain.w3
    accounts = [str(a) for a in w3.eth.accounts]
    governor, membership = riverside["CoopGovernor"], riverside["Membership"]
    calldata = membership.encode_abi("set_max_proxies", args=[1])
    description = with_proposer("Fewer proxies in Riverside", accounts[8])
    transact(governor.functions.propose([membership.address], [0], [calldata], description), accounts[8])
    pid = int(
        governor.functions.hashProposal(
            [membership.address], [0], [bytes.fromhex(calldata[2:])], Web3.keccak(text=description)
        ).call()
    )
    advance_time(w3, 61)
    caught_up(service, w3)
    voter = accounts[6]
    typed = ballot_typed_data(
        governor.functions.name().call(),
        w3.eth.chain_id,
        governor.address,
        pid,
        VoteSupport.FOR,
        voter,
        int(governor.functions.nonces(voter).call()),
    )
    body = {
        "coop": "Riverside Coop",
        "proposal_id": str(pid),
        "support": VoteSupport.FOR,
        "voter": voter,
        "signature": "0x" + sign_typed_data(typed, anvil_key(6)).hex(),
    }
    relayer = get(service, "/api/config").json()["relayer"]
    balance = w3.eth.get_balance(relayer)
    refused(post(service, "/api/ballots", body), "relay_disabled", 503)
    assert w3.eth.get_balance(relayer) == balance
    assert not governor.functions.hasVoted(pid, voter).call()
    # and the page is told which co-ops' votes are relayed, so it offers no gasless vote elsewhere
    assert get(service, "/api/config").json()["relay_coops"] == ["Harvest Coop"]
